import { signal } from '@preact/signals';
import { render } from 'preact';
import { formatDateTime, t } from '../i18n';
import { api } from '../lib/api';
import { connectEvents } from '../lib/events';
import { onRecoveryChange } from '../lib/recoveryChanges';
import type { RecoveryStatus } from '../lib/types';

/**
 * A pending recovery (protocol §7.3) on every business page, not only "Linked devices": whoever is on the inbox or the
 * board must see that the account is about to change hands while it can still be stopped. It reads the state again on
 * every `recovery` frame and whenever a socket (re)connects; cancelling stays on the devices page, where the owner and
 * admins see the whole claim.
 */
export function createRecoveryBanner(deps: { http: { get<T>(path: string): Promise<T> } }) {
  const status = signal<RecoveryStatus | null>(null);

  async function load(): Promise<void> {
    try {
      status.value = await deps.http.get<RecoveryStatus>('/api/recovery');
    } catch {
      // The banner is a warning on top of the page: the page reports its own connection problems.
    }
  }

  return { status, load, stop: onRecoveryChange(() => void load()) };
}

export type RecoveryBannerState = ReturnType<typeof createRecoveryBanner>;

export function RecoveryBanner({ banner }: { banner: RecoveryBannerState }) {
  const status = banner.status.value;
  const pending = status?.pending;
  if (!pending) return null;
  const newPrimary = pending.claim?.claim.newPrimary;
  const byBackupAdmin = newPrimary !== undefined && newPrimary.id === status?.backupAdmin;
  return (
    <div class="error recovery-banner" role="alert" data-testid="recovery-banner" data-id={pending.id}>
      <strong>{t('recovery:pending.title')}</strong>{' '}
      {t(byBackupAdmin ? 'recovery:banner.backupText' : 'recovery:banner.text', {
        person: newPrimary?.person ?? '?',
        label: newPrimary?.label ?? '?',
        date: formatDateTime(Date.parse(pending.takesEffectAt)),
      })}{' '}
      <a href="/devices" data-testid="recovery-banner-review">{t('recovery:banner.review')}</a>
    </div>
  );
}

/**
 * Puts the banner just before the page's root. A page without an event connection of its own (audit, reports)
 * asks for one here, so the banner is pushed there as well.
 */
export function mountRecoveryBanner(root: HTMLElement, options: { ownSocket?: boolean } = {}): void {
  const host = document.createElement('div');
  host.id = 'recovery-banner-root';
  root.before(host);
  const banner = createRecoveryBanner({ http: api });
  render(<RecoveryBanner banner={banner} />, host);
  void banner.load();
  if (options.ownSocket) connectEvents({});
}
