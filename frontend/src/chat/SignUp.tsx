import { useEffect, useRef } from 'preact/hooks';
import { translator } from '../i18n';
import type { ChatStore } from './store';
import { FieldError } from './FieldError';

const tr = translator('chat');

/** Verify a phone number once: this browser becomes the primary device of the customer's own list. */
export function SignUp({ store }: { store: ChatStore }) {
  const step = store.signupStep.value;
  const error = store.signupError.value;
  const name = store.businessName.value;
  return (
    <section class="card chat-signup" id="chat-signup">
      <h1>{tr('signup.title', { name })}</h1>
      <p class="muted">{tr('signup.intro', { name })}</p>
      {step === 'start' ? <StartForm store={store} /> : <CodeForm store={store} />}
      <p id="chat-error" data-testid="chat-error" class="error" role="alert" hidden={!error} data-code={error?.code ?? undefined}>
        {error?.text ?? ''}
      </p>
      <div class="chat-link-instead">
        <p class="muted">{tr('signup.already', { name })}</p>
        <button
          type="button"
          id="chat-link-instead"
          data-testid="chat-link-instead"
          class={error?.code === 'customer_exists' ? 'primary' : undefined}
          onClick={() => store.startLinking((document.getElementById('chat-phone') as HTMLInputElement | null)?.value ?? '')}
        >
          {tr('signup.linkInstead')}
        </button>
      </div>
    </section>
  );
}

function StartForm({ store }: { store: ChatStore }) {
  const phone = useRef<HTMLInputElement>(null);
  const person = useRef<HTMLInputElement>(null);
  const errors = store.fieldErrors.value;
  const busy = store.signupBusy.value === 'start';
  useEffect(() => phone.current?.focus(), []);
  useEffect(() => {
    if (errors.phone) phone.current?.focus();
    else if (errors.name) person.current?.focus();
  }, [errors]);
  return (
    <form
      class="form"
      id="chat-start-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void store.submitPhone(phone.current!.value, person.current!.value);
      }}
    >
      <label for="chat-phone">{tr('signup.phone')}</label>
      <input
        id="chat-phone"
        data-testid="chat-phone"
        name="phone"
        type="tel"
        autoComplete="tel"
        placeholder="+4915112345678"
        required
        ref={phone}
        defaultValue={store.pending.value?.phone ?? ''}
        aria-invalid={errors.phone ? true : undefined}
        aria-describedby={errors.phone ? 'chat-phone-help chat-phone-error' : 'chat-phone-help'}
      />
      <FieldError id="chat-phone-error" text={errors.phone} />
      <small id="chat-phone-help" class="muted">
        {tr('signup.phoneHelp')}
      </small>
      <label for="chat-name">{tr('signup.name')}</label>
      <input
        id="chat-name"
        data-testid="chat-name"
        name="name"
        autoComplete="name"
        maxLength={80}
        required
        placeholder={tr('signup.namePlaceholder')}
        ref={person}
        aria-invalid={errors.name ? true : undefined}
        aria-describedby={errors.name ? 'chat-name-error' : undefined}
      />
      <FieldError id="chat-name-error" text={errors.name} />
      <button type="submit" id="chat-start" data-testid="chat-start" class="primary" disabled={busy}>
        {tr('signup.sendCode')}
      </button>
    </form>
  );
}

function CodeForm({ store }: { store: ChatStore }) {
  const code = useRef<HTMLInputElement>(null);
  const busy = store.signupBusy.value;
  const error = store.fieldErrors.value.code;
  useEffect(() => code.current?.focus(), []);
  return (
    <form
      class="form"
      id="chat-code-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void store.submitCode(code.current!.value);
      }}
    >
      <p id="chat-code-sent" data-testid="chat-code-sent">
        {tr('signup.codeSentBefore')} <strong>{store.pending.value?.phone}</strong>
        {tr('signup.codeSentAfter')}
      </p>
      <label for="chat-code">{tr('signup.code')}</label>
      <input
        id="chat-code"
        data-testid="chat-code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        class="code-input"
        placeholder="123456"
        ref={code}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'chat-code-error' : undefined}
      />
      <FieldError id="chat-code-error" text={error} />
      <div class="row">
        <button type="submit" id="chat-verify" data-testid="chat-verify" class="primary" disabled={busy !== null}>
          {busy === 'keys' ? tr('signup.creatingKeys') : busy === 'done' ? tr('signup.done') : tr('signup.verify')}
        </button>
        <button type="button" id="chat-other-number" class="link-button" onClick={() => store.useAnotherNumber()}>
          {tr('signup.otherNumber')}
        </button>
      </div>
    </form>
  );
}
