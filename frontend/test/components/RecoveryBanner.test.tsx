// @vitest-environment happy-dom
import { cleanup, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecoveryBanner, RecoveryBanner } from '../../src/components/RecoveryBanner';
import { announceRecoveryChange } from '../../src/lib/recoveryChanges';

afterEach(cleanup);

const entry = (id: string, person: string) => ({ id, primary: true, role: 'owner', person, label: 'Firefox on Linux', signingKey: 'k', agreementKey: 'a' });

function pendingBy(id: string, person: string) {
  return {
    id: 'r1', kind: 'recovery', status: 'pending', startedAt: '2026-12-05T08:00:00Z', takesEffectAt: '2026-12-08T08:00:00Z',
    claim: { claim: { newPrimary: entry(id, person) }, signature: 's' },
  };
}

describe('the pending-recovery banner of every business page (protocol §7.3)', () => {
  it('appears when a recovery is announced on the socket, names the backup admin as such, and goes when it is cancelled', async () => {
    const answers: unknown[] = [
      { enabled: true, backupAdmin: 'carla', pending: null },
      { enabled: true, backupAdmin: 'carla', pending: pendingBy('carla', 'Carla Admin') },
      { enabled: true, backupAdmin: 'carla', pending: null },
    ];
    const banner = createRecoveryBanner({ http: { get: async <T,>() => answers.shift() as T } });
    const view = render(<RecoveryBanner banner={banner} />);
    await banner.load();
    expect(view.queryByTestId('recovery-banner')).toBeNull();

    announceRecoveryChange();
    await waitFor(() => expect(view.getByTestId('recovery-banner').textContent).toContain('Carla Admin (Firefox on Linux), the backup admin'));
    expect(view.getByTestId('recovery-banner-review').getAttribute('href')).toBe('/devices');

    announceRecoveryChange();
    await waitFor(() => expect(view.queryByTestId('recovery-banner')).toBeNull());
    banner.stop();
  });

  it('says the recovery key when a new browser claims the account', async () => {
    const banner = createRecoveryBanner({ http: { get: async <T,>() => ({ enabled: true, backupAdmin: null, pending: pendingBy('new', 'Ana Again') }) as T } });
    const view = render(<RecoveryBanner banner={banner} />);
    await banner.load();
    expect(view.getByTestId('recovery-banner').textContent).toContain('Ana Again (Firefox on Linux) is becoming the primary device of this account with the recovery key');
    banner.stop();
  });
});
