import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import type { Section, SettingsStore } from './store';

/** The message under a field, tied to it by id (`<field id>-error`) for aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <small id={`${id}-error`} class="field-error" aria-live="polite">
      {message}
    </small>
  );
}

/** aria attributes of a field with an optional error and help text. */
export function fieldAria(id: string, error: string | null | undefined, help?: string) {
  const describedBy = [help, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/**
 * One settings card. Only a shown error box carries the test id, so a page with several sections still has
 * exactly one `settings-error` to look at after a refused save.
 */
export function SectionCard({ store, id, title, intro, children }: { store: SettingsStore; id: Section; title: string; intro: string; children: ComponentChildren }) {
  const error = store.errors.value[id];
  return (
    <section class="card settings-section" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p class="muted small">{intro}</p>
      <p class="error" id={`${id}-error`} role="alert" hidden={!error} data-testid={error ? 'settings-error' : undefined}>
        {error}
      </p>
      <div id={`${id}-body`}>{store.loaded.value[id] ? children : !error && <p class="muted">{t('common:loading')}</p>}</div>
      <p class="settings-status small" id={`${id}-status`} role="status" aria-live="polite">
        {store.saved.value[id]}
      </p>
    </section>
  );
}
