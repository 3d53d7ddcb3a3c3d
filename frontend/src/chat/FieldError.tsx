/** A field's error under it: always in the page (hidden when empty) so screen readers announce it when it appears. */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return (
    <small id={id} class="field-error" aria-live="polite" hidden={!text}>
      {text ?? ''}
    </small>
  );
}
