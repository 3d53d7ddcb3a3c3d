import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../i18n';
import { isAdmin } from '../lib/roles';
import type { RecoveryCard as Card } from './recovery';

/**
 * A pending recovery (protocol §7.3), loud on every business device: who claims the account and when it takes
 * effect; the owner's and admins' devices cancel it.
 */
export function PendingRecovery({ card, role, myDeviceId, nowMs }: { card: Card; role: string | null | undefined; myDeviceId: string; nowMs: number }) {
  const status = card.status.value;
  const pending = status?.pending;
  if (!pending) return null;
  const newPrimary = pending.claim?.claim.newPrimary;
  const byBackupAdmin = newPrimary !== undefined && newPrimary.id === status?.backupAdmin;
  const date = formatDateTime(Date.parse(pending.takesEffectAt));
  if (newPrimary?.id === myDeviceId) {
    // The server's clock decides when the window is over: an early try is refused and says so.
    const ready = Date.parse(pending.takesEffectAt) <= nowMs;
    return (
      <section class="card notice" id="recovery-pending" data-testid="recovery-pending" role="status" data-id={pending.id}>
        <h2>{t('recovery:pending.title')}</h2>
        <p>{t('recovery:pending.mine', { date })}</p>
        <button type="button" class={ready ? 'primary' : ''} id="recovery-take-over" data-testid="recovery-take-over" disabled={card.busy.value}
          onClick={() => void card.takeOver(pending.id)}>
          {t('recovery:pending.takeOver')}
        </button>
        <p class="error" role="alert" hidden={!card.error.value}>{card.error.value}</p>
      </section>
    );
  }
  return (
    <section class="card error" id="recovery-pending" data-testid="recovery-pending" role="alert" data-id={pending.id}>
      <h2>{t('recovery:pending.title')}</h2>
      <p>
        {t(byBackupAdmin ? 'recovery:pending.backupText' : 'recovery:pending.text', {
          person: newPrimary?.person ?? '?',
          label: newPrimary?.label ?? '?',
          date,
        })}
      </p>
      {isAdmin(role) ? (
        <button type="button" class="danger" id="recovery-cancel" data-testid="recovery-cancel" disabled={card.busy.value}
          onClick={() => void card.cancel(pending.id)}>
          {t('recovery:pending.cancel')}
        </button>
      ) : (
        <p class="muted">{t('recovery:pending.askAdmin')}</p>
      )}
    </section>
  );
}

/** The primary's recovery key (protocol §7.2): turn it on, or make a new one; the key is shown once. */
export function RecoveryKeyCard({ card }: { card: Card }) {
  const status = card.status.value;
  const shown = card.shownKey.value;
  if (!status) return null;
  return (
    <section class="card" id="recovery-card" data-testid="recovery-card" data-enabled={String(status.enabled)}>
      <h2>{t('recovery:title')}</h2>
      <p class="muted">{t('recovery:intro', { hours: Math.round(status.vetoWindowSeconds / 3600) })}</p>
      {shown ? (
        <div class="notice" id="recovery-key-shown">
          <p><strong>{t('recovery:shown.title')}</strong> {t('recovery:shown.text')}</p>
          <pre id="recovery-key" data-testid="recovery-key" class="recovery-key">{shown}</pre>
          <button type="button" class="primary" id="recovery-key-done" data-testid="recovery-key-done" onClick={() => card.dismissKey()}>
            {t('recovery:shown.done')}
          </button>
        </div>
      ) : (
        <>
          <p id="recovery-state" data-testid="recovery-state">{status.enabled ? t('recovery:on') : t('recovery:off')}</p>
          <button type="button" id="recovery-turn-on" data-testid="recovery-turn-on" class={status.enabled ? '' : 'primary'}
            disabled={card.busy.value} onClick={() => void card.turnOn()}>
            {status.enabled ? t('recovery:renew') : t('recovery:turnOn')}
          </button>
        </>
      )}
      <p class="error" role="alert" hidden={!card.error.value}>{card.error.value}</p>
    </section>
  );
}

