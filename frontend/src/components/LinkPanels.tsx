import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';
import { ASSIGNABLE_ROLES, isAssignableRole } from '../lib/roles';
import type { CompanionRole } from '../protocol';
import { RelativeTime } from './RelativeTime';
import type { LinkPanelsModel } from '../lib/linkApproval';

/**
 * Panels for the primary linking a new device: by QR text, by pairing code, and the approval. The business's
 * devices page and the customer's chat page both show them.
 */

function useFocusOnOpen(ref: { current: HTMLElement | null }) {
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, []);
}

/** The camera scanner: runs while `active`, calls `found` with the first Switchboard link code it sees. */
function useScanner(video: { current: HTMLVideoElement | null }, active: boolean, found: (text: string) => void, failed: (text: string) => void, stopped: () => void) {
  useEffect(() => {
    if (!active || !video.current) return;
    let stop = false;
    let stream: MediaStream | null = null;
    const element = video.current;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (failure) {
        const name = failure instanceof DOMException ? failure.name : '';
        failed(name === 'NotAllowedError' ? t('devices:scan.denied') : name === 'NotFoundError' ? t('devices:scan.noCamera') : t('devices:scan.failed', { error: errorMessage(failure) }));
        stopped();
        return;
      }
      if (stop) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const { default: jsQR } = await import('jsqr');
      element.srcObject = stream;
      try {
        await element.play();
      } catch {
        // autoplay refusal: frames still arrive once the element is visible
      }
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d', { willReadFrequently: true });
      const tick = () => {
        if (stop) return;
        if (context && element.readyState >= element.HAVE_ENOUGH_DATA && element.videoWidth > 0) {
          const scale = Math.min(1, 640 / element.videoWidth);
          canvas.width = Math.round(element.videoWidth * scale);
          canvas.height = Math.round(element.videoHeight * scale);
          context.drawImage(element, 0, 0, canvas.width, canvas.height);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
          if (code && code.data.startsWith('SWB1:')) {
            stopped();
            found(code.data);
            return;
          }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })();
    return () => {
      stop = true;
      if (stream) for (const track of stream.getTracks()) track.stop();
      element.srcObject = null;
    };
  }, [active]);
}

