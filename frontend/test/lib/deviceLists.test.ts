import { beforeAll, describe, expect, it } from 'vitest';
import { describeAuditAction } from '../../src/lib/audit';
import { companionEntry, listWithNewDevice, listWithout, maintenanceNeeded } from '../../src/lib/deviceLists';
import type { AuditEntry } from '../../src/lib/types';
import { B64u, deviceSignature, LIST_VALIDITY_SECONDS, signDeviceList, verifyDeviceList, type SignedDeviceList } from '../../src/protocol';
import { ACCOUNT, entryFor, fixedIdentities, ISSUED_AT, listOf, type FixedIdentities } from '../support/fixtures';

let ids: FixedIdentities;
let current: SignedDeviceList;

const NOW = ISSUED_AT + 3600;

beforeAll(async () => {
  ids = await fixedIdentities();
  const list = listOf([
    entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome on Linux'),
    entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox on Windows'),
  ]);
  current = await signDeviceList(list, ids.primary.keys, {
    [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey),
  });
});

function verifyOptions(pending: string[] = []) {
  return {
    expectedAccount: ACCOUNT,
    pinnedPrimaryKey: ids.primary.keys.signingKey,
    lastAcceptedVersion: current.list.version,
    lastAcceptedList: current.list,
    now: NOW,
    pendingDeviceIds: pending,
  };
}

describe('successors keep the recovery key (protocol §7.2)', () => {
  it('carries recoveryKey into logging out and linking, and adds none where there was none', async () => {
    const recoveryKey = B64u.encode(ids.companion2.keys.signingKey);
    const withRecovery = await signDeviceList({ ...current.list, recoveryKey }, ids.primary.keys, current.deviceSignatures);
    expect(listWithout(withRecovery, [ids.companion1.keys.deviceId], NOW).list.recoveryKey).toBe(recoveryKey);
    const entry = companionEntry({ ...entryFor(ids.companion2.keys, 'agent', 'Carla', 'Safari'), deviceId: ids.companion2.keys.deviceId }, 'agent');
    expect(listWithNewDevice(withRecovery, entry, () => true, NOW).list.recoveryKey).toBe(recoveryKey);
    expect('recoveryKey' in listWithout(current, [], NOW).list).toBe(false);
  });
});

describe('listWithout (logging a device out)', () => {
  it('drops the device, keeps the others with their device signatures, and renews the validity', async () => {
    const successor = listWithout(current, [ids.companion1.keys.deviceId], NOW);
    expect(successor.list.version).toBe(current.list.version + 1);
    expect(successor.list.issuedAt).toBe(NOW);
    expect(successor.list.expiresAt).toBe(NOW + LIST_VALIDITY_SECONDS);
    expect(successor.list.devices.map((device) => device.id)).toEqual([ids.primary.keys.deviceId]);
    expect(successor.deviceSignatures).toEqual({});
    const signed = await signDeviceList(successor.list, ids.primary.keys, successor.deviceSignatures);
    await expect(verifyDeviceList(signed, verifyOptions())).resolves.toBeTruthy();
  });

  it('never drops the primary and does not change the current list', () => {
    const before = structuredClone(current);
    const successor = listWithout(current, [ids.primary.keys.deviceId], NOW);
    expect(successor.list.devices).toHaveLength(2);
    expect(successor.deviceSignatures).toEqual(current.deviceSignatures);
    expect(current).toEqual(before);
  });
});

describe('listWithNewDevice (approving a link)', () => {
  const request = () => ({
    deviceId: ids.companion2.keys.deviceId,
    person: 'Carla Dias',
    label: 'Safari on macOS',
    signingKey: B64u.encode(ids.companion2.keys.signingKey),
    agreementKey: B64u.encode(ids.companion2.keys.agreementKey),
  });

  it('adds the entry sorted by id, carries existing device signatures and none for the new device', async () => {
    const successor = listWithNewDevice(current, companionEntry(request(), 'supervisor'), () => true, NOW);
    const ids2 = successor.list.devices.map((device) => device.id);
    expect(ids2).toEqual([...ids2].sort());
    expect(ids2).toContain(ids.companion2.keys.deviceId);
    expect(successor.list.devices.find((device) => device.id === ids.companion2.keys.deviceId)).toMatchObject({
      primary: false,
      role: 'supervisor',
      person: 'Carla Dias',
    });
    expect(Object.keys(successor.deviceSignatures)).toEqual([ids.companion1.keys.deviceId]);
    const signed = await signDeviceList(successor.list, ids.primary.keys, successor.deviceSignatures);
    await expect(verifyDeviceList(signed, verifyOptions([ids.companion2.keys.deviceId]))).resolves.toBeTruthy();
  });

  it('leaves out devices that were logged out', () => {
    const successor = listWithNewDevice(current, companionEntry(request(), 'agent'), (id) => id !== ids.companion1.keys.deviceId, NOW);
    expect(successor.list.devices.map((device) => device.id).sort()).toEqual(
      [ids.primary.keys.deviceId, ids.companion2.keys.deviceId].sort(),
    );
    expect(successor.deviceSignatures).toEqual({});
  });

  it('refuses a device that is already listed', () => {
    const again = { ...request(), deviceId: ids.companion1.keys.deviceId };
    expect(() => listWithNewDevice(current, companionEntry(again, 'agent'), () => true, NOW)).toThrow();
  });
});

