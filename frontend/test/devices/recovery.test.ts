import { describe, expect, it } from 'vitest';
import { createRecoveryCard } from '../../src/devices/recovery';
import { B64u, deviceSignature, signDeviceList, verifyDeviceList, type DeviceList, type SignedDeviceList } from '../../src/protocol';
import { parseRecoveryKey, unwrapAuthoritySeed, authorityKeyOf } from '../../src/protocol/recovery';
import { ACCOUNT, entryFor, fixedIdentities, ISSUED_AT, listOf } from '../support/fixtures';

describe('the recovery card (protocol §7.2)', () => {
  it('turning recovery on signs the next list with the authority key, sends its wrap, and shows a key that opens it', async () => {
    const ids = await fixedIdentities();
    const current = await signDeviceList(
      listOf([entryFor(ids.primary.keys, 'owner', 'Ana', 'Chrome'), entryFor(ids.companion1.keys, 'agent', 'Bruno', 'Firefox')]),
      ids.primary.keys,
      { [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
    );
    const puts: { path: string; body: { deviceList: SignedDeviceList; wrappedKey: string } }[] = [];
    const approved: DeviceList[] = [];
    let accepted: SignedDeviceList | null = null;
    const card = createRecoveryCard({
      http: {
        get: async <T,>() => ({ enabled: true, authorityKey: null, vetoWindowSeconds: 259200, pending: null }) as T,
        post: async <T,>() => undefined as T,
        put: async <T,>(path: string, body: unknown) => {
          puts.push({ path, body: body as { deviceList: SignedDeviceList; wrappedKey: string } });
          return undefined as T;
        },
      },
      keys: ids.primary.keys,
      current: () => current,
      approveList: async (list) => {
        approved.push(list);
      },
      accepted: async (signed) => {
        accepted = signed;
      },
      nowMs: () => (ISSUED_AT + 60) * 1000,
    });

    await card.turnOn();

    expect(card.error.value).toBeNull();
    expect(puts.map((put) => put.path)).toEqual(['/api/recovery']);
    const { deviceList, wrappedKey } = puts[0]!.body;
    const verified = await verifyDeviceList(deviceList, {
      expectedAccount: ACCOUNT,
      pinnedPrimaryKey: ids.primary.keys.signingKey,
      lastAcceptedVersion: current.list.version,
      now: ISSUED_AT + 60,
    });
    expect(verified.list.version).toBe(current.list.version + 1);
    expect(verified.list.devices).toEqual(current.list.devices);
    expect(approved).toEqual([deviceList.list]);
    expect(accepted).toEqual(deviceList);
    const shown = card.shownKey.value!;
    expect(shown).toMatch(/^([2-9A-HJ-NP-Z]{4} ){13}[2-9A-HJ-NP-Z]{4}$/);
    const authorityKey = B64u.decode(deviceList.list.recoveryKey!);
    const seed = await unwrapAuthoritySeed(await parseRecoveryKey(shown), ACCOUNT, authorityKey, B64u.decode(wrappedKey));
    expect(await authorityKeyOf(seed)).toEqual(authorityKey);
    card.dismissKey();
    expect(card.shownKey.value).toBeNull();
  });
});
