import type { Attachment, DeviceList, MessageKind } from '../protocol';
import { messageMatches, normalizeQuery } from './search';
import type { ConversationSide } from './types';

/**
 * The device's local copy of conversations: decrypted messages, pinned device-list keys and small
 * bookkeeping. Content never goes back to the server; it lives here only (IndexedDB database
 * `switchboard-messages`). Every record is scoped by the local device id, so a browser that holds a
 * business device and a customer identity, or that was linked again, keeps them apart.
 */

export type MessageStatus =
  /** Sent by this device and stored by the server (it has a seq). */
  | 'sent'
  /** Delivered to this device and decrypted. */
  | 'received'
  /** Delivered, but failed verification or decryption: shown as "could not be decrypted". */
  | 'undecryptable';

export interface LocalMessage {
  /** The local device id (scope). */
  device: string;
  conversation: string;
  seq: number;
  clientMessageId: string | null;
  /** Sender device id (from the verified header). */
  sender: string;
  side: ConversationSide;
  /** The sender's person name from the signed list, when known. */
  senderName: string | null;
  kind: MessageKind;
  /** Decrypted text (the caption for attachments); null when undecryptable. */
  text: string | null;
  status: MessageStatus;
  /** Header sentAt, Unix seconds (the sender's clock). */
  sentAt: number;
  /** When the server committed it (ISO), when known. */
  storedAt: string | null;
  /** For attachment kinds: the file name. */
  attachmentName?: string;
  /** For attachment kinds: the blob reference from the content (key, hash, size, thumbnail). */
  attachment?: Attachment;
  /** Why it could not be decrypted (an EnvelopeError / DeviceListError code). */
  error?: string;
}

/**
 * A pinned device list owner (trust on first use, protocol §13.1): 'business' or a customer id.
 * `lists` are the accepted bodies, oldest first, the last one the highest version accepted.
 */
export interface PinRecord {
  device: string;
  owner: string;
  account: string;
  /** b64u of the pinned primary signing key. */
  primarySigningKey: string;
  lists: DeviceList[];
  firstSeenAt: number;
  /**
   * The other side's primary, and so its security code, changed and the person has not accepted that yet (protocol
   * §7.3, §7.4). After a recovery the pin has moved already (a claim proved it); after an operator's reset the pin
   * stays until the person accepts, and lists under the new key are refused until then.
   */
  codeChange?: CodeChange;
}

export interface CodeChange {
  kind: 'recovery' | 'reset';
  /** b64u of the new primary's signing and agreement keys (its security code). */
  primarySigningKey: string;
  agreementKey: string;
}

/** How many accepted versions per owner are kept (to verify senders of older messages). */
export const KEPT_LIST_VERSIONS = 20;

export interface MessageStore {
  readonly device: string;
  getMessage(conversation: string, seq: number): Promise<LocalMessage | undefined>;
  putMessage(message: LocalMessage): Promise<void>;
  /** All messages of a conversation in seq order. */
  listMessages(conversation: string): Promise<LocalMessage[]>;
  lastMessage(conversation: string): Promise<LocalMessage | undefined>;
  /**
   * Messages of every conversation whose text (caption, note) or attachment name contains `query`,
   * ignoring case; at most `limit`, in no particular order. Undecryptable messages never match.
   */
  searchMessages(query: string, limit?: number): Promise<LocalMessage[]>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  getPin(owner: string): Promise<PinRecord | undefined>;
  putPin(pin: PinRecord): Promise<void>;
  /** Deletes everything of this device. */
  clear(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// In memory (tests, and a fallback when IndexedDB is unavailable)

export class MemoryMessageStore implements MessageStore {
  private readonly messages = new Map<string, LocalMessage>();
  private readonly meta = new Map<string, unknown>();
  private readonly pins = new Map<string, PinRecord>();

  constructor(readonly device: string) {}

  private static key(conversation: string, seq: number): string {
    return `${conversation}\u0000${String(seq).padStart(16, '0')}`;
  }

  async getMessage(conversation: string, seq: number): Promise<LocalMessage | undefined> {
    const found = this.messages.get(MemoryMessageStore.key(conversation, seq));
    return found && structuredClone(found);
  }

  async putMessage(message: LocalMessage): Promise<void> {
    this.messages.set(MemoryMessageStore.key(message.conversation, message.seq), structuredClone({ ...message, device: this.device }));
  }

  async listMessages(conversation: string): Promise<LocalMessage[]> {
    return [...this.messages.values()]
      .filter((message) => message.conversation === conversation)
      .sort((a, b) => a.seq - b.seq)
      .map((message) => structuredClone(message));
  }

  async lastMessage(conversation: string): Promise<LocalMessage | undefined> {
    const all = await this.listMessages(conversation);
    return all[all.length - 1];
  }

  async searchMessages(query: string, limit = 2000): Promise<LocalMessage[]> {
    const q = normalizeQuery(query);
    return [...this.messages.values()]
      .filter((message) => messageMatches(message, q))
      .slice(0, limit)
      .map((message) => structuredClone(message));
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return this.meta.has(key) ? (structuredClone(this.meta.get(key)) as T) : undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    this.meta.set(key, structuredClone(value));
  }

  async getPin(owner: string): Promise<PinRecord | undefined> {
    const pin = this.pins.get(owner);
    return pin && structuredClone(pin);
  }

  async putPin(pin: PinRecord): Promise<void> {
    this.pins.set(pin.owner, structuredClone({ ...pin, device: this.device }));
  }

  async clear(): Promise<void> {
    this.messages.clear();
    this.meta.clear();
    this.pins.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

const DB_NAME = 'switchboard-messages';
const DB_VERSION = 1;
const MESSAGES = 'messages';
const PINS = 'pins';
const META = 'meta';
/** Greater than every seq (a Java long fits; JavaScript numbers compare fine against it). */
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(MESSAGES)) db.createObjectStore(MESSAGES, { keyPath: ['device', 'conversation', 'seq'] });
        if (!db.objectStoreNames.contains(PINS)) db.createObjectStore(PINS, { keyPath: ['device', 'owner'] });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: ['device', 'key'] });
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the schema: let it, and open again on next use.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        dbPromise = null;
        reject(request.error ?? new Error('IndexedDB could not be opened'));
      };
      request.onblocked = () => {
        dbPromise = null;
        reject(new Error('The local message store is blocked by another tab; close other Switchboard tabs.'));
      };
    });
  }
  return dbPromise;
}

