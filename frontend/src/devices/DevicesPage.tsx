import { useRef, useState } from 'preact/hooks';
import { formatDate, formatDateTime, t } from '../i18n';
import { describeAuditAction } from '../lib/audit';
import { roleLabel } from '../lib/roles';
import { confirmDialog } from '../lib/ui';
import { DeviceList } from './DeviceList';
import { ApprovalPanel, CodePanel, QrPanel } from '../components/LinkPanels';
import { RelativeTime } from '../components/RelativeTime';
import { BackupAdminCard, BackupAdminSelf, PendingRecovery, RecoveryKeyCard } from './RecoveryCard';
import type { DevicesStore } from './store';

function AccountCard({ store }: { store: DevicesStore }) {
  const view = store.view.value;
  const list = store.verified.value?.list;
  const me = list?.devices.find((device) => device.id === store.myDeviceId);
  return (
    <section class="card" id="account-card">
      <div class="card-top">
        <h1 id="account-name">{view?.displayName || t('devices:title')}</h1>
        <div class="row">
          <a href="/inbox" id="inbox-link" data-testid="inbox-link" class="button-link">
            {t('devices:openInbox')}
          </a>
          <a href="/settings" id="settings-link" data-testid="settings-link" class="button-link" hidden={!store.canSeeActivity.value}>
            {t('common:nav.settings')}
          </a>
        </div>
      </div>
      <p id="account-number" class="muted">
        {list?.account}
      </p>
      {view && (
        <p id="me">
          {t('devices:thisBrowser')} <strong>{me?.person}</strong> · {roleLabel(me?.role ?? view.myRole)}
          {view.iAmPrimary ? ` · ${t('devices:primaryDevice')}` : ''}
        </p>
      )}
      {list && (
        <p id="list-info" class="muted small" data-version={String(list.version)}>
          {t('devices:listInfo', { version: list.version })}{' '}
          <time dateTime={new Date(list.expiresAt * 1000).toISOString()} title={formatDateTime(list.expiresAt * 1000)}>
            {formatDate(list.expiresAt * 1000)}
          </time>
          .
        </p>
      )}
    </section>
  );
}

