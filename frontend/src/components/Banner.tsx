import { translator } from '../i18n';

const tr = translator('components');

/** An error line for the page or a panel; nothing when there is no message. */
export function ErrorBanner({ message, id, testId }: { message: string | null; id: string; testId: string }) {
  return (
    <div id={id} class="error" role="alert" hidden={!message} data-testid={testId}>
      {message ?? ''}
    </div>
  );
}

export type ConnectionView = 'connected' | 'connecting' | 'reconnecting' | 'stalled';

/**
 * What the page says about its connection: "Reconnecting…" while the server is merely away (messages
 * wait in the outbox), and "some messages could not be loaded yet" only when messages really failed.
 */
export function ConnectionBanner({ state, detail }: { state: ConnectionView; detail?: string | null }) {
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <div class={`connection-banner ${state}`} role="status" data-testid="connection-banner" data-state={state}>
      {state === 'reconnecting' ? tr('connection.reconnecting') : tr('connection.stalled', { reason: detail ?? '' })}
    </div>
  );
}

/** The quiet text in an empty list or panel. */
export function EmptyState({ text, id, testId }: { text: string; id?: string; testId?: string }) {
  return (
    <p id={id} class="empty" data-testid={testId}>
      {text}
    </p>
  );
}
