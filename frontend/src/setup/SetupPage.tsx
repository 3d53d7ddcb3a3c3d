import { useRef } from 'preact/hooks';
import { t } from '../i18n';
import type { SetupField, SetupStore } from './store';

function Field(props: {
  store: SetupStore;
  field: SetupField;
  label: string;
  help?: string;
  type?: 'text' | 'tel';
  autocomplete?: string;
  placeholder?: string;
  inputRef?: (element: HTMLInputElement | null) => void;
}) {
  const { store, field } = props;
  const error = store.errors.value[field];
  const describedBy = [props.help ? `${field}-help` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <label>
      {props.label}
      <input
        ref={props.inputRef}
        id={field}
        name={field}
        type={(props.type ?? 'text') as 'text'} // one branch of Preact's input-type union; both are plain text inputs
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        maxLength={field === 'businessNumber' ? undefined : 80}
        required
        value={store.values.value[field]}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(event) => store.setValue(field, (event.currentTarget as HTMLInputElement).value)}
        onChange={field === 'businessNumber' ? () => store.normalizeNumber() : undefined}
      />
      {props.help && (
        <small id={`${field}-help`} class="muted">
          {props.help}
        </small>
      )}
      {error && (
        <small id={`${field}-error`} class="field-error" aria-live="polite">
          {error}
        </small>
      )}
    </label>
  );
}

/** Paste the setup link here when this tab was opened without it (or with a wrong one). */
function PasteLink({ store }: { store: SetupStore }) {
  return (
    <form
      class="form"
      id="paste-form"
      novalidate
      onSubmit={(event) => {
        event.preventDefault();
        const input = (event.currentTarget as HTMLFormElement).elements.namedItem('setup-link') as HTMLInputElement;
        void store.pasteLink(input.value);
      }}
    >
      <label>
        {t('setup:paste.label')}
        <input id="setup-link" name="setup-link" data-testid="setup-link" autocomplete="off" spellcheck={false} placeholder="http://…/setup#token=…" />
      </label>
      <button type="submit" id="paste-submit" data-testid="paste-submit">
        {t('setup:paste.submit')}
      </button>
    </form>
  );
}

export function SetupPage({ store }: { store: SetupStore }) {
  const inputs = useRef<Partial<Record<SetupField, HTMLInputElement | null>>>({});
  const phase = store.phase.value;
  const blocked = phase === 'no-token' || phase === 'already-set-up' || phase === 'old-keys';
  const problem =
    store.formError.value ??
    (phase === 'no-token'
      ? t('setup:noToken')
      : phase === 'already-set-up'
        ? t('setup:alreadySetUp', { number: store.accountNumber.value ?? '' })
        : phase === 'old-keys'
          ? t('setup:oldKeys', { account: store.oldAccount.value ?? '' })
          : null);

  return (
    <section class="card" data-testid="setup" data-phase={phase}>
      <h1>{t('setup:title')}</h1>
      <p class="muted">{t('setup:intro')}</p>
      {(phase === 'no-token' || store.formError.value) && phase !== 'already-set-up' && <PasteLink store={store} />}
      <form
        id="setup-form"
        class="form"
        novalidate
        onSubmit={async (event) => {
          event.preventDefault();
          const invalid = await store.submit();
          if (invalid) inputs.current[invalid]?.focus();
        }}
      >
        <Field
          store={store}
          field="businessNumber"
          type="tel"
          autocomplete="tel"
          placeholder="+4915112345678"
          label={t('setup:number.label')}
          help={t('setup:number.help')}
          inputRef={(element) => (inputs.current.businessNumber = element)}
        />
        <Field
          store={store}
          field="displayName"
          placeholder="Acme Support"
          label={t('setup:displayName.label')}
          inputRef={(element) => (inputs.current.displayName = element)}
        />
        <Field
          store={store}
          field="person"
          autocomplete="name"
          placeholder="Ana Lima"
          label={t('setup:person.label')}
          inputRef={(element) => (inputs.current.person = element)}
        />
        <p class="error" id="form-error" role="alert" hidden={!problem}>
          {problem}
          {phase === 'already-set-up' && (
            <>
              {' '}
              <a href="/">{t('setup:openStart')}</a>
            </>
          )}
          {phase === 'old-keys' && (
            <>
              {' '}
              <button type="button" id="forget-identity" onClick={() => void store.forgetOldKeys()}>
                {t('setup:forget')}
              </button>
            </>
          )}
        </p>
        <button type="submit" id="setup-submit" class="primary" disabled={blocked || phase === 'checking' || phase === 'creating' || phase === 'done'}>
          {phase === 'creating' ? t('setup:creating') : phase === 'done' ? t('setup:done') : t('setup:submit')}
        </button>
      </form>
    </section>
  );
}