export interface AdminDevice {
  id: string;
  person: string;
  label: string;
}

/**
 * The primary names one admin companion backup admin (protocol §7.2) with the recovery key, or takes that away.
 * Shown while recovery is on: the backup admin holds the same authority key.
 */
export function BackupAdminCard({ card, admins }: { card: Card; admins: AdminDevice[] }) {
  const status = card.status.value;
  const [chosen, setChosen] = useState('');
  const [typedKey, setTypedKey] = useState('');
  if (!status?.enabled || card.shownKey.value) return null;
  const current = admins.find((admin) => admin.id === status.backupAdmin);
  const others = admins.filter((admin) => admin.id !== status.backupAdmin);
  const target = others.some((admin) => admin.id === chosen) ? chosen : others[0]?.id ?? '';
  return (
    <section class="card" id="backup-admin-card" data-testid="backup-admin-card" data-backup-admin={status.backupAdmin ?? ''}>
      <h2>{t('recovery:backup.title')}</h2>
      <p class="muted">{t('recovery:backup.intro', { hours: Math.round(status.vetoWindowSeconds / 3600) })}</p>
      <p id="backup-admin-state" data-testid="backup-admin-state">
        {current ? t('recovery:backup.current', { person: current.person, label: current.label }) : t('recovery:backup.none')}
      </p>
      {current && (
        <button type="button" class="danger" id="backup-admin-unmark" data-testid="backup-admin-unmark" disabled={card.busy.value}
          onClick={() => void card.unmarkBackupAdmin()}>
          {t('recovery:backup.unmark')}
        </button>
      )}
      {others.length === 0 ? (
        !current && <p class="muted">{t('recovery:backup.noAdmins')}</p>
      ) : (
        <form class="stack" onSubmit={(event) => {
          event.preventDefault();
          void card.markBackupAdmin(target, typedKey).then(() => {
            if (!card.error.value) setTypedKey('');
          });
        }}>
          <label>
            {t('recovery:backup.device')}
            <select id="backup-admin-device" data-testid="backup-admin-device" value={target} onChange={(event) => setChosen(event.currentTarget.value)}>
              {others.map((admin) => (
                <option key={admin.id} value={admin.id}>{`${admin.person} (${admin.label})`}</option>
              ))}
            </select>
          </label>
          <label>
            {t('recovery:backup.key')}
            <input id="backup-admin-key" data-testid="backup-admin-key" autocomplete="off" spellcheck={false} value={typedKey}
              onInput={(event) => setTypedKey(event.currentTarget.value)} />
          </label>
          <button type="submit" id="backup-admin-mark" data-testid="backup-admin-mark" disabled={card.busy.value || !target || !typedKey.trim()}>
            {t('recovery:backup.mark')}
          </button>
        </form>
      )}
      <p class="error" role="alert" hidden={!card.error.value}>{card.error.value}</p>
    </section>
  );
}

/** On the backup admin's own device: it may start a loud recovery when the primary is lost (protocol §7.3). */
export function BackupAdminSelf({ card, myDeviceId }: { card: Card; myDeviceId: string }) {
  const status = card.status.value;
  if (!status || status.backupAdmin !== myDeviceId || status.pending) return null;
  return (
    <section class="card" id="backup-admin-self" data-testid="backup-admin-self">
      <h2>{t('recovery:backup.title')}</h2>
      <p>{t('recovery:backup.you', { hours: Math.round(status.vetoWindowSeconds / 3600) })}</p>
      <button type="button" class="danger" id="backup-admin-recover" data-testid="backup-admin-recover" disabled={card.busy.value}
        onClick={() => void card.recoverAsBackupAdmin()}>
        {t('recovery:backup.recover')}
      </button>
      <p class="error" role="alert" hidden={!card.error.value}>{card.error.value}</p>
    </section>
  );
}