function Activity({ store }: { store: DevicesStore }) {
  const entries = store.audit.value;
  const now = store.now.value;
  const shortId = (id: string) => t('devices:activity.shortId', { id: id.slice(0, 6) });
  const name = (id: string | null, fallback: string) => (id ? store.personOf(id) ?? shortId(id) : fallback);
  return (
    <section class="card" id="activity" data-testid="activity" hidden={!store.canSeeActivity.value}>
      <h2>{t('devices:activity.title')}</h2>
      <table class="audit" id="audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('devices:activity.when')}</th>
            <th scope="col">{t('devices:activity.what')}</th>
            <th scope="col">{t('devices:activity.device')}</th>
            <th scope="col">{t('devices:activity.by')}</th>
          </tr>
        </thead>
        <tbody id="audit-body">
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <td>
                <RelativeTime at={entry.at} now={now} />
              </td>
              <td>{describeAuditAction(entry, (id) => store.personOf(id))}</td>
              <td>{entry.subjectDeviceId ? name(entry.subjectDeviceId, '—') : '—'}</td>
              <td>{name(entry.actorDeviceId, t('devices:activity.server'))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="empty" id="audit-empty" hidden={entries.length > 0}>
        {t('devices:activity.empty')}
      </p>
      <p class="error" id="audit-error" role="alert" hidden={!store.auditError.value}>
        {store.auditError.value}
      </p>
    </section>
  );
}

/** The owner's passkeys: what they protect, the registered ones, adding one, and what the page waits for. */
function PasskeysCard({ store }: { store: DevicesStore }) {
  const [name, setName] = useState('');
  const status = store.passkeyStatus.value;
  const activity = store.passkeyActivity.value;
  const supported = store.passkeysSupported();
  if (!status) return null;
  const registered = status.passkeys;
  const add = async (event: Event) => {
    event.preventDefault();
    if (await store.addPasskey(name.trim() || t('devices:passkeys.defaultName'))) setName('');
  };
  return (
    <section class="card" id="passkeys" data-testid="passkeys" data-state={activity} data-count={String(registered.length)}>
      <h2>{t('devices:passkeys.title')}</h2>
      <p class="muted">{t('devices:passkeys.intro')}</p>
      {registered.length === 0 && (
        <p class="notice" id="passkeys-none" data-testid="passkeys-none">
          {status.required ? t('devices:passkeys.noneRequired') : t('devices:passkeys.noneOptional')}
        </p>
      )}
      <ul id="passkey-list" class="plain">
        {registered.map((passkey) => (
          <li key={passkey.id} data-testid="passkey-row" data-id={passkey.id}>
            <strong>{passkey.name}</strong>{' '}
            <span class="muted small">
              {t('devices:passkeys.addedOn', { date: formatDate(Date.parse(passkey.createdAt)) })}
              {passkey.lastUsedAt ? ` · ${t('devices:passkeys.lastUsed', { date: formatDateTime(Date.parse(passkey.lastUsedAt)) })}` : ''}
            </span>{' '}
            <button type="button" class="danger" disabled={activity !== 'idle'} onClick={() => void store.removePasskey(passkey.id, passkey.name)}>
              {t('devices:passkeys.remove')}
            </button>
          </li>
        ))}
      </ul>
      {supported ? (
        <form class="row" id="passkey-form" onSubmit={(event) => void add(event)}>
          <label>
            {t('devices:passkeys.nameLabel')}{' '}
            <input id="passkey-name" data-testid="passkey-name" maxLength={80} value={name} placeholder={t('devices:passkeys.defaultName')}
              onInput={(event) => setName((event.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" id="passkey-add" data-testid="passkey-add" class="primary" disabled={activity !== 'idle'}>
            {t('devices:passkeys.add')}
          </button>
        </form>
      ) : (
        <p class="muted" id="passkeys-unsupported">{t('devices:passkeys.unsupported')}</p>
      )}
      <p id="passkey-waiting" class="notice" role="status" data-testid="passkey-waiting" hidden={activity === 'idle'}>
        {activity !== 'idle' && t(`devices:passkeys.waiting.${activity}`)}
      </p>
      <p id="passkey-notice" class="notice" role="status" data-testid="passkey-notice" hidden={!store.passkeyNotice.value}>
        {store.passkeyNotice.value}
      </p>
      <p id="passkey-error" class="error" role="alert" data-testid="passkey-error" hidden={!store.passkeyError.value}>
        {store.passkeyError.value}
      </p>
    </section>
  );
}

async function confirmSelfLogout(logOutSelf: () => Promise<void>): Promise<void> {
  if (await confirmDialog(t('devices:self.title'), t('devices:self.text'), t('devices:self.button'))) await logOutSelf();
}

export function DevicesPage({ store, logOutSelf }: { store: DevicesStore; logOutSelf: () => Promise<void> }) {
  const linkQrButton = useRef<HTMLButtonElement>(null);
  const view = store.view.value;
  const verified = store.verified.value;
  const panel = store.panel.value;
  const primary = store.iAmPrimary.value;
  const listError = store.listError.value;
  return (
    <>
      <AccountCard store={store} />
      {view && <PendingRecovery card={store.recovery} role={view.myRole} myDeviceId={view.myDeviceId} nowMs={store.now.value} />}
      {view && verified && !primary && <BackupAdminSelf card={store.recovery} myDeviceId={view.myDeviceId} />}
      <div id="load-error" class="error" role="alert" hidden={!store.loadError.value}>
        {store.loadError.value}{' '}
        <button type="button" id="reload-button" onClick={() => void store.refresh()}>
          {t('common:retry')}
        </button>
      </div>
      <div id="list-error" class="error" role="alert" data-testid="list-error" hidden={!listError} data-reason={listError?.reason}>
        {listError?.text}{' '}
        <button type="button" onClick={() => void store.refresh()}>
          {t('devices:checkAgain')}
        </button>
      </div>
      <p id="notice" class="notice" role="status" data-testid="notice" hidden={!store.notice.value}>
        {store.notice.value}
      </p>
      {view && verified && !primary && (
        <div id="managed-notice" class="notice" data-testid="managed-notice">
          <strong>{t('devices:managed.title')}</strong> {t('devices:managed.text')}{' '}
          <button type="button" id="self-logout" data-testid="self-logout" class="danger" onClick={() => void confirmSelfLogout(logOutSelf)}>
            {t('devices:self.button')}
          </button>
        </div>
      )}
      {verified && primary && (
        <section class="card" id="manage-card">
          <h2>{t('devices:add.title')}</h2>
          <p class="muted">{t('devices:add.intro', { url: `${location.origin}/link` })}</p>
          <div class="row">
            <button
              type="button"
              id="link-qr-button"
              class="primary"
              data-testid="link-qr-button"
              aria-controls="link-panel"
              aria-expanded={panel === 'qr' ? 'true' : 'false'}
              ref={linkQrButton}
              onClick={() => store.openPanel('qr')}
            >
              {t('devices:add.qr')}
            </button>
            <button
              type="button"
              id="link-code-button"
              data-testid="link-code-button"
              aria-controls="code-panel"
              aria-expanded={panel === 'code' ? 'true' : 'false'}
              onClick={() => store.openPanel('code')}
            >
              {t('devices:add.code')}
            </button>
          </div>
        </section>
      )}
      {verified && primary && <PasskeysCard store={store} />}
      {verified && primary && <RecoveryKeyCard card={store.recovery} />}
      {verified && primary && (
        <BackupAdminCard card={store.recovery}
          admins={verified.list.devices.filter((entry) => !entry.primary && entry.role === 'admin' && store.isActive(entry.id))} />
      )}
      {panel === 'qr' && <QrPanel store={store} />}
      {panel === 'code' && <CodePanel store={store} />}
      {panel === 'approval' && <ApprovalPanel store={store} onClosed={() => linkQrButton.current?.focus()} />}
      <DeviceList store={store} />
      <Activity store={store} />
    </>
  );
}
