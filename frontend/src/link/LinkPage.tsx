import QRCode from 'qrcode';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { formatCountdown } from '../lib/ui';
import type { LinkStore, Method } from './store';

function StartForm({ store }: { store: LinkStore }) {
  const personRef = useRef<HTMLInputElement>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  useEffect(() => personRef.current?.focus(), []);
  const errors = store.errors.value;
  const busy = store.phase.value === 'starting';
  const business = store.businessName.value;
  return (
    <section class="card" id="link-start">
      <h1>{store.text('title')}</h1>
      <p class="muted">{business ? store.text('intro.named', { business }) : store.text('intro')}</p>
      <form
        id="link-form"
        class="form"
        novalidate
        onSubmit={async (event) => {
          event.preventDefault();
          const invalid = await store.submit();
          if (invalid === 'person') personRef.current?.focus();
          if (invalid === 'account') accountRef.current?.focus();
        }}
      >
        <label>
          {store.text('person.label')}
          <input
            ref={personRef}
            name="person"
            id="person"
            maxLength={80}
            required
            autocomplete="name"
            placeholder="Bruno Costa"
            value={store.person.value}
            aria-invalid={errors.person ? 'true' : undefined}
            aria-describedby={errors.person ? 'person-error' : undefined}
            onInput={(event) => store.setPerson((event.currentTarget as HTMLInputElement).value)}
          />
          {errors.person && (
            <small id="person-error" class="field-error" aria-live="polite">
              {errors.person}
            </small>
          )}
        </label>
        <fieldset class="choice">
          <legend>{store.text('method.legend')}</legend>
          {(['qr', 'code'] as Method[]).map((value) => (
            <label key={value}>
              <input type="radio" name="method" value={value} checked={store.method.value === value} onChange={() => store.setMethod(value)} />{' '}
              {store.text(`method.${value}`)}
            </label>
          ))}
        </fieldset>
        <label id="number-field" hidden={store.method.value !== 'code' && store.owner === 'business'}>
          {store.text('account.label')}
          <input
            ref={accountRef}
            name="account"
            id="account"
            type="tel"
            placeholder="+4915112345678"
            required={store.method.value === 'code' || store.owner === 'customer'}
            value={store.accountNumber.value}
            aria-invalid={errors.account ? 'true' : undefined}
            aria-describedby={errors.account ? 'account-error' : undefined}
            onInput={(event) => store.setAccount((event.currentTarget as HTMLInputElement).value)}
            onChange={() => store.normalizeAccount()}
          />
          {errors.account && (
            <small id="account-error" class="field-error" aria-live="polite">
              {errors.account}
            </small>
          )}
        </label>
        <p class="error" id="form-error" role="alert" hidden={!store.formError.value} data-code={store.formErrorCode.value ?? undefined}>
          {store.formError.value}
        </p>
        <button type="submit" id="link-submit" class="primary" disabled={busy || store.phase.value === 'loading'}>
          {busy ? (store.method.value === 'code' ? store.text('creatingCode') : store.text('creating')) : store.text('continue')}
        </button>
      </form>
    </section>
  );
}

function QrCanvas({ text }: { text: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void QRCode.toCanvas(canvas.current, text, { width: 264, margin: 2, errorCorrectionLevel: 'M' });
  }, [text]);
  return <canvas id="qr" ref={canvas} aria-label={t('link:qr.label')} />;
}

function statusText(store: LinkStore): string {
  if (store.phase.value === 'finishing') return store.text('finishing');
  if (store.connectionProblem.value) return store.connectionProblem.value;
  return store.text(`step.${store.step.value}`);
}

function Waiting({ store }: { store: LinkStore }) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const phase = store.phase.value;
  const failure = store.failure.value;
  const left = store.secondsLeft.value;
  const percent = Math.round(store.fraction.value * 100);
  const waiting = phase === 'waiting';
  return (
    <section class="card" id="link-wait" data-testid="link-wait" data-phase={phase} data-step={store.step.value}>
      <h1 id="wait-title" tabIndex={-1} ref={title}>
        {failure ? failure.title : phase === 'finishing' ? store.text('finishingTitle') : phase === 'linked' ? store.text('linked') : store.text('waitingTitle')}
      </h1>
      {waiting && store.qrText.value && (
        <div id="qr-box">
          <p>{store.text('qr.howTo')}</p>
          <QrCanvas text={store.qrText.value} />
          <details>
            <summary>{store.text('qr.copy')}</summary>
            <textarea id="qr-text" readOnly rows={3} value={store.qrText.value} />
          </details>
        </div>
      )}
      {waiting && store.pairingCode.value && (
        <div id="code-box">
          <p>{store.text('code.howTo')}</p>
          <p class="pairing-code" id="pairing-code" aria-live="polite">
            {store.pairingCode.value}
          </p>
        </div>
      )}
      {waiting && store.fingerprint.value && (
        <div id="own-fingerprint-box">
          <p>{store.text('fingerprint')}</p>
          <p class="fingerprint fingerprint-large" id="own-fingerprint" data-testid="own-fingerprint">
            {store.fingerprint.value}
          </p>
        </div>
      )}
      {!failure && (
        <p class={store.step.value === 'code-mismatch' && waiting ? 'notice' : 'muted'} id="wait-status" data-testid="wait-status" aria-live="polite">
          {statusText(store)}
        </p>
      )}
      {left !== null && (
        <p id="wait-countdown" data-testid="wait-countdown" class="muted" aria-live="off">
          {left > 0 ? store.text('expiresIn', { time: formatCountdown(left) }) : store.text('expiredShort')}
        </p>
      )}
      {!failure && (
        <div
          class="progress"
          role="progressbar"
          aria-label={store.text('timeLeft')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={left !== null ? formatCountdown(left) : undefined}
        >
          <div id="wait-progress" style={{ width: `${phase === 'linked' ? 100 : percent}%` }} />
        </div>
      )}
      <p class="error" id="wait-error" data-testid="wait-error" role="alert" hidden={!failure}>
        {failure?.text}
      </p>
      {failure && (
        <button type="button" id="link-restart" onClick={() => store.startAgain()}>
          {store.text('startAgain')}
        </button>
      )}
    </section>
  );
}

export function LinkPage({ store }: { store: LinkStore }) {
  const phase = store.phase.value;
  return phase === 'form' || phase === 'starting' || phase === 'loading' ? <StartForm store={store} /> : <Waiting store={store} />;
}
