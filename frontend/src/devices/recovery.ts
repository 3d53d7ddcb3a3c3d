import { signal } from '@preact/signals';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import {
  authorityKeyOf,
  B64u,
  formatRecoveryKey,
  generateRecoveryKey,
  LIST_VALIDITY_SECONDS,
  randomBytes,
  signDeviceList,
  wrapAuthoritySeed,
  type DeviceKeys,
  type DeviceList,
  type SignedDeviceList,
  type SignedRecoveryClaim,
} from '../protocol';

/** One recovery as `GET /api/recovery` shows it (protocol §12). */
export interface RecoveryView {
  id: string;
  kind: 'recovery' | 'reset';
  claim: SignedRecoveryClaim | null;
  status: 'pending' | 'cancelled' | 'completed' | 'void';
  startedAt: string;
  takesEffectAt: string;
}

export interface RecoveryStatus {
  enabled: boolean;
  authorityKey: string | null;
  vetoWindowSeconds: number;
  pending: RecoveryView | null;
}

export interface RecoveryDeps {
  http: { get<T>(path: string): Promise<T>; post<T>(path: string, body?: unknown): Promise<T>; put<T>(path: string, body: unknown): Promise<T> };
  keys: DeviceKeys;
  /** The list this device verified last, which the new one succeeds. */
  current(): SignedDeviceList | null;
  /** The owner's passkey approves the list when passkeys are required (protocol §7.1). */
  approveList(list: DeviceList): Promise<void>;
  accepted(signed: SignedDeviceList): Promise<void>;
  nowMs(): number;
}

/**
 * The recovery card of the devices page (protocol §7.2, §7.3): the primary turns the recovery key on (or makes a
 * new one) and sees it once; every business device sees a pending recovery, and the owner's and admins' cancel it.
 */
export function createRecoveryCard(deps: RecoveryDeps) {
  const status = signal<RecoveryStatus | null>(null);
  /** The recovery key in its text form, shown once right after it was made; never stored. */
  const shownKey = signal<string | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);

  async function load(): Promise<void> {
    try {
      status.value = await deps.http.get<RecoveryStatus>('/api/recovery');
    } catch (failure) {
      error.value = t('recovery:loadFailed', { error: errorMessage(failure) });
    }
  }

  async function work(task: () => Promise<void>, failed: string): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await task();
    } catch (failure) {
      error.value = t(failed, { error: errorMessage(failure) });
    } finally {
      busy.value = false;
    }
  }

  return {
    status,
    shownKey,
    busy,
    error,
    load,

    /** A new authority key and recovery key: the seed is wrapped, the list commits to the key, and only the text is kept (on screen). */
    turnOn(): Promise<void> {
      return work(async () => {
        const current = deps.current();
        if (!current) throw new Error(t('recovery:noList'));
        const recoveryKey = generateRecoveryKey();
        const seed = randomBytes(32);
        const authorityKey = B64u.encode(await authorityKeyOf(seed));
        const now = nowSeconds(deps.nowMs());
        const list: DeviceList = {
          ...current.list,
          version: current.list.version + 1,
          issuedAt: now,
          expiresAt: now + LIST_VALIDITY_SECONDS,
          recoveryKey: authorityKey,
        };
        await deps.approveList(list);
        const signed = await signDeviceList(list, deps.keys, current.deviceSignatures);
        const wrappedKey = B64u.encode(await wrapAuthoritySeed(recoveryKey, current.list.account, seed));
        await deps.http.put('/api/recovery', { deviceList: signed, wrappedKey });
        shownKey.value = await formatRecoveryKey(recoveryKey);
        await deps.accepted(signed);
        await load();
      }, 'recovery:turnOnFailed');
    },

    /** The owner has written the key down: it leaves the screen for good. */
    dismissKey(): void {
      shownKey.value = null;
    },

    cancel(id: string): Promise<void> {
      return work(async () => {
        await deps.http.post(`/api/recovery/claims/${encodeURIComponent(id)}/cancel`);
        await load();
      }, 'recovery:cancelFailed');
    },
  };
}

export type RecoveryCard = ReturnType<typeof createRecoveryCard>;