describe('maintenanceNeeded', () => {
  it('is null for a fresh list without logged-out devices', () => {
    expect(maintenanceNeeded(current.list, () => false, NOW)).toBeNull();
  });

  it('renews a list with less than 15 days left', () => {
    const late = current.list.expiresAt - 14 * 86400;
    expect(maintenanceNeeded(current.list, () => false, late)).toEqual({ drop: [], renew: true });
  });

  it('drops logged-out companions but never the primary', () => {
    expect(maintenanceNeeded(current.list, () => true, NOW)).toEqual({ drop: [ids.companion1.keys.deviceId], renew: false });
  });
});

describe('describeAuditAction', () => {
  const entry = (action: string, details: Record<string, unknown> = {}, subjectDeviceId: string | null = 'dev1'): AuditEntry => ({
    id: 1,
    at: '2026-05-10T12:00:00Z',
    action,
    actorDeviceId: 'primary',
    subjectDeviceId,
    details,
  });
  const personOf = (id: string | null) => (id === 'dev1' ? 'Bruno' : null);

  it.each([
    [entry('account.setup', { businessNumber: '+4915112345678' }), 'Set up the account for +4915112345678'],
    [entry('link.approved', { method: 'code', role: 'agent', person: 'Bruno' }), 'Approved linking Bruno as Agent (by pairing code)'],
    [entry('link.completed', { role: 'admin' }), 'Bruno finished linking as Admin'],
    [entry('link.refused', { reason: 'companion-limit', limit: 4 }), 'Refused to link Bruno: the limit of 4 devices was reached'],
    [entry('link.refused', { reason: 'declined' }), 'Declined to link Bruno'],
    [entry('device.removed', {}), 'Logged out Bruno'],
    [entry('device-list.signed', { version: 4, removed: ['dev1'] }, null), 'Signed device list version 4 (removed 1 device)'],
    [entry('device-list.signed', { version: 5, removed: [] }, null), 'Signed device list version 5'],
    [entry('recovery.started', { person: 'Ana', label: 'Firefox on Linux' }), 'Ana (Firefox on Linux) started a recovery with the recovery key'],
    [entry('recovery.cancelled'), 'Cancelled a recovery'],
    [entry('recovery.completed', { listVersion: 7 }), 'A recovered browser became the primary device'],
    [entry('recovery.completed', { reset: true }), 'A new primary device started after the operator’s reset'],
    [entry('account.reset', { loggedOut: ['dev1'] }), 'The operator reset the account'],
    [entry('something.new'), 'something.new'],
  ])('%#: %s', (input, expected) => {
    expect(describeAuditAction(input, personOf)).toBe(expected);
  });

  it('names role changes and a device that logged itself out, in the interface language', async () => {
    expect(describeAuditAction(entry('device-list.signed', { version: 6, removed: [], roles: { dev1: 'admin' } }, null), personOf)).toBe(
      'Signed device list version 6 (Bruno is now Admin)',
    );
    expect(describeAuditAction(entry('device.removed', { reason: 'self' }), personOf)).toBe('Bruno logged itself out');
    const { setLanguage } = await import('../../src/i18n');
    setLanguage('de');
    try {
      expect(describeAuditAction(entry('link.approved', { method: 'qr', role: 'supervisor' }), personOf)).toBe('Verknüpfung von Bruno als Teamleitung bestätigt (per QR-Code)');
    } finally {
      setLanguage('en');
    }
  });

  it('falls back to the person in the details, then to "a device"', () => {
    expect(describeAuditAction(entry('link.approved', { person: 'Carla', role: 'agent', method: 'qr' }, 'x'), () => null)).toBe(
      'Approved linking Carla as Agent (by QR code)',
    );
    expect(describeAuditAction(entry('device.removed', {}, 'x'), () => null)).toBe('Logged out a device');
  });
});
