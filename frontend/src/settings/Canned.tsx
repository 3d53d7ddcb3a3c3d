import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { cannedCounter, type CannedField } from '../lib/settingsLogic';
import { confirmDialog } from '../lib/ui';
import { fieldAria, FieldError, SectionCard } from './parts';
import type { SettingsStore } from './store';

function CannedForm({ store }: { store: SettingsStore }) {
  const editing = store.cannedEditing.value;
  const shortcutInput = useRef<HTMLInputElement>(null);
  const textInput = useRef<HTMLTextAreaElement>(null);
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');
  const [fields, setFields] = useState<Partial<Record<CannedField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Editing another reply (or none) fills the form from it.
  useEffect(() => {
    const reply = store.canned.value.find((candidate) => candidate.shortcut === editing);
    setShortcut(reply?.shortcut ?? '');
    setText(reply?.text ?? '');
    setFields({});
    setError(null);
    if (editing) textInput.current?.focus();
  }, [editing]);
  const counter = cannedCounter(text);
  const stopEditing = () => {
    store.editCanned(null);
    shortcutInput.current?.focus();
  };
  return (
    <form
      class="form wide settings-form"
      id="canned-form"
      data-testid="canned-form"
      novalidate
      aria-labelledby="canned-form-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && editing !== null) {
          event.preventDefault();
          stopEditing();
        }
      }}
      onSubmit={async (event) => {
        event.preventDefault();
        setError(null);
        setBusy(true);
        const result = await store.saveCanned({ shortcut, text });
        setBusy(false);
        if (!result) {
          setShortcut('');
          setText('');
          setFields({});
          shortcutInput.current?.focus();
          return;
        }
        setFields(result.fields);
        setError(result.error);
        (result.fields.shortcut || !result.fields.text ? shortcutInput : textInput).current?.focus();
      }}
    >
      <h3 id="canned-form-title" tabIndex={-1}>
        {editing ? t('settings:canned.editTitle', { shortcut: editing }) : t('settings:canned.addTitle')}
      </h3>
      <label for="canned-shortcut">
        {t('settings:canned.shortcut')}
        <span class="settings-shortcut">
          <span aria-hidden="true">/</span>
          <input
            ref={shortcutInput}
            id="canned-shortcut"
            data-testid="canned-shortcut"
            name="shortcut"
            autocomplete="off"
            spellcheck={false}
            maxLength={40}
            placeholder="greeting"
            value={shortcut}
            {...fieldAria('canned-shortcut', fields.shortcut, 'canned-shortcut-help')}
            onInput={(event) => setShortcut((event.currentTarget as HTMLInputElement).value)}
          />
        </span>
        <small id="canned-shortcut-help" class="muted">
          {t('settings:canned.shortcutHelp')}
        </small>
        <FieldError id="canned-shortcut" message={fields.shortcut} />
      </label>
      <label for="canned-text">
        {t('settings:canned.text')}
        <textarea
          ref={textInput}
          id="canned-text"
          data-testid="canned-text"
          name="text"
          rows={4}
          class="settings-textarea"
          value={text}
          {...fieldAria('canned-text', fields.text, 'canned-counter')}
          onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <small id="canned-counter" class={counter.over ? 'field-error' : 'muted'}>
          {counter.text}
        </small>
        <FieldError id="canned-text" message={fields.text} />
      </label>
      <div class="row">
        <button type="submit" class="primary" id="canned-save" data-testid="canned-save" disabled={busy}>
          {busy ? t('common:saving') : editing ? t('settings:canned.save') : t('settings:canned.add')}
        </button>
        <button type="button" id="canned-cancel" hidden={!editing} onClick={stopEditing}>
          {t('settings:canned.cancelEdit')}
        </button>
      </div>
      <p class="error" id="canned-form-error" role="alert" hidden={!error} data-testid={error ? 'settings-error' : undefined}>
        {error}
      </p>
    </form>
  );
}

export function CannedSection({ store }: { store: SettingsStore }) {
  const admin = store.admin.value;
  const replies = store.canned.value;
  return (
    <SectionCard store={store} id="canned" title={t('settings:canned.title')} intro={t('settings:canned.intro')}>
      {replies.length > 0 ? (
        <ul class="settings-list" id="canned-list">
          {replies.map((reply) => (
            <li key={reply.shortcut} class="settings-row" data-testid="canned-row" data-shortcut={reply.shortcut}>
              <div class="settings-row-main">
                <code class="canned-shortcut">/{reply.shortcut}</code>
                <p class="canned-text small">{reply.text}</p>
              </div>
              {admin && (
                <div class="row">
                  <button type="button" data-testid="canned-edit" aria-label={t('settings:canned.editAria', { shortcut: reply.shortcut })} onClick={() => store.editCanned(reply.shortcut)}>
                    {t('settings:edit')}
                  </button>
                  <button
                    type="button"
                    class="danger"
                    data-testid="canned-delete"
                    aria-label={t('settings:canned.deleteAria', { shortcut: reply.shortcut })}
                    onClick={async () => {
                      if (await confirmDialog(t('settings:canned.deleteTitle', { shortcut: reply.shortcut }), t('settings:canned.deleteText'), t('settings:canned.deleteButton'))) {
                        await store.deleteCanned(reply);
                      }
                    }}
                  >
                    {t('settings:delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty" data-testid="canned-empty">
          {admin ? t('settings:canned.emptyAdmin') : t('settings:canned.empty')}
        </p>
      )}
      {admin && <CannedForm store={store} />}
    </SectionCard>
  );
}
