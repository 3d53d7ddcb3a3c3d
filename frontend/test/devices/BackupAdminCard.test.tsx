// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecoveryCard } from '../../src/devices/recovery';
import { BackupAdminCard } from '../../src/devices/RecoveryCard';
import type { DeviceKeys } from '../../src/protocol';

afterEach(cleanup);

function cardWith(backupAdmin: string | null) {
  const card = createRecoveryCard({
    http: { get: async <T,>() => undefined as T, post: async <T,>() => undefined as T, put: async <T,>() => undefined as T },
    keys: {} as DeviceKeys,
    current: () => null,
    approveList: async () => undefined,
    accepted: async () => undefined,
    isActive: () => true,
    becamePrimary: async () => undefined,
    nowMs: () => 0,
  });
  card.status.value = { enabled: true, authorityKey: 'a', vetoWindowSeconds: 259200, backupAdmin, pending: null };
  return card;
}

const carla = { id: 'carla', person: 'Carla', label: 'Firefox' };
const dora = { id: 'dora', person: 'Dora', label: 'Chrome' };

describe('the backup admin card (protocol §7.2)', () => {
  it('names the backup admin and offers only the other admin devices', () => {
    const view = render(<BackupAdminCard card={cardWith('carla')} admins={[carla, dora]} />);
    expect(view.getByTestId('backup-admin-state').textContent).toBe('Carla (Firefox) is the backup admin.');
    expect([...view.getByTestId('backup-admin-device').querySelectorAll('option')].map((option) => option.value)).toEqual(['dora']);
    expect(view.getByTestId('backup-admin-unmark')).toBeTruthy();
  });

  it('offers no form when the only admin device is the backup admin already, and asks for one when there is none', () => {
    const only = render(<BackupAdminCard card={cardWith('carla')} admins={[carla]} />);
    expect(only.queryByTestId('backup-admin-device')).toBeNull();
    expect(only.container.textContent).not.toContain('Link a device with the admin role');
    cleanup();
    const none = render(<BackupAdminCard card={cardWith(null)} admins={[]} />);
    expect(none.getByTestId('backup-admin-state').textContent).toBe('No device is the backup admin.');
    expect(none.container.textContent).toContain('Link a device with the admin role');
  });
});
