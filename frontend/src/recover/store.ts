import { signal } from '@preact/signals';
import { t } from '../i18n';
import { api, errorMessage, signIn } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import { clearIdentity, keysOf, loadIdentity, newIdentity, saveIdentity, type StoredIdentity } from '../lib/identity';
import { describeBrowser } from '../lib/ui';
import {
  B64u,
  DEVICE_LIST_TYPE,
  DeviceKeys,
  LIST_VALIDITY_SECONDS,
  parseRecoveryKey,
  RECOVERY_CLAIM_TYPE,
  signDeviceList,
  signRecoveryClaim,
  unwrapAuthoritySeed,
  type DeviceEntry,
  type DeviceList,
} from '../protocol';

/** `GET /api/recovery` (protocol §12), the parts a recovering browser reads. */
interface Status {
  enabled: boolean;
  authorityKey: string | null;
  wrappedKey: string | null;
  primaryKey: string;
  listVersion: number;
}

interface Claim {
  id: string;
  status: 'pending' | 'cancelled' | 'completed' | 'void';
  takesEffectAt: string;
}

/** Where the pending recovery's id is kept between visits (the keys are in IndexedDB, as identity kind `recovery`). */
const CLAIM_ID = 'switchboard.recovery.claim';

export type Step = 'start' | 'working' | 'waiting' | 'ready' | 'done' | 'stopped';

/**
 * A new browser recovers the account (protocol §7.3, §7.4): with the recovery key it sends a claim and waits out
 * the veto window, then signs the takeover list; with an operator's reset link it signs the first list of a new
 * trust root at once. Either way it ends up as the primary and goes to the devices page.
 */
