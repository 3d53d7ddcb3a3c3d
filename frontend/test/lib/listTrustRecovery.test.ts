import { beforeAll, describe, expect, it } from 'vitest';
import { ListTrust } from '../../src/lib/listTrust';
import { MemoryMessageStore } from '../../src/lib/messageStore';
import { B64u, DeviceKeys, signDeviceList } from '../../src/protocol';
import { ACCOUNT, entryFor, fixedIdentities, listOf, type FixedIdentities } from '../support/fixtures';
import { buildRecoveryVectors, type RecoveryVectors } from '../support/recoveryVectors';

/** A customer's client follows the business's recovery (protocol §7.3) only with a claim under the committed key. */
let ids: FixedIdentities;
let vectors: RecoveryVectors;
let customer: DeviceKeys;

beforeAll(async () => {
  ids = await fixedIdentities();
  vectors = await buildRecoveryVectors(ids);
  customer = await DeviceKeys.generate();
});

async function trustWith(options: { claim?: unknown; changed?: string[]; reset?: boolean; onChanged?: () => void }): Promise<{ trust: ListTrust; store: MemoryMessageStore }> {
  const store = new MemoryMessageStore(customer.deviceId);
  const own = await signDeviceList(listOf([entryFor(customer, 'owner', 'Maria', 'Firefox')], { account: '+351912345678', version: 1 }), customer);
  const trust = new ListTrust({
    store,
    own: { owner: 'customer-1', account: '+351912345678', primarySigningKey: customer.signingKey, version: 1, list: own.list },
    now: () => vectors.now,
    recoveryClaim: options.claim === undefined ? undefined : async () => options.claim,
    operatorReset: async () => options.reset ?? false,
    onPrimaryChanged: (owner, key) => {
      options.changed?.push(`${owner}:${B64u.encode(key)}`);
      options.onChanged?.();
    },
  });
  await trust.accept('business', vectors.lastAccepted, ACCOUNT);
  return { trust, store };
}

describe('ListTrust and a recovered business', () => {
  it('moves the pin to the new primary with a valid claim and says that the security code changed', async () => {
    const changed: string[] = [];
    const { trust, store } = await trustWith({ claim: vectors.claim, changed });
    await trust.accept('business', vectors.takeover, ACCOUNT);
    const newKey = B64u.encode(ids.companion2.keys.signingKey);
    expect(changed).toEqual([`business:${newKey}`]);
    expect((await store.getPin('business'))?.primarySigningKey).toBe(newKey);
    // From now on the old primary's lists are the foreign ones: the same claim does not replace the new pin.
    const oldPrimaryList = await signDeviceList(listOf([entryFor(ids.primary.keys, 'owner', 'Ana', 'Chrome')], { version: 9 }), ids.primary.keys);
    await expect(trust.accept('business', oldPrimaryList, ACCOUNT)).rejects.toMatchObject({ reason: 'bad-recovery-claim' });
    expect((await store.getPin('business'))?.primarySigningKey).toBe(newKey);
  });

  it('refuses the new key without a claim, or with a claim the pinned list did not commit to', async () => {
    const none = await trustWith({ claim: null });
    await expect(none.trust.accept('business', vectors.takeover, ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
    const forged = await trustWith({ claim: vectors.invalidTakeovers[0]!.claim });
    await expect(forged.trust.accept('business', vectors.takeover, ACCOUNT)).rejects.toMatchObject({ reason: 'bad-recovery-claim' });
    expect((await forged.store.getPin('business'))?.primarySigningKey).toBe(vectors.pinnedPrimaryKey);
  });

  it('keeps warning after a recovery until the customer accepts the new code', async () => {
    const seen: unknown[] = [];
    const holder: { trust?: ListTrust } = {};
    const { trust, store } = await trustWith({ claim: vectors.claim, onChanged: async () => seen.push(await holder.trust!.codeChange('business')) });
    holder.trust = trust;
    await trust.accept('business', vectors.takeover, ACCOUNT);
    const newKey = B64u.encode(ids.companion2.keys.signingKey);
    expect(await trust.codeChange('business')).toEqual({ kind: 'recovery', primarySigningKey: newKey, agreementKey: B64u.encode(ids.companion2.keys.agreementKey) });
    await trust.accept('business', vectors.takeover, ACCOUNT);
    expect((await trust.codeChange('business'))?.kind).toBe('recovery');
    // Whoever is told reads the change already stored, once.
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ kind: 'recovery', primarySigningKey: newKey });

    await trust.acceptCodeChange('business');
    expect(await trust.codeChange('business')).toBeUndefined();
    expect((await store.getPin('business'))?.primarySigningKey).toBe(newKey);
  });
});

describe('ListTrust and a business reset by its operator (protocol §7.4)', () => {
  async function resetList() {
    return signDeviceList(listOf([entryFor(ids.companion2.keys, 'owner', 'Ana Again', 'Firefox')], { version: 3 }), ids.companion2.keys);
  }

  it('refuses the new trust root until the customer accepts its code, then follows it', async () => {
    const changed: string[] = [];
    const { trust, store } = await trustWith({ claim: null, reset: true, changed });
    const list = await resetList();
    const newKey = B64u.encode(ids.companion2.keys.signingKey);

    await expect(trust.accept('business', list, ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
    expect(await trust.codeChange('business')).toEqual({ kind: 'reset', primarySigningKey: newKey, agreementKey: B64u.encode(ids.companion2.keys.agreementKey) });
    expect((await store.getPin('business'))?.primarySigningKey).toBe(vectors.pinnedPrimaryKey);
    expect(changed).toEqual([`business:${newKey}`]);
    // Asked again (a reload), it still refuses and still warns, without telling twice.
    await expect(trust.accept('business', list, ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
    expect(changed).toHaveLength(1);

    await trust.acceptCodeChange('business');
    expect((await trust.accept('business', list, ACCOUNT)).list.version).toBe(3);
    expect((await store.getPin('business'))?.primarySigningKey).toBe(newKey);
    expect(await trust.codeChange('business')).toBeUndefined();
  });

  it('offers nothing when the server does not report a reset, or the new list does not verify under its own key', async () => {
    const quiet = await trustWith({ claim: null, reset: false });
    await expect(quiet.trust.accept('business', await resetList(), ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
    expect(await quiet.trust.codeChange('business')).toBeUndefined();

    const stale = await trustWith({ claim: null, reset: true });
    const old = await signDeviceList(listOf([entryFor(ids.companion2.keys, 'owner', 'Ana Again', 'Firefox')], { version: 1 }), ids.companion2.keys);
    await expect(stale.trust.accept('business', old, ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
    expect(await stale.trust.codeChange('business')).toBeUndefined();
  });
});