async function run<T>(stores: string | string[], mode: IDBTransactionMode, work: (transaction: IDBTransaction) => Promise<T> | T): Promise<T> {
  const db = await openDb();
  const transaction = db.transaction(stores, mode);
  const done = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
  const result = await work(transaction);
  await done;
  return result;
}

export class IndexedDbMessageStore implements MessageStore {
  constructor(readonly device: string) {}

  private range(conversation: string): IDBKeyRange {
    return IDBKeyRange.bound([this.device, conversation, 0], [this.device, conversation, MAX_SEQ]);
  }

  getMessage(conversation: string, seq: number): Promise<LocalMessage | undefined> {
    return run(MESSAGES, 'readonly', (t) => promised(t.objectStore(MESSAGES).get([this.device, conversation, seq]) as IDBRequest<LocalMessage | undefined>));
  }

  async putMessage(message: LocalMessage): Promise<void> {
    await run(MESSAGES, 'readwrite', (t) => promised(t.objectStore(MESSAGES).put({ ...message, device: this.device })));
  }

  listMessages(conversation: string): Promise<LocalMessage[]> {
    return run(MESSAGES, 'readonly', (t) => promised(t.objectStore(MESSAGES).getAll(this.range(conversation)) as IDBRequest<LocalMessage[]>));
  }

  lastMessage(conversation: string): Promise<LocalMessage | undefined> {
    return run(MESSAGES, 'readonly', async (t) => {
      const cursor = await promised(t.objectStore(MESSAGES).openCursor(this.range(conversation), 'prev'));
      return (cursor?.value as LocalMessage | undefined) ?? undefined;
    });
  }

  searchMessages(query: string, limit = 2000): Promise<LocalMessage[]> {
    const q = normalizeQuery(query);
    if (q === '') return Promise.resolve([]);
    // Content is only readable here, so the scan runs over this device's records with a cursor
    // (no index can help a substring search of decrypted text).
    const everything = IDBKeyRange.bound([this.device], [this.device, []]);
    return run(MESSAGES, 'readonly', (t) => new Promise<LocalMessage[]>((resolve, reject) => {
      const found: LocalMessage[] = [];
      const request = t.objectStore(MESSAGES).openCursor(everything);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB search failed'));
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) {
          resolve(found);
          return;
        }
        const message = cursor.value as LocalMessage;
        if (messageMatches(message, q)) found.push(message);
        if (found.length >= limit) resolve(found);
        else cursor.continue();
      };
    }));
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const record = await run(META, 'readonly', (t) => promised(t.objectStore(META).get([this.device, key]) as IDBRequest<{ value: T } | undefined>));
    return record?.value;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await run(META, 'readwrite', (t) => promised(t.objectStore(META).put({ device: this.device, key, value })));
  }

  getPin(owner: string): Promise<PinRecord | undefined> {
    return run(PINS, 'readonly', (t) => promised(t.objectStore(PINS).get([this.device, owner]) as IDBRequest<PinRecord | undefined>));
  }

  async putPin(pin: PinRecord): Promise<void> {
    await run(PINS, 'readwrite', (t) => promised(t.objectStore(PINS).put({ ...pin, device: this.device })));
  }

  async clear(): Promise<void> {
    const everything = IDBKeyRange.bound([this.device], [this.device, []]);
    await run([MESSAGES, PINS, META], 'readwrite', async (t) => {
      await Promise.all([MESSAGES, PINS, META].map((name) => promised(t.objectStore(name).delete(everything))));
    });
  }
}

/** The local store of this device: IndexedDB, or memory when the browser has none (private modes). */
export function openMessageStore(device: string): MessageStore {
  return typeof indexedDB === 'undefined' ? new MemoryMessageStore(device) : new IndexedDbMessageStore(device);
}