export function createRecoverStore(nowMs: () => number = Date.now) {
  const step = signal<Step>('start');
  const resetToken = signal<string | null>(null);
  const error = signal<string | null>(null);
  const claim = signal<Claim | null>(null);

  const entryOf = (keys: DeviceKeys, person: string): DeviceEntry => ({
    id: keys.deviceId,
    primary: true,
    role: 'owner',
    person,
    label: describeBrowser(navigator.userAgent),
    signingKey: B64u.encode(keys.signingKey),
    agreementKey: B64u.encode(keys.agreementKey),
  });

  const listOf = (account: string, version: number, entry: DeviceEntry, recoveryKey?: string): DeviceList => {
    const now = nowSeconds(nowMs());
    return {
      type: DEVICE_LIST_TYPE,
      account,
      version,
      issuedAt: now,
      expiresAt: now + LIST_VALIDITY_SECONDS,
      devices: [entry],
      ...(recoveryKey ? { recoveryKey } : {}),
    };
  };

  /** The new primary's identity becomes this browser's business identity; it signs in and opens the devices page. */
  async function becomePrimary(identity: StoredIdentity, list: DeviceList): Promise<void> {
    await saveIdentity({ ...identity, listVersion: list.version, acceptedList: list, primarySigningKey: identity.signingKey }, 'business');
    await clearIdentity('recovery');
    localStorage.removeItem(CLAIM_ID);
    await signIn();
    step.value = 'done';
    location.replace('/devices');
  }

  async function run(work: () => Promise<void>, back: Step): Promise<void> {
    error.value = null;
    step.value = 'working';
    try {
      await work();
    } catch (failure) {
      error.value = errorMessage(failure);
      step.value = back;
    }
  }

  async function refreshClaim(): Promise<void> {
    const id = localStorage.getItem(CLAIM_ID);
    if (!id) return;
    const current = await api.get<Claim>(`/api/recovery/claims/${encodeURIComponent(id)}`);
    claim.value = current;
    if (current.status !== 'pending') {
      step.value = 'stopped';
      await clearIdentity('recovery');
      localStorage.removeItem(CLAIM_ID);
    } else {
      step.value = Date.parse(current.takesEffectAt) <= nowMs() ? 'ready' : 'waiting';
    }
  }

  return {
    step,
    resetToken,
    error,
    claim,

    async start(hash: string): Promise<void> {
      resetToken.value = new URLSearchParams(hash.replace(/^#/, '')).get('reset');
      if (!resetToken.value && localStorage.getItem(CLAIM_ID) && (await loadIdentity('recovery'))) await refreshClaim();
    },

    refreshClaim,

    /** With the recovery key: unwrap the authority key, claim the account for a new key pair, wait for the veto window. */
    recoverWithKey(typedKey: string, person: string): Promise<void> {
      return run(async () => {
        const recoveryKey = await parseRecoveryKey(typedKey).catch(() => {
          throw new Error(t('recovery:page.keyInvalid'));
        });
        const { businessNumber } = await api.get<{ businessNumber: string }>('/api/account');
        const status = await api.get<Status>('/api/recovery');
        if (!status.enabled || !status.authorityKey || !status.wrappedKey) throw new Error(t('recovery:page.notEnabled'));
        const seed = await unwrapAuthoritySeed(recoveryKey, businessNumber, B64u.decode(status.authorityKey), B64u.decode(status.wrappedKey))
          .catch(() => {
            throw new Error(t('recovery:page.keyWrong'));
          });
        const keys = await DeviceKeys.generate();
        const entry = entryOf(keys, person);
        const signed = await signRecoveryClaim(
          { type: RECOVERY_CLAIM_TYPE, account: businessNumber, authorityKey: status.authorityKey, replacedPrimaryKey: status.primaryKey,
            newPrimary: entry, issuedAt: nowSeconds(nowMs()) },
          seed,
        );
        // The keys must outlive the veto window: kept apart from any business identity until the takeover.
        await saveIdentity(newIdentity(keys, { account: businessNumber, primarySigningKey: keys.signingKey, listVersion: status.listVersion,
          person, role: 'owner', primary: true }), 'recovery');
        const created = await api.post<Claim>('/api/recovery/claims', signed);
        localStorage.setItem(CLAIM_ID, created.id);
        claim.value = created;
        step.value = 'waiting';
      }, 'start');
    },

    /** After the veto window: the takeover list, only this browser, the recovery key kept. */
    completeRecovery(): Promise<void> {
      return run(async () => {
        const identity = await loadIdentity('recovery');
        const id = localStorage.getItem(CLAIM_ID);
        if (!identity || !id) throw new Error(t('recovery:page.lost'));
        const keys = await keysOf(identity);
        const status = await api.get<Status>('/api/recovery');
        const list = listOf(identity.account, status.listVersion + 1, entryOf(keys, identity.person), status.authorityKey ?? undefined);
        await api.post(`/api/recovery/claims/${encodeURIComponent(id)}/complete`, { deviceList: await signDeviceList(list, keys) });
        await becomePrimary(identity, list);
      }, step.value === 'waiting' ? 'waiting' : 'ready');
    },

    /** With the operator's reset link: the first list of a new trust root, accepted at once. */
    resetWithLink(person: string): Promise<void> {
      return run(async () => {
        const { businessNumber } = await api.get<{ businessNumber: string }>('/api/account');
        const status = await api.get<Status>('/api/recovery');
        const keys = await DeviceKeys.generate();
        const list = listOf(businessNumber, status.listVersion + 1, entryOf(keys, person));
        const identity = newIdentity(keys, { account: businessNumber, primarySigningKey: keys.signingKey, listVersion: list.version,
          acceptedList: list, person, role: 'owner', primary: true });
        // Kept before the server knows the key, as at setup: a primary whose key is lost would need another reset.
        await saveIdentity(identity, 'business');
        try {
          await api.post('/api/recovery/reset', { token: resetToken.value, deviceList: await signDeviceList(list, keys) });
        } catch (failure) {
          await clearIdentity('business');
          throw failure;
        }
        step.value = 'done';
        location.replace('/devices');
      }, 'start');
    },
  };
}

export type RecoverStore = ReturnType<typeof createRecoverStore>;