export function QrPanel({ store }: { store: LinkPanelsModel }) {
  const input = useRef<HTMLTextAreaElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  useFocusOnOpen(input);
  const canScan = typeof navigator.mediaDevices?.getUserMedia === 'function';
  const use = async (text: string) => {
    setError(null);
    setBusy(true);
    const problem = await store.useQrText(text);
    setBusy(false);
    setError(problem);
  };
  useScanner(video, scanning, (text) => {
    if (input.current) input.current.value = text;
    void use(text);
  }, setError, () => setScanning(false));
  return (
    <section class="card panel" id="link-panel" data-testid="link-panel" aria-labelledby="link-panel-title">
      <h2 id="link-panel-title">{t('devices:qr.title')}</h2>
      <p class="muted">{t('devices:qr.intro')}</p>
      <div class="row">
        <button type="button" id="scan-button" data-testid="scan-button" hidden={!canScan} onClick={() => setScanning(!scanning)}>
          {scanning ? t('devices:scan.stop') : t('devices:scan.start')}
        </button>
      </div>
      <video id="scanner-video" class="scanner" ref={video} playsInline muted hidden={!scanning} aria-label={t('devices:scan.preview')} />
      <form
        class="form wide"
        id="qr-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void use(input.current?.value ?? '');
        }}
      >
        <label for="qr-input">{t('devices:qr.label')}</label>
        <textarea id="qr-input" data-testid="qr-input" ref={input} rows={3} spellcheck={false} autocomplete="off" placeholder="SWB1:…" aria-describedby="qr-input-help" />
        <small id="qr-input-help" class="muted">
          {t('devices:qr.help')}
        </small>
        <p class="error" id="link-error" role="alert" data-testid="link-error" hidden={!error}>
          {error}
        </p>
        <div class="row">
          <button type="submit" class="primary" id="qr-submit" data-testid="qr-submit" disabled={busy}>
            {t('devices:qr.continue')}
          </button>
          <button type="button" id="link-cancel" onClick={() => store.closePanels()}>
            {t('common:cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PendingRequests({ store }: { store: LinkPanelsModel }) {
  const requests = store.pending.value;
  if (store.pendingError.value) {
    return (
      <p class="error" role="alert">
        {store.pendingError.value}
      </p>
    );
  }
  if (requests === null) return <p class="muted">{t('devices:code.looking')}</p>;
  if (requests.length === 0) {
    return (
      <p class="empty" id="no-pending" data-testid="no-pending">
        {t('devices:code.nonePending')}
      </p>
    );
  }
  const now = store.now.value;
  return (
    <fieldset class="choice">
      <legend>{requests.length === 1 ? t('devices:code.oneWaiting') : t('devices:code.whichBrowser')}</legend>
      {requests.map((request) => {
        const left = request.maxPakeAttempts - request.pakeAttempts;
        return (
          <label key={request.ref} class="pending-request" data-testid="pending-request" data-ref={request.ref} for={`request-${request.ref}`}>
            <input
              type="radio"
              name="code-request"
              value={request.ref}
              id={`request-${request.ref}`}
              checked={request.ref === store.selectedRef.value}
              onChange={() => (store.selectedRef.value = request.ref)}
            />
            <span>
              <strong>{request.person}</strong> · {request.label}
              {request.browser && request.browser !== request.label ? ` (${request.browser})` : ''}
              <span class="muted">
                {' · '}
                {t('devices:code.asked')} <RelativeTime at={request.createdAt} now={now} /> · {t('devices:code.triesLeft', { count: left })}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

export function CodePanel({ store }: { store: LinkPanelsModel }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<{ error: string; wrongCode?: boolean; field?: boolean } | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  useFocusOnOpen(input);
  return (
    <section class="card panel" id="code-panel" data-testid="code-panel" aria-labelledby="code-panel-title">
      <h2 id="code-panel-title">{t('devices:code.title')}</h2>
      <p class="muted">{t('devices:code.intro')}</p>
      <form
        class="form"
        id="code-form"
        novalidate
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          setBusy(true);
          const result = await store.checkCode(input.current?.value ?? '', setStatus);
          setBusy(false);
          setError(result);
          if (result?.wrongCode && input.current) input.current.value = '';
          if (result?.field || result?.wrongCode) input.current?.focus();
        }}
      >
        <div id="pending-requests" data-testid="pending-requests">
          <PendingRequests store={store} />
        </div>
        <label for="code-input">{t('devices:code.label')}</label>
        <input
          id="code-input"
          data-testid="code-input"
          ref={input}
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          placeholder="XXXX-XXXX"
          maxLength={16}
          class="code-input"
          aria-invalid={error?.field ? 'true' : undefined}
          aria-describedby={error?.field ? 'code-input-error' : undefined}
          onInput={() => error?.field && setError(null)}
        />
        {error?.field && (
          <small id="code-input-error" class="field-error" aria-live="polite">
            {error.error}
          </small>
        )}
        <p class="error" id="code-error" role="alert" data-testid="code-error" data-code={error?.wrongCode ? 'wrong-code' : undefined} hidden={!error || error.field}>
          {error && !error.field ? error.error : null}
        </p>
        <p class="muted" id="code-status" aria-live="polite">
          {status}
        </p>
        <div class="row">
          <button type="submit" class="primary" id="code-submit" data-testid="code-submit" disabled={busy}>
            {t('devices:code.check')}
          </button>
          <button type="button" id="code-cancel" onClick={() => store.closePanels()}>
            {t('common:cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The approval of one request. `fixedRole` is for a customer's list, whose companions are always `member`:
 * no role to pick then.
 */
export function ApprovalPanel({ store, onClosed, fixedRole }: { store: LinkPanelsModel; onClosed: () => void; fixedRole?: CompanionRole }) {
  const title = useRef<HTMLHeadingElement>(null);
  const [role, setRole] = useState<CompanionRole>(fixedRole ?? 'agent');
  useFocusOnOpen(title);
  const approval = store.approval.value;
  if (!approval) return null;
  const { request } = approval;
  const busy = approval.state === 'signing';
  return (
    <section
      class="card panel"
      id="approval-panel"
      data-testid="approval-panel"
      aria-labelledby="approval-title"
      data-ref={request.ref}
      data-device-id={request.deviceId}
      data-state={approval.state === 'approved' ? 'approved' : undefined}
    >
      <h2 id="approval-title" tabIndex={-1} ref={title}>
        {t('devices:approval.title')}
      </h2>
      <dl class="facts">
        <dt>{t('devices:approval.person')}</dt>
        <dd id="approval-person" data-testid="approval-person">
          {request.person}
        </dd>
        <dt>{t('devices:approval.device')}</dt>
        <dd id="approval-label" data-testid="approval-label">
          {request.label}
        </dd>
        <dt>{t('devices:approval.browser')}</dt>
        <dd id="approval-browser" data-testid="approval-browser">
          {request.browser || t('devices:approval.unknown')}
        </dd>
        <dt>{t('devices:approval.method')}</dt>
        <dd id="approval-method">{request.method === 'code' ? t('devices:approval.byCode') : t('devices:approval.byQr')}</dd>
      </dl>
      <p>{t('devices:approval.compare')}</p>
      <div class="fingerprint fingerprint-large" id="approval-fingerprint" data-testid="fingerprint" aria-label={t('devices:approval.fingerprintAria', { code: approval.fingerprint })}>
        {approval.fingerprint}
      </div>
      <div class="form" hidden={fixedRole !== undefined}>
        <label for="role-select">{t('devices:approval.role')}</label>
        <select
          id="role-select"
          data-testid="role-select"
          name="role"
          value={role}
          disabled={busy || approval.state === 'approved'}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            if (isAssignableRole(value)) setRole(value);
          }}
        >
          {ASSIGNABLE_ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`devices:approval.roleOption.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <p class="error" id="approval-error" role="alert" data-testid="approval-error" hidden={!approval.error}>
        {approval.error}
      </p>
      <p class="muted" id="approval-status" aria-live="polite" data-testid="approval-status">
        {approval.state === 'signing' ? t('devices:approval.signing') : approval.state === 'approved' ? t('devices:approval.approved', { person: request.person }) : ''}
      </p>
      <div class="row">
        {approval.state !== 'approved' ? (
          <>
            <button type="button" class="primary" id="approve-button" data-testid="approve-button" disabled={busy} onClick={() => void store.approve(role)}>
              {t('devices:approval.approve')}
            </button>
            <button type="button" class="danger" id="refuse-button" data-testid="refuse-button" disabled={busy} onClick={() => void store.refuse().then(onClosed)}>
              {t('devices:approval.refuse')}
            </button>
          </>
        ) : (
          <button
            type="button"
            id="approval-close"
            data-testid="approval-close"
            onClick={() => {
              store.closePanels();
              onClosed();
            }}
          >
            {t('common:close')}
          </button>
        )}
      </div>
    </section>
  );
}
