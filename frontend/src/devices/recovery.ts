import { signal } from '@preact/signals';
import { t } from '../i18n';
import type { RecoveryStatus } from '../lib/types';
import { errorMessage } from '../lib/api';
import { listWithBackupAdmin, listWithoutBackupAdmin, nowSeconds } from '../lib/deviceLists';
import {
  authorityKeyOf,
  B64u,
  DEVICE_LIST_TYPE,
  formatRecoveryKey,
  generateRecoveryKey,
  LIST_VALIDITY_SECONDS,
  parseRecoveryKey,
  randomBytes,
  RECOVERY_CLAIM_TYPE,
  signDeviceList,
  signRecoveryClaim,
  unwrapAsBackupAdmin,
  unwrapAuthoritySeed,
  wrapAuthoritySeed,
  wrapForBackupAdmin,
  type DeviceEntry,
  type DeviceKeys,
  type DeviceList,
  type SignedDeviceList,
} from '../protocol';

interface BackupWrap {
  authorityKey: string;
  wrappedKey: string;
  primaryKey: string;
}

export interface RecoveryDeps {
  http: { get<T>(path: string): Promise<T>; post<T>(path: string, body?: unknown): Promise<T>; put<T>(path: string, body: unknown): Promise<T> };
  keys: DeviceKeys;
  /** The list this device verified last, which the new one succeeds. */
  current(): SignedDeviceList | null;
  /** The owner's passkey approves the list when passkeys are required (protocol §7.1). */
  approveList(list: DeviceList): Promise<void>;
  accepted(signed: SignedDeviceList): Promise<void>;
  /** Whether a device on the list is still signed in (the server's view). */
  isActive(deviceId: string): boolean;
  /** The backup admin completed its takeover: this device is the primary now and pins its own key. */
  becamePrimary(signed: SignedDeviceList): Promise<void>;
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
        // A backup admin's wrap is of the old authority key: the new key names none until the owner names one again.
        const { backupAdmin: _old, ...unchanged } = current.list;
        const list: DeviceList = {
          ...unchanged,
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

    /**
     * The owner names an admin companion backup admin (§7.2): the typed recovery key opens the authority key's seed
     * (the primary forgot it once the key was shown), which is wrapped to that device's agreement key; the list names it.
     */
    markBackupAdmin(deviceId: string, typedKey: string): Promise<void> {
      return work(async () => {
        const current = deps.current();
        if (!current) throw new Error(t('recovery:noList'));
        const entry = current.list.devices.find((device) => device.id === deviceId);
        if (!entry) throw new Error(t('recovery:noList'));
        const recoveryKey = await parseRecoveryKey(typedKey).catch(() => {
          throw new Error(t('recovery:page.keyInvalid'));
        });
        const latest = await deps.http.get<RecoveryStatus>('/api/recovery');
        if (!latest.enabled || !latest.authorityKey || !latest.wrappedKey) throw new Error(t('recovery:page.notEnabled'));
        const account = current.list.account;
        const seed = await unwrapAuthoritySeed(recoveryKey, account, B64u.decode(latest.authorityKey), B64u.decode(latest.wrappedKey))
          .catch(() => {
            throw new Error(t('recovery:page.keyWrong'));
          });
        const { list, deviceSignatures } = listWithBackupAdmin(current, deviceId, nowSeconds(deps.nowMs()));
        await deps.approveList(list);
        const signed = await signDeviceList(list, deps.keys, deviceSignatures);
        const wrappedKey = B64u.encode(await wrapForBackupAdmin(B64u.decode(entry.agreementKey), account, seed));
        await deps.http.put('/api/recovery/backup-admin', { deviceList: signed, wrappedKey });
        await deps.accepted(signed);
        await load();
      }, 'recovery:backup.markFailed');
    },

    /** Takes the backup admin's power away: the list names none, and the server deletes its wrap. */
    unmarkBackupAdmin(): Promise<void> {
      return work(async () => {
        const current = deps.current();
        if (!current) throw new Error(t('recovery:noList'));
        const { list, deviceSignatures } = listWithoutBackupAdmin(current, deps.isActive, nowSeconds(deps.nowMs()));
        await deps.approveList(list);
        const signed = await signDeviceList(list, deps.keys, deviceSignatures);
        await deps.http.put('/api/devices/list', signed);
        await deps.accepted(signed);
        await load();
      }, 'recovery:backup.unmarkFailed');
    },

    /**
     * The backup admin claims the account for itself (§7.3): it opens the authority key with its own agreement key
     * and signs a claim naming its own entry as the new primary; every device sees it during the veto window.
     */
    recoverAsBackupAdmin(): Promise<void> {
      return work(async () => {
        const current = deps.current();
        const own = current?.list.devices.find((device) => device.id === deps.keys.deviceId);
        if (!current || !own) throw new Error(t('recovery:noList'));
        const wrap = await deps.http.get<BackupWrap>('/api/recovery/backup-admin');
        const seed = await unwrapAsBackupAdmin({ privateKey: deps.keys.agreementPrivateKey, publicKey: deps.keys.agreementKey },
          current.list.account, B64u.decode(wrap.authorityKey), B64u.decode(wrap.wrappedKey));
        const claim = await signRecoveryClaim({ type: RECOVERY_CLAIM_TYPE, account: current.list.account, authorityKey: wrap.authorityKey,
          replacedPrimaryKey: wrap.primaryKey, newPrimary: asPrimary(own), issuedAt: nowSeconds(deps.nowMs()) }, seed);
        await deps.http.post('/api/recovery/backup-claims', claim);
        await load();
      }, 'recovery:backup.recoverFailed');
    },

    /** After the veto window the backup admin signs the takeover list: itself alone, as primary, the recovery key kept. */
    takeOver(id: string): Promise<void> {
      return work(async () => {
        const current = deps.current();
        const own = current?.list.devices.find((device) => device.id === deps.keys.deviceId);
        if (!current || !own) throw new Error(t('recovery:noList'));
        const now = nowSeconds(deps.nowMs());
        const list: DeviceList = {
          type: DEVICE_LIST_TYPE,
          account: current.list.account,
          version: current.list.version + 1,
          issuedAt: now,
          expiresAt: now + LIST_VALIDITY_SECONDS,
          devices: [asPrimary(own)],
          ...(current.list.recoveryKey === undefined ? {} : { recoveryKey: current.list.recoveryKey }),
        };
        const signed = await signDeviceList(list, deps.keys);
        await deps.http.post(`/api/recovery/claims/${encodeURIComponent(id)}/complete`, { deviceList: signed });
        await deps.becamePrimary(signed);
        await load();
      }, 'recovery:backup.takeOverFailed');
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

/** A companion's own entry as the primary entry of a claim and its takeover list: same keys, owner. */
function asPrimary(entry: DeviceEntry): DeviceEntry {
  return { ...entry, primary: true, role: 'owner' };
}

export type RecoveryCard = ReturnType<typeof createRecoveryCard>;
