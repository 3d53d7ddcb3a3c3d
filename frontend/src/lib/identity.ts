import { DeviceKeys, type Bytes, type DeviceList, type DeviceRole } from '../protocol';
import { openMessageStore } from './messageStore';

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
  /**
   * Whose device this is: a device of the business (the default; records written before customers
   * existed have no kind) or a customer's browser. Kept under different keys of the same store.
   */
  kind?: IdentityKind;
  /** For a customer identity: the customer id, which is also the conversation id. */
  customerId?: string;
}

export type IdentityKind = 'business' | 'customer' | 'recovery';

const DB_NAME = 'switchboard';
const STORE = 'identity';
/** Record keys: the business device identity stays under `self` as before; a customer's under `customer`; a browser still recovering the account (its claim pending, protocol §7.3) under `recovery`. */
const KEYS: Record<IdentityKind, string> = { business: 'self', customer: 'customer', recovery: 'recovery' };

/**
 * Which identity this page works with. `loadIdentity`, `saveIdentity`, `updateIdentity` and
 * `clearIdentity` (and with them api.ts' silent sign-in and the logged-out handling) use it; the
 * customer's chat page switches it to 'customer' before anything else.
 */
let activeKind: IdentityKind = 'business';

export function setActiveIdentityKind(kind: IdentityKind): void {
  activeKind = kind;
}

export function activeIdentityKind(): IdentityKind {
  return activeKind;
}

const clearedListeners: Array<(identity: StoredIdentity) => void | Promise<void>> = [];

/** Called after an identity was cleared (e.g. to delete that device's local messages). */
export function onIdentityCleared(listener: (identity: StoredIdentity) => void | Promise<void>): void {
  clearedListeners.push(listener);
}

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
export async function loadIdentity(kind: IdentityKind = activeKind): Promise<StoredIdentity | null> {
  const value = await withStore<StoredIdentity>('readonly', (store) => store.get(KEYS[kind]) as IDBRequest<StoredIdentity>);
  return value ?? null;
}

export async function saveIdentity(identity: StoredIdentity, kind: IdentityKind = identity.kind ?? activeKind): Promise<void> {
  await requestPersistence();
  await withStore('readwrite', (store) => store.put(identity, KEYS[kind]));
}

/** Changes some fields of the stored identity; returns the result (or null if there is none). */
export async function updateIdentity(changes: Partial<StoredIdentity>, kind: IdentityKind = activeKind): Promise<StoredIdentity | null> {
  const current = await loadIdentity(kind);
  if (!current) return null;
  const next = { ...current, ...changes };
  await withStore('readwrite', (store) => store.put(next, KEYS[kind]));
  return next;
}

/** Forgets this browser's identity ("link again"): the keys are deleted for good. */
export async function clearIdentity(kind: IdentityKind = activeKind): Promise<void> {
  const current = await loadIdentity(kind).catch(() => null);
  await withStore('readwrite', (store) => store.delete(KEYS[kind]));
  if (current) {
    // The decrypted messages of a device go with its keys.
    await openMessageStore(current.deviceId)
      .clear()
      .catch(() => undefined);
    for (const listener of clearedListeners) {
      try {
        await listener(current);
      } catch {
        // the keys are gone; a failing clean-up must not undo that
      }
    }
  }
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
