import { describe, expect, it } from 'vitest';
import { createRecoveryCard } from '../../src/devices/recovery';
import { B64u, deviceSignature, signDeviceList, verifyDeviceList, type DeviceList, type SignedDeviceList } from '../../src/protocol';
import {
  authorityKeyOf,
  formatRecoveryKey,
  parseRecoveryKey,
  unwrapAsBackupAdmin,
  unwrapAuthoritySeed,
  verifyTakeover,
  wrapAuthoritySeed,
  type SignedRecoveryClaim,
} from '../../src/protocol/recovery';
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
      isActive: () => true,
      becamePrimary: async () => undefined,
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

  it('names a backup admin with the typed recovery key, and the backup admin claims the account and takes over', async () => {
    const ids = await fixedIdentities();
    const seed = new Uint8Array(32).fill(7);
    const recoveryKey = new Uint8Array(32).fill(9);
    const authorityKey = B64u.encode(await authorityKeyOf(seed));
    const admin = entryFor(ids.companion1.keys, 'admin', 'Carla', 'Firefox');
    const current = await signDeviceList(
      listOf([entryFor(ids.primary.keys, 'owner', 'Ana', 'Chrome'), admin], { recoveryKey: authorityKey }),
      ids.primary.keys,
      { [admin.id]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
    );
    const status = {
      enabled: true, authorityKey, wrappedKey: B64u.encode(await wrapAuthoritySeed(recoveryKey, ACCOUNT, seed)),
      primaryKey: B64u.encode(ids.primary.keys.signingKey), vetoWindowSeconds: 259200, pending: null,
    };
    const sent: { path: string; body: unknown }[] = [];
    let stored: { deviceList: SignedDeviceList; wrappedKey: string } | null = null;
    const http = {
      get: async <T,>(path: string) => (path === '/api/recovery/backup-admin'
        ? { authorityKey, wrappedKey: stored!.wrappedKey, primaryKey: status.primaryKey } : status) as T,
      post: async <T,>(path: string, body?: unknown) => {
        sent.push({ path, body });
        return undefined as T;
      },
      put: async <T,>(path: string, body: unknown) => {
        sent.push({ path, body });
        stored = body as { deviceList: SignedDeviceList; wrappedKey: string };
        return undefined as T;
      },
    };
    const deps = { http, approveList: async () => undefined, accepted: async () => undefined, isActive: () => true,
      nowMs: () => (ISSUED_AT + 60) * 1000 };
    const owners = createRecoveryCard({ ...deps, keys: ids.primary.keys, current: () => current, becamePrimary: async () => undefined });

    await owners.markBackupAdmin(admin.id, (await formatRecoveryKey(recoveryKey)).toLowerCase());

    expect(owners.error.value).toBeNull();
    expect(sent.map((call) => call.path)).toEqual(['/api/recovery/backup-admin']);
    const marked = await verifyDeviceList(stored!.deviceList, {
      expectedAccount: ACCOUNT, pinnedPrimaryKey: ids.primary.keys.signingKey, lastAcceptedVersion: current.list.version, now: ISSUED_AT + 60,
    });
    expect(marked.list.backupAdmin).toBe(admin.id);
    expect(marked.list.devices).toEqual(current.list.devices);
    const recipient = { privateKey: ids.companion1.keys.agreementPrivateKey, publicKey: ids.companion1.keys.agreementKey };
    expect(await unwrapAsBackupAdmin(recipient, ACCOUNT, B64u.decode(authorityKey), B64u.decode(stored!.wrappedKey))).toEqual(seed);
    await owners.markBackupAdmin(admin.id, 'AAAA');
    expect(owners.error.value).not.toBeNull();

    let becamePrimary: SignedDeviceList | null = null;
    const backup = createRecoveryCard({ ...deps, keys: ids.companion1.keys, current: () => marked,
      becamePrimary: async (signed) => { becamePrimary = signed; } });
    await backup.recoverAsBackupAdmin();
    await backup.takeOver('claim-1');

    expect(backup.error.value).toBeNull();
    const claim = sent.find((call) => call.path === '/api/recovery/backup-claims')!.body as SignedRecoveryClaim;
    expect(claim.claim.newPrimary).toEqual({ ...admin, primary: true, role: 'owner' });
    const takeover = (sent.find((call) => call.path === '/api/recovery/claims/claim-1/complete')!.body as { deviceList: SignedDeviceList }).deviceList;
    const { primarySigningKey } = await verifyTakeover(takeover, claim, {
      expectedAccount: ACCOUNT, pinnedPrimaryKey: ids.primary.keys.signingKey, lastAccepted: marked.list, now: ISSUED_AT + 60,
    });
    expect(primarySigningKey).toEqual(ids.companion1.keys.signingKey);
    expect(becamePrimary).toEqual(takeover);
  });
});
