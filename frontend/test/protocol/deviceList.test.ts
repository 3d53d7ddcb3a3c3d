import { beforeAll, describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import {
  CLOCK_SKEW_SECONDS,
  DeviceListError,
  deviceSignature,
  shouldResign,
  signDeviceList,
  verifyDeviceList,
  type DeviceListRejection,
  type DeviceListVerification,
  type SignedDeviceList,
} from '../../src/protocol/deviceList';
import { ProtocolError } from '../../src/protocol/protocolError';
import {
  ACCOUNT,
  companionEntry,
  fixedIdentities,
  invalidListCases,
  listOf,
  NOW,
  primaryEntry,
  validSignedList,
  type FixedIdentities,
  type InvalidListCase,
} from '../support/fixtures';

let ids: FixedIdentities;
let valid: SignedDeviceList;
let invalid: InvalidListCase[];

beforeAll(async () => {
  ids = await fixedIdentities();
  valid = await validSignedList(ids);
  invalid = await invalidListCases(ids);
});

function options(overrides: Partial<DeviceListVerification> = {}): DeviceListVerification {
  return {
    expectedAccount: ACCOUNT,
    pinnedPrimaryKey: ids.primary.keys.signingKey,
    lastAcceptedVersion: 0,
    now: NOW,
    ...overrides,
  };
}

async function rejection(candidate: unknown, verification: DeviceListVerification): Promise<DeviceListRejection> {
  try {
    await verifyDeviceList(candidate, verification);
  } catch (error) {
    if (error instanceof DeviceListError) return error.reason;
    throw error;
  }
  throw new Error('the list was accepted');
}

describe('device list verification', () => {
  it('accepts the valid list and returns it', async () => {
    expect(await verifyDeviceList(valid, options())).toBe(valid);
  });

  it('accepts a list that survived a JSON round trip', async () => {
    await verifyDeviceList(JSON.parse(JSON.stringify(valid)), options());
  });

  it('accepts a companion without device signature while it is pending', async () => {
    const withoutCountersignature = { ...valid, deviceSignatures: {} };
    const pending = options({ pendingDeviceIds: [ids.companion1.keys.deviceId] });
    await verifyDeviceList(withoutCountersignature, pending);
    expect(await rejection(withoutCountersignature, options())).toBe('missing-device-signature');
  });

  it('still checks a pending companion’s device signature when it is present', async () => {
    const forged = { ...valid, deviceSignatures: { [ids.companion1.keys.deviceId]: valid.signature } };
    expect(await rejection(forged, options({ pendingDeviceIds: [ids.companion1.keys.deviceId] }))).toBe(
      'bad-device-signature',
    );
  });

  it('accepts the same version again only as the identical body', async () => {
    await verifyDeviceList(valid, options({ lastAcceptedVersion: 2, lastAcceptedList: structuredClone(valid.list) }));
    expect(await rejection(valid, options({ lastAcceptedVersion: 2 }))).toBe('stale-version');
    const other = structuredClone(valid.list);
    other.devices[0]!.label = 'Other label';
    expect(await rejection(valid, options({ lastAcceptedVersion: 2, lastAcceptedList: other }))).toBe('stale-version');
  });

  it('allows five minutes of clock skew past expiresAt, not more', async () => {
    const { expiresAt } = valid.list;
    await verifyDeviceList(valid, options({ now: expiresAt + CLOCK_SKEW_SECONDS - 1 }));
    expect(await rejection(valid, options({ now: expiresAt + CLOCK_SKEW_SECONDS }))).toBe('expired');
  });

  it('accepts a customer list whose companion has the role member (§13.1)', async () => {
    const customer = '+5511987654321';
    const list = listOf([primaryEntry(ids), { ...companionEntry(ids), role: 'member' }], { account: customer });
    const signed = await signDeviceList(list, ids.primary.keys, {
      [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, customer, ids.primary.keys.signingKey),
    });
    const verified = await verifyDeviceList(JSON.parse(JSON.stringify(signed)), options({ expectedAccount: customer }));
    expect(verified.list.devices.find((device) => !device.primary)!.role).toBe('member');
    // The primary is still the owner, never a member.
    const memberPrimary = listOf([{ ...primaryEntry(ids), role: 'member' }, companionEntry(ids)], { account: customer });
    await expect(signDeviceList(memberPrimary, ids.primary.keys)).rejects.toHaveProperty('reason', 'malformed');
  });

  it('accepts a backupAdmin only as an admin companion of a list with a recovery key (§4, §7.2)', async () => {
    const admin = { ...companionEntry(ids), role: 'admin' as const };
    const recoveryKey = B64u.encode(ids.companion2.keys.signingKey);
    const signatures = { [admin.id]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) };
    const named = await signDeviceList(listOf([primaryEntry(ids), admin], { recoveryKey, backupAdmin: admin.id }), ids.primary.keys, signatures);
    expect((await verifyDeviceList(JSON.parse(JSON.stringify(named)), options())).list.backupAdmin).toBe(admin.id);
    for (const wrong of [
      listOf([primaryEntry(ids), admin], { backupAdmin: admin.id }),
      listOf([primaryEntry(ids), admin], { recoveryKey, backupAdmin: primaryEntry(ids).id }),
      listOf([primaryEntry(ids), admin], { recoveryKey, backupAdmin: ids.companion2.keys.deviceId }),
      listOf([primaryEntry(ids), companionEntry(ids)], { recoveryKey, backupAdmin: admin.id }),
    ]) {
      await expect(signDeviceList(wrong, ids.primary.keys, signatures)).rejects.toHaveProperty('reason', 'malformed');
    }
  });

  it('treats a signature that does not decode as one that does not verify', async () => {
    expect(await rejection({ ...valid, signature: '!' }, options())).toBe('bad-signature');
  });

  it.each([
    ['an unknown member', (s: SignedDeviceList) => ({ ...s, extra: 1 })],
    ['a missing deviceSignatures', ({ list, signature }: SignedDeviceList) => ({ list, signature })],
    ['a float version', (s: SignedDeviceList) => ({ ...s, list: { ...s.list, version: 2.5 } })],
    ['a null label', (s: SignedDeviceList) => ({ ...s, list: { ...s.list, devices: s.list.devices.map((d) => ({ ...d, label: null })) } })],
    ['a short key', (s: SignedDeviceList) => ({ ...s, list: { ...s.list, devices: s.list.devices.map((d) => ({ ...d, agreementKey: 'AAAA' })) } })],
    ['a non-E.164 account', (s: SignedDeviceList) => ({ ...s, list: { ...s.list, account: '015112345678' } })],
  ])('reports %s as malformed', async (_name, damage) => {
    expect(await rejection(damage(valid), options())).toBe('malformed');
  });
});

