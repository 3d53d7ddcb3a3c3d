import { useEffect, useRef, useState } from 'preact/hooks';
import { ApprovalPanel, CodePanel, QrPanel } from '../components/LinkPanels';
import { t, translator } from '../i18n';
import type { DeviceEntry } from '../protocol';
import type { BrowsersStore } from './linkedBrowsers';

const tr = translator('chat');

/** How often the open chat polls for what customers hear of no other way (code requests, a browser finishing its link). */
const TICK_MS = 2000;

/**
 * "Linked browsers": the customer's browsers; on the first browser also linking another one (the business's
 * link panels, a customer's companion is always a member) and logging one out. Escape closes a link panel.
 */
export function Browsers({ browsers, onClose }: { browsers: BrowsersStore; onClose: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  const linkButton = useRef<HTMLButtonElement>(null);
  const panel = browsers.approver.panel.value;
  useEffect(() => {
    title.current?.focus();
    void browsers.refresh();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (browsers.approver.panel.value === 'qr' || browsers.approver.panel.value === 'code') browsers.approver.closePanels();
      else if (browsers.approver.panel.value === 'none') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const rows = browsers.rows.value;
  return (
    <section class="card panel chat-browsers" id="chat-browsers" data-testid="chat-browsers" aria-labelledby="chat-browsers-title">
      <div class="row">
        <h2 id="chat-browsers-title" tabIndex={-1} ref={title}>
          {tr('browsers.title')}
        </h2>
        <button type="button" class="link-button" id="chat-browsers-close" data-testid="chat-browsers-close" onClick={onClose}>
          {t('common:close')}
        </button>
      </div>
      <p class="muted">{browsers.iAmPrimary ? tr('browsers.intro') : tr('browsers.companionNote')}</p>
      <p class="error" role="alert" id="chat-browsers-error" data-testid="chat-browsers-error" hidden={!browsers.error.value}>
        {browsers.error.value}
      </p>
      <p class="notice" role="status" id="chat-browsers-notice" data-testid="chat-browsers-notice" hidden={!browsers.notice.value}>
        {browsers.notice.value}
      </p>
      {browsers.verified.value === null && !browsers.error.value ? <p class="muted">{tr('loading')}</p> : null}
      <ul class="browser-list" data-testid="browser-list">
        {rows.map((entry) => (
          <BrowserRow key={entry.id} browsers={browsers} entry={entry} />
        ))}
      </ul>
      {browsers.verified.value && browsers.iAmPrimary && rows.length === 1 ? (
        <p class="empty" id="chat-browsers-empty" data-testid="chat-browsers-empty">
          {tr('browsers.onlyThis')}
        </p>
      ) : null}
      {browsers.iAmPrimary ? (
        <div class="row">
          <button type="button" ref={linkButton} id="link-qr-button" data-testid="link-qr-button" aria-expanded={panel === 'qr'} onClick={() => browsers.openPanel('qr')}>
            {t('devices:qr.title')}
          </button>
          <button type="button" id="link-code-button" data-testid="link-code-button" aria-expanded={panel === 'code'} onClick={() => browsers.openPanel('code')}>
            {t('devices:code.title')}
          </button>
        </div>
      ) : null}
      {panel === 'qr' && <QrPanel store={browsers.approver} />}
      {panel === 'code' && <CodePanel store={browsers.approver} />}
      {panel === 'approval' && <ApprovalPanel store={browsers.approver} fixedRole="member" onClosed={() => linkButton.current?.focus()} />}
    </section>
  );
}

function BrowserRow({ browsers, entry }: { browsers: BrowsersStore; entry: DeviceEntry }) {
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const mine = entry.id === browsers.myDeviceId;
  const removable = browsers.iAmPrimary && !entry.primary && !mine;
  const busy = browsers.busy.value === entry.id;
  return (
    <li class="browser-row" data-testid="browser-row" data-device-id={entry.id}>
      <span>
        <strong>{entry.label}</strong> · {entry.person}
        {mine ? (
          <span class="badge this" data-testid="this-browser">
            {tr('browsers.thisBrowser')}
          </span>
        ) : null}
        {entry.primary ? (
          <span class="badge primary" data-testid="first-browser">
            {tr('browsers.first')}
          </span>
        ) : null}
      </span>
      {removable && !confirming ? (
        <button type="button" class="danger" data-testid="browser-remove" disabled={busy} onClick={() => setConfirming(true)}>
          {tr('browsers.remove')}
        </button>
      ) : null}
      {removable && confirming ? (
        <span class="row" role="group" aria-label={tr('browsers.confirmRemove', { label: entry.label })}>
          <span>{tr('browsers.confirmRemove', { label: entry.label })}</span>
          <button
            type="button"
            class="danger"
            ref={confirmButton}
            data-testid="browser-remove-confirm"
            disabled={busy}
            onClick={() => void browsers.remove(entry).then(() => setConfirming(false))}
          >
            {tr('browsers.remove')}
          </button>
          <button type="button" data-testid="browser-remove-cancel" onClick={() => setConfirming(false)}>
            {t('common:cancel')}
          </button>
        </span>
      ) : null}
    </li>
  );
}

/** Keeps the browsers' polling going while the chat is open. */
export function useBrowsersTick(browsers: BrowsersStore | null): void {
  useEffect(() => {
    if (!browsers) return;
    const timer = setInterval(() => browsers.tick(), TICK_MS);
    return () => clearInterval(timer);
  }, [browsers]);
}
