import { t } from '../i18n';
import { ASSIGNABLE_ROLES, isAssignableRole, roleLabel } from '../lib/roles';
import { confirmDialog, initialOf } from '../lib/ui';
import type { DeviceEntry } from '../protocol';
import type { DeviceView } from '../lib/types';
import { RelativeTime } from '../components/RelativeTime';
import type { DevicesStore } from './store';

function removalText(reason: string | null | undefined): string {
  return reason === 'primary-inactive' ? t('devices:removed.inactive') : reason === 'self' ? t('devices:removed.self') : t('devices:removed.owner');
}

async function confirmLogOut(store: DevicesStore, entry: DeviceEntry, button: HTMLButtonElement): Promise<void> {
  const confirmed = await confirmDialog(
    t('devices:logOut.title', { person: entry.person }),
    t('devices:logOut.text', { person: entry.person, label: entry.label }),
    t('devices:logOut.button'),
  );
  if (!confirmed) {
    button.focus();
    return;
  }
  await store.logOut(entry);
}

function DeviceRow({ store, entry, info }: { store: DevicesStore; entry: DeviceEntry; info: DeviceView | undefined }) {
  const mine = entry.id === store.myDeviceId;
  const out = info?.status === 'logged-out';
  const busy = store.busyDevices.value.has(entry.id);
  const now = store.now.value;
  const manage = store.iAmPrimary.value && !entry.primary && !out;
  return (
    <li
      class={`device${out ? ' logged-out' : ''}${mine ? ' mine' : ''}`}
      data-testid="device-row"
      data-device-id={entry.id}
      data-status={info?.status ?? 'active'}
      data-role={entry.role}
      data-primary={entry.primary ? 'true' : 'false'}
      data-this-device={mine ? 'true' : 'false'}
    >
      <span class="avatar" aria-hidden="true">
        {initialOf(entry.person)}
      </span>
      <div class="info">
        <div class="name">
          <strong data-testid="device-person">{entry.person}</strong>{' '}
          <span class="badges">
            <span class={`badge role role-${entry.role}`} data-testid="role-badge">
              {roleLabel(entry.role)}
            </span>
            {entry.primary && (
              <span class="badge primary" data-testid="primary-badge">
                {t('devices:badge.primary')}
              </span>
            )}
            {mine && (
              <span class="badge this" data-testid="this-device">
                {t('devices:badge.this')}
              </span>
            )}
            {out && (
              <span class="badge out" data-testid="logged-out-badge">
                {t('devices:badge.loggedOut')}
              </span>
            )}
          </span>
        </div>
        <div class="meta">
          <span data-testid="device-label">{entry.label}</span>
          {info?.browser && (
            <>
              {' · '}
              {t('devices:browser')} <span data-testid="device-browser">{info.browser}</span>
            </>
          )}
        </div>
        {info && (
          <div class="meta">
            <span data-testid="linked-at">
              {t('devices:linked')} <RelativeTime at={info.linkedAt} now={now} />
            </span>
            {' · '}
            <span data-testid="last-active">
              {t('devices:lastActive')} {mine && !out ? <span>{t('devices:now')}</span> : <RelativeTime at={info.lastActiveAt} now={now} />}
            </span>
          </div>
        )}
        {out && (
          <div class="meta reason" data-testid="removal-reason">
            {removalText(info?.removalReason)}
          </div>
        )}
      </div>
      <div class="actions">
        {manage && (
          <label class="role-change">
            <span class="visually-hidden">{t('devices:role.changeFor', { person: entry.person })}</span>
            <select
              data-testid="role-change"
              data-device-id={entry.id}
              aria-label={t('devices:role.changeFor', { person: entry.person })}
              value={entry.role}
              disabled={busy}
              onChange={(event) => {
                const role = (event.currentTarget as HTMLSelectElement).value;
                if (isAssignableRole(role)) void store.changeRole(entry, role);
              }}
            >
              {ASSIGNABLE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </select>
          </label>
        )}
        {manage && (
          <button
            type="button"
            class="danger"
            data-testid="logout-button"
            data-device-id={entry.id}
            aria-label={t('devices:logOut.aria', { person: entry.person, label: entry.label })}
            disabled={busy}
            onClick={(event) => void confirmLogOut(store, entry, event.currentTarget as HTMLButtonElement)}
          >
            {busy ? t('devices:logOut.busy') : t('devices:logOut.button')}
          </button>
        )}
      </div>
    </li>
  );
}

export function DeviceList({ store }: { store: DevicesStore }) {
  const rows = store.rows.value;
  const others = rows.filter(({ entry }) => entry.id !== store.myDeviceId).length;
  return (
    <section class="card" id="devices-card" hidden={!store.verified.value}>
      <h2>{t('devices:devices')}</h2>
      <ul class="device-list" id="device-list" data-testid="device-list">
        {rows.map(({ entry, info }) => (
          <DeviceRow key={entry.id} store={store} entry={entry} info={info} />
        ))}
      </ul>
      <p class="empty" id="devices-empty" data-testid="devices-empty" hidden={others > 0}>
        {t('devices:empty')}
      </p>
    </section>
  );
}
