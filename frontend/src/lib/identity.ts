import { DeviceKeys, type Bytes, type DeviceList, type DeviceRole } from '../protocol';

/**
 * This browser's device identity, kept in IndexedDB (database `switchboard`, store `identity`,
 * one record under the key `self`). The CryptoKeys are stored as they are: their private halves
 * are non-extractable, IndexedDB keeps them as opaque key objects.
 */
export interface StoredIdentity {
  signingKeyPair: CryptoKeyPair;
  agreementKeyPair: CryptoKeyPair;
  /** Raw public keys, 32 bytes each. */
  signingKey: Bytes;
  agreementKey: Bytes;
  deviceId: string;
  /** The business number (E.164) this device belongs to. */
  account: string;
  /** Raw Ed25519 key of the primary, pinned at setup or when this browser was linked. */
  primarySigningKey: Bytes;
  /** Highest device-list version accepted, and that list's body (an equal version must be identical). */
  listVersion: number;
  acceptedList?: DeviceList;
  person: string;
  role: DeviceRole;
  primary: boolean;
  createdAt: number;
}

const DB_NAME = 'switchboard';
const STORE = 'identity';
const KEY = 'self';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | null): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      let result: T | undefined;
      if (request) request.onsuccess = () => (result = request.result);
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** The stored identity, or null when this browser has none (never set up or linked, or cleared). */
export async function loadIdentity(): Promise<StoredIdentity | null> {
  const value = await withStore<StoredIdentity>('readonly', (store) => store.get(KEY) as IDBRequest<StoredIdentity>);
  return value ?? null;
}

export async function saveIdentity(identity: StoredIdentity): Promise<void> {
  await requestPersistence();
  await withStore('readwrite', (store) => store.put(identity, KEY));
}

/** Changes some fields of the stored identity; returns the result (or null if there is none). */
export async function updateIdentity(changes: Partial<StoredIdentity>): Promise<StoredIdentity | null> {
  const current = await loadIdentity();
  if (!current) return null;
  const next = { ...current, ...changes };
  await withStore('readwrite', (store) => store.put(next, KEY));
  return next;
}

/** Forgets this browser's identity ("link again"): the keys are deleted for good. */
export async function clearIdentity(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(KEY));
}

/** The DeviceKeys of a stored identity, for signing. */
export function keysOf(identity: StoredIdentity): Promise<DeviceKeys> {
  return DeviceKeys.fromKeyPairs(identity.signingKeyPair, identity.agreementKeyPair);
}

/** Builds a record to store from fresh keys. */
export function newIdentity(
  keys: DeviceKeys,
  fields: Pick<StoredIdentity, 'account' | 'primarySigningKey' | 'listVersion' | 'acceptedList' | 'person' | 'role' | 'primary'>,
): StoredIdentity {
  return {
    signingKeyPair: keys.signingKeyPair,
    agreementKeyPair: keys.agreementKeyPair,
    signingKey: keys.signingKey,
    agreementKey: keys.agreementKey,
    deviceId: keys.deviceId,
    createdAt: Date.now(),
    ...fields,
  };
}

/** Asks the browser not to evict this site's storage (losing the keys means linking again). */
export async function requestPersistence(): Promise<boolean> {
  try {
    if (navigator.storage?.persisted && (await navigator.storage.persisted())) return true;
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