describe('one test per rejection reason', () => {
  const reasons: DeviceListRejection[] = [
    'malformed',
    'wrong-account',
    'wrong-primary-key',
    'bad-signature',
    'stale-version',
    'expired',
    'missing-device-signature',
    'bad-device-signature',
    'wrong-device-id',
    'unexpected-device-signature',
  ];
  for (const reason of reasons) {
    it(`rejects with '${reason}'`, async () => {
      const cases = invalid.filter((c) => c.reason === reason);
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const verification = options({ pinnedPrimaryKey: c.pinnedPrimaryKey, lastAcceptedVersion: c.lastAcceptedVersion, now: c.now });
        expect(await rejection(c.signed, verification), c.defect).toBe(reason);
      }
    });
  }
});

describe('signing', () => {
  it('asks for a re-signed list once less than 15 days are left', () => {
    const fifteenDays = 15 * 24 * 3600;
    expect(shouldResign(valid.list, valid.list.expiresAt - fifteenDays)).toBe(false);
    expect(shouldResign(valid.list, valid.list.expiresAt - fifteenDays + 1)).toBe(true);
  });

  it('makes device signatures that verify only for the primary they name', async () => {
    const forOtherPrimary = await deviceSignature(ids.companion1.keys, ACCOUNT, ids.companion2.keys.signingKey);
    const signed = { ...valid, deviceSignatures: { [ids.companion1.keys.deviceId]: forOtherPrimary } };
    expect(await rejection(signed, options())).toBe('bad-device-signature');
  });

  it('refuses to sign a malformed body', async () => {
    const list = listOf([primaryEntry(ids), { ...companionEntry(ids), person: '' }]);
    await expect(signDeviceList(list, ids.primary.keys)).rejects.toBeInstanceOf(DeviceListError);
  });

  it('refuses to sign a list whose primary entry is another device', async () => {
    const list = listOf([primaryEntry(ids), companionEntry(ids)]);
    await expect(signDeviceList(list, ids.companion2.keys)).rejects.toBeInstanceOf(ProtocolError);
  });

  it('signs with the primary key over the canonical body', async () => {
    const again = await signDeviceList(valid.list, ids.primary.keys, valid.deviceSignatures);
    expect(again.signature).toBe(valid.signature);
    expect(B64u.decode(again.signature)).toHaveLength(64);
  });
});
