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

async function trustWith(options: { claim?: unknown; changed?: string[] }): Promise<{ trust: ListTrust; store: MemoryMessageStore }> {
  const store = new MemoryMessageStore(customer.deviceId);
  const own = await signDeviceList(listOf([entryFor(customer, 'owner', 'Maria', 'Firefox')], { account: '+351912345678', version: 1 }), customer);
  const trust = new ListTrust({
    store,
    own: { owner: 'customer-1', account: '+351912345678', primarySigningKey: customer.signingKey, version: 1, list: own.list },
    now: () => vectors.now,
    recoveryClaim: options.claim === undefined ? undefined : async () => options.claim,
    onPrimaryChanged: (owner, key) => options.changed?.push(`${owner}:${B64u.encode(key)}`),
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
});
