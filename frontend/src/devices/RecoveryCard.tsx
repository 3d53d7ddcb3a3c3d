import { formatDateTime, t } from '../i18n';
import { isAdmin } from '../lib/roles';
import type { RecoveryCard as Card } from './recovery';

/**
 * A pending recovery (protocol §7.3), loud on every business device: who claims the account and when it takes
 * effect; the owner's and admins' devices cancel it.
 */
export function PendingRecovery({ card, role }: { card: Card; role: string | null | undefined }) {
  const pending = card.status.value?.pending;
  if (!pending) return null;
  const newPrimary = pending.claim?.claim.newPrimary;
  return (
    <section class="card error" id="recovery-pending" data-testid="recovery-pending" role="alert" data-id={pending.id}>
      <h2>{t('recovery:pending.title')}</h2>
      <p>
        {t('recovery:pending.text', {
          person: newPrimary?.person ?? '?',
          label: newPrimary?.label ?? '?',
          date: formatDateTime(Date.parse(pending.takesEffectAt)),
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
