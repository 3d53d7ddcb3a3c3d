import {
  B64u,
  DeviceListError,
  encodeMessageContent,
  EnvelopeError,
  isInternalKind,
  MESSAGE_TYPE,
  newClientMessageId,
  openEnvelope,
  parseEnvelope,
  parseMessageContent,
  ProtocolError,
  sealEnvelope,
  verifyEnvelope,
  type DeviceEntry,
  type DeviceKeys,
  type MessageEnvelope,
  type MessageHeader,
  type MessageContent,
  type MessageKind,
  type SignedDeviceList,
} from '../protocol';
import { api, ApiError } from './api';
import { decodeMimiContent, encodeMimiContent } from '../protocol/mimi/mimiContent';
import { randomBytes, type Bytes } from '../protocol/bytes';
import { fromMimiContent, isMimiPayload, toMimiContent } from '../protocol/mimi/messages';
import type { ThirdPartyRooms } from './thirdPartyRooms';
import { connectEvents, type EventConnection, type EventListeners, type EventOptions } from './events';
import { listRefusalText, ListTrust } from './listTrust';
import type { LocalMessage, MessageStore } from './messageStore';
import {
  findSender,
  isDuplicateDelivery,
  mergeReceipt,
  readMarkToSend,
  recipientsFor,
  sendRetryDecision,
  unverifiableRecipients,
} from './messagingLogic';
import type {
  ConversationDetail,
  ConversationSide,
  DeliveredMessage,
  MessagePage,
  ReceiptFrame,
  StoredMessageAnswer,
} from './types';
import { onLoggedOut } from './ui';

/**
 * End-to-end encrypted messaging for one device (protocol §13): verifies both signed lists of a
 * conversation, encrypts for exactly their devices, keeps the decrypted messages on this device and
 * receives deliveries (push over the WebSocket, pull when it is down) in order, at least once.
 */

export interface Http {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface ConversationState {
  id: string;
  phone: string;
  name: string;
  /** The owner of the customer list on the server (names its earlier versions); unknown until the detail was loaded. */
  customerId?: string;
  business: SignedDeviceList;
  customer: SignedDeviceList;
  receipts: Partial<Record<ConversationSide, ReceiptFrame>>;
}

export type MessengerEvent =
  | { type: 'message'; message: LocalMessage }
  | { type: 'receipt'; receipt: ReceiptFrame }
  | { type: 'conversation'; state: ConversationState }
  | { type: 'stalled'; error: unknown }
  | { type: 'caught-up' };

export interface MessengerOptions {
  keys: DeviceKeys;
  /** Which side this device is on. */
  side: ConversationSide;
  store: MessageStore;
  trust: ListTrust;
  /** The business number: for a business device its account, for a customer the one /api/customers/me named. */
  businessAccount: string;
  /** For a customer device: its own phone (the account of its list). */
  customerAccount?: string;
  http?: Http;
  /** Milliseconds. */
  now?: () => number;
  /** Delay before pulling again after a failure (ms, by attempt). */
  retryDelay?: (attempt: number) => number;
  /** Which conversations are third-party rooms, where what reaches the peer is written as MIMI content (docs/interop.md §1). */
  thirdPartyRooms?: ThirdPartyRooms;
}

/** A failure that will pass (network, server busy, session): the delivery is not acknowledged. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) {
    return error.status === 0 || error.status === 401 || error.status === 408 || error.status === 429 || error.status >= 500;
  }
  if (error instanceof DeviceListError || error instanceof EnvelopeError || error instanceof ProtocolError) return false;
  // IndexedDB failures and the like: try again rather than drop a message.
  return true;
}

/** How often a delivery may fail for a local (not network) reason before it is kept as undecryptable. */
const MAX_LOCAL_FAILURES = 5;


const defaultHttp: Http = {
  get: (path) => api.get(path),
  post: (path, body) => api.post(path, body),
};

function isFrame(value: unknown): value is DeliveredMessage {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as Record<string, unknown>;
  return typeof frame.seq === 'number' && Number.isSafeInteger(frame.seq) && frame.seq > 0 && typeof frame.conversation === 'string';
}

export class Messenger {
  readonly keys: DeviceKeys;
  readonly side: ConversationSide;
  readonly store: MessageStore;
  readonly trust: ListTrust;
  private readonly http: Http;
  private readonly now: () => number;
  private readonly retryDelay: (attempt: number) => number;
  private businessAccount: string;
  private readonly customerAccount?: string;
  private readonly states = new Map<string, ConversationState>();
  private readonly loading = new Map<string, Promise<ConversationState>>();
  private readonly listeners = new Set<(event: MessengerEvent) => void>();
  private connection: EventConnection | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stalled = false;
  private pullTimer: ReturnType<typeof setTimeout> | null = null;
  private pullAttempt = 0;
  private pulling: Promise<void> | null = null;
  private receivedUpTo: number | null = null;
  private readonly readMarks = new Map<string, number>();
  private readonly failures = new Map<number, number>();
  private readonly thirdPartyRooms: ThirdPartyRooms | undefined;

  constructor(options: MessengerOptions) {
    this.keys = options.keys;
    this.side = options.side;
    this.store = options.store;
    this.trust = options.trust;
    this.businessAccount = options.businessAccount;
    this.customerAccount = options.customerAccount;
    this.http = options.http ?? defaultHttp;
    this.now = options.now ?? (() => Date.now());
    this.retryDelay = options.retryDelay ?? ((attempt) => Math.min(60_000, 2000 * 2 ** attempt));
    this.thirdPartyRooms = options.thirdPartyRooms;
  }

  get deviceId(): string {
    return this.keys.deviceId;
  }

  on(listener: (event: MessengerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: MessengerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('messaging listener failed', error);
      }
    }
  }

  /** The WebSocket used for acknowledgements of pushed messages. */
  attach(connection: EventConnection): void {
    this.connection = connection;
  }

  isStalled(): boolean {
    return this.stalled;
  }

  // -------------------------------------------------------------------------------------------
  // Conversations and their lists

  /** The verified state of a conversation; loads it (GET /api/conversations/{id}) when needed. */
  conversation(id: string, options: { force?: boolean } = {}): Promise<ConversationState> {
    const known = this.states.get(id);
    if (known && !options.force) return Promise.resolve(known);
    const inFlight = this.loading.get(id);
    if (inFlight) return inFlight;
    const load = (async () => {
      const detail = await this.http.get<ConversationDetail>(`/api/conversations/${encodeURIComponent(id)}`);
      const state = await this.applyLists(id, detail.businessList, detail.customerList, { phone: detail.phone, name: detail.name, customerId: detail.customerId });
      for (const receipt of detail.receipts ?? []) this.mergeReceipt({ ...receipt, conversation: id }, false);
      await this.loadReceipts(state);
      this.emit({ type: 'conversation', state });
      return state;
    })().finally(() => this.loading.delete(id));
    this.loading.set(id, load);
    return load;
  }

  /** The cached state, if the conversation was loaded. */
  cached(id: string): ConversationState | undefined {
    return this.states.get(id);
  }

  /** Forgets cached lists (after a device-list event): 'business' drops all, a customer id that conversation. */
  invalidate(owner?: string): void {
    if (!owner || owner === 'business') this.states.clear();
    else this.states.delete(owner);
  }

  /**
   * Verifies both lists (pinning the other side's key on first use) and makes them the
   * conversation's current lists. Throws DeviceListError when either is refused.
   */
  async applyLists(
    id: string,
    businessCandidate: unknown,
    customerCandidate: unknown,
    facts: { phone?: string; name?: string; customerId?: string } = {},
  ): Promise<ConversationState> {
    const previous = this.states.get(id);
    const phone = facts.phone ?? previous?.phone ?? this.customerAccount ?? '';
    const customerAccount = this.side === 'customer' ? this.customerAccount ?? phone : phone;
    const business = await this.trust.accept('business', businessCandidate, this.businessAccount);
    const customer = await this.trust.accept(id, customerCandidate, customerAccount);
    const state: ConversationState = {
      id,
      phone,
      name: facts.name ?? previous?.name ?? '',
      customerId: facts.customerId ?? previous?.customerId,
      business,
      customer,
      receipts: previous?.receipts ?? {},
    };
    this.states.set(id, state);
    return state;
  }

  /** Who a device is, from the accepted lists of a conversation. */
  async deviceEntry(conversation: string, deviceId: string): Promise<DeviceEntry | undefined> {
    const state = this.states.get(conversation);
    const current = [...(state?.business.list.devices ?? []), ...(state?.customer.list.devices ?? [])].find((device) => device.id === deviceId);
    if (current) return current;
    for (const owner of ['business', conversation]) {
      for (const list of [...(await this.trust.history(owner))].reverse()) {
        const entry = list.devices.find((device) => device.id === deviceId);
        if (entry) return entry;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Receipts and read marks

  receipt(conversation: string, side: ConversationSide): ReceiptFrame | undefined {
    return this.states.get(conversation)?.receipts[side];
  }

  /** A receipt frame or a receipt from GET /api/conversations/{id}: merged, kept, announced. */
  handleReceipt(frame: ReceiptFrame): void {
    this.mergeReceipt(frame, true);
  }

  private mergeReceipt(frame: ReceiptFrame, announce: boolean): void {
    if (typeof frame.conversation !== 'string' || (frame.side !== 'business' && frame.side !== 'customer')) return;
    const receipt: ReceiptFrame = {
      conversation: frame.conversation,
      side: frame.side,
      deliveredSeq: Number(frame.deliveredSeq) || 0,
      readSeq: Number(frame.readSeq) || 0,
    };
    const state = this.states.get(frame.conversation);
    const merged = mergeReceipt(state?.receipts[frame.side] ?? this.storedReceipts.get(`${frame.conversation}|${frame.side}`), receipt);
    if (state) state.receipts[frame.side] = merged;
    this.storedReceipts.set(`${frame.conversation}|${frame.side}`, merged);
    void this.store.setMeta(`receipt:${frame.conversation}:${frame.side}`, merged).catch(() => undefined);
    if (announce) this.emit({ type: 'receipt', receipt: merged });
  }

  private readonly storedReceipts = new Map<string, ReceiptFrame>();

  private async loadReceipts(state: ConversationState): Promise<void> {
    for (const side of ['business', 'customer'] as const) {
      const stored = await this.store.getMeta<ReceiptFrame>(`receipt:${state.id}:${side}`).catch(() => undefined);
      if (stored) state.receipts[side] = mergeReceipt(stored, state.receipts[side] ?? stored);
    }
  }

  /** A receipt known locally (from earlier visits), without asking the server. */
  async knownReceipt(conversation: string, side: ConversationSide): Promise<ReceiptFrame | undefined> {
    const live = this.states.get(conversation)?.receipts[side] ?? this.storedReceipts.get(`${conversation}|${side}`);
    if (live) return live;
    return this.store.getMeta<ReceiptFrame>(`receipt:${conversation}:${side}`).catch(() => undefined);
  }

  /**
   * Marks the conversation read for this side up to the highest seq received (not sent) here that
   * is shown; does nothing when that was already marked. Returns the seq marked, or null.
   */
  async markRead(conversation: string, shown: readonly LocalMessage[]): Promise<number | null> {
    const received = shown.filter((message) => message.sender !== this.deviceId && !isInternalKind(message.kind));
    const already = Math.max(this.readMarks.get(conversation) ?? 0, this.states.get(conversation)?.receipts[this.side]?.readSeq ?? 0);
    const seq = readMarkToSend(received, already);
    if (seq === null) return null;
    this.readMarks.set(conversation, seq);
    try {
      await this.http.post(`/api/conversations/${encodeURIComponent(conversation)}/read`, { seq });
    } catch (error) {
      this.readMarks.delete(conversation);
      throw error;
    }
    this.mergeReceipt(
      {
        conversation,
        side: this.side,
        deliveredSeq: Math.max(seq, this.states.get(conversation)?.receipts[this.side]?.deliveredSeq ?? 0),
        readSeq: seq,
      },
      true,
    );
    return seq;
  }

  // -------------------------------------------------------------------------------------------
  // Sending

  /**
   * Encrypts `text` for the conversation's devices and stores it on the server. On 409
   * mismatched_devices / 410 device_list_stale it verifies the lists the server sent and encrypts
   * again (at most 3 times), keeping the client message id so a retry is never stored twice.
   */
  async sendText(conversation: string, text: string, kind: 'text' | 'note' | 'whisper' | 'feedback' = 'text', clientMessageId = newClientMessageId()): Promise<LocalMessage> {
    return this.sendContent(conversation, kind, { text }, clientMessageId);
  }

  /**
   * Sends any content (text, note or an attachment kind whose blobs are already uploaded, §13.3)
   * with the same retry on 409/410 as sendText.
   */
  async sendContent(conversation: string, kind: MessageKind, messageContent: MessageContent, clientMessageId = newClientMessageId()): Promise<LocalMessage> {
    if (isInternalKind(kind) && this.side !== 'business') throw new Error('Only the business writes private notes and whispers.');
    if (kind === 'feedback' && this.side !== 'customer') throw new Error('Only the customer leaves feedback.');
    const content = await this.encodeContent(conversation, kind, messageContent);
    const text = messageContent.text;
    const sentAt = Math.floor(this.now() / 1000);
    let state = await this.conversation(conversation);
    let exclude = new Set<string>();
    for (let retries = 0; ; retries++) {
      const header: MessageHeader = {
        type: MESSAGE_TYPE,
        conversation,
        sender: this.deviceId,
        clientMessageId,
        businessListVersion: state.business.list.version,
        customerListVersion: state.customer.list.version,
        kind,
        sentAt,
      };
      const recipients = recipientsFor(kind, this.deviceId, state.business.list, state.customer.list, exclude);
      const envelope = await sealEnvelope(this.keys, header, content, recipients);
      let answer: StoredMessageAnswer;
      try {
        answer = await this.http.post<StoredMessageAnswer>('/api/messages', envelope);
      } catch (error) {
        const decision = sendRetryDecision(error, retries);
        if (!decision.retry) throw error;
        try {
          state = await this.applyLists(conversation, decision.businessList, decision.customerList);
        } catch (refused) {
          throw new Error(listRefusalText(refused, 'this conversation'));
        }
        if (decision.reason === 'mismatched_devices') {
          const details = (error as ApiError).details;
          const unknown = unverifiableRecipients(details.missingDeviceIds, state.business.list, state.customer.list);
          if (unknown.length > 0) {
            throw new Error('The server asks to encrypt for devices that no signed device list contains, so the message was not sent.');
          }
          const missing = new Set(Array.isArray(details.missingDeviceIds) ? details.missingDeviceIds : []);
          exclude = new Set([...exclude, ...decision.exclude].filter((id) => !missing.has(id)));
        }
        continue;
      }
      const me = [...state.business.list.devices, ...state.customer.list.devices].find((device) => device.id === this.deviceId);
      const message: LocalMessage = {
        device: this.store.device,
        conversation,
        seq: answer.seq,
        clientMessageId,
        sender: this.deviceId,
        side: this.side,
        senderName: me?.person ?? null,
        kind,
        text,
        status: 'sent',
        sentAt,
        storedAt: answer.storedAt ?? null,
      };
      if (messageContent.attachment) {
        message.attachmentName = messageContent.attachment.name;
        message.attachment = messageContent.attachment;
      }
      await this.store.putMessage(message);
      this.emit({ type: 'message', message });
      return message;
    }
  }

  /**
   * §13.3 JSON, or MIMI content for what reaches a third-party room's peer (private notes and whispers stay inside the
   * business and keep JSON). Both are checked as strictly as they are read.
   */
  private async encodeContent(conversation: string, kind: MessageKind, messageContent: MessageContent): Promise<Bytes> {
    const room = isInternalKind(kind) ? null : await this.thirdPartyRooms?.room(conversation);
    if (!room) return encodeMessageContent(messageContent, kind);
    encodeMessageContent(messageContent, kind); // the same shape rules as a local message
    return encodeMimiContent(toMimiContent(messageContent, kind, { salt: randomBytes(16), senderUri: room.businessUri, room }));
  }

  // -------------------------------------------------------------------------------------------
  // Receiving

  private async highestReceived(): Promise<number> {
    if (this.receivedUpTo === null) this.receivedUpTo = (await this.store.getMeta<number>('receivedUpTo')) ?? 0;
    return this.receivedUpTo;
  }

  /** A `message` frame from the WebSocket: processed in order, acknowledged once stored. */
  receive(frame: DeliveredMessage): Promise<void> {
    if (!isFrame(frame)) return Promise.resolve();
    const job = this.queue.then(async () => {
      if (this.stalled) return; // a pull after the gap gets it again
      const outcome = await this.process(frame);
      if (outcome === 'retry-later') {
        this.stall(null);
        return;
      }
      this.connection?.send({ type: 'ack', seq: frame.seq });
    });
    this.queue = job.catch(() => undefined);
    return job.catch((error) => this.stall(error));
  }

  /**
   * Catch-up without the socket: GET /api/messages from the acknowledged cursor, page by page,
   * processed like pushed messages and acknowledged with POST /api/messages/ack.
   */
  pull(): Promise<void> {
    if (this.pulling) return this.pulling;
    const job = this.queue.then(async () => {
      for (let page = 0; page < 1000; page++) {
        const answer = await this.http.get<MessagePage>('/api/messages?limit=100');
        const messages = Array.isArray(answer?.messages) ? answer.messages : [];
        if (messages.length === 0) break;
        let upTo = 0;
        let stopped = false;
        for (const frame of messages) {
          const outcome = await this.process(frame);
          if (outcome === 'retry-later') {
            stopped = true;
            break;
          }
          upTo = frame.seq;
        }
        if (upTo > 0) await this.http.post('/api/messages/ack', { upTo });
        if (stopped) throw new Error('A message could not be processed yet.');
        if (messages.length < 100) break;
      }
      this.stalled = false;
      this.pullAttempt = 0;
      this.emit({ type: 'caught-up' });
    });
    this.queue = job.catch(() => undefined);
    this.pulling = job
      .catch((error) => this.stall(error))
      .finally(() => {
        this.pulling = null;
      });
    return this.pulling;
  }

  /**
   * History sync, the new device's side (§13.4): every message this device can read, fetched by
   * pull from the start (GET /api/messages?after=0, page by page, not acknowledged), opened and
   * stored like live messages; those already stored are skipped. A message this device has no wrap
   * for yet is left for a later fetch, and so is one whose wrap does not open, which is reported
   * (POST /api/history/bad-wraps) so that another device wraps it again. Returns the conversations that got messages. Nothing is
   * announced per message: the caller refreshes its views once.
   */
  async fetchHistory(pageSize = 500): Promise<Set<string>> {
    const changed = new Set<string>();
    // Re-wrapped keys that do not open: reported, so the server drops them and another device wraps again.
    const badWraps: number[] = [];
    let after = 0;
    for (let page = 0; page < 10_000; page++) {
      const answer = await this.http.get<MessagePage>(`/api/messages?after=${after}&limit=${pageSize}`);
      const messages = Array.isArray(answer?.messages) ? answer.messages : [];
      if (messages.length === 0) break;
      let highest = after;
      for (const frame of messages) {
        if (!isFrame(frame)) continue;
        highest = Math.max(highest, frame.seq);
        if ((await this.store.getMessage(frame.conversation, frame.seq)) !== undefined) continue;
        let message: LocalMessage | null;
        try {
          message = await this.open(frame);
        } catch (error) {
          if (error instanceof EnvelopeError && error.code === 'not-a-recipient') continue;
          if (error instanceof EnvelopeError && error.code === 'bad-wrap') {
            badWraps.push(frame.seq);
            continue;
          }
          if (isTransient(error)) throw error;
          message = this.undecryptable(frame, error);
        }
        if (!message) continue;
        if ((await this.store.getMessage(frame.conversation, frame.seq)) !== undefined) continue;
        await this.store.putMessage(message);
        changed.add(frame.conversation);
      }
      if (highest <= after) break;
      after = highest;
      if (messages.length < pageSize) break;
    }
    if (badWraps.length > 0) await this.http.post('/api/history/bad-wraps', { seqs: badWraps });
    return changed;
  }

  private stall(error: unknown): void {
    this.stalled = true;
    if (error) this.emit({ type: 'stalled', error });
    if (this.pullTimer) return;
    this.pullTimer = setTimeout(() => {
      this.pullTimer = null;
      void this.pull();
    }, this.retryDelay(this.pullAttempt++));
  }

  /** Stops the retry timer (page hidden for good, logged out). */
  stop(): void {
    if (this.pullTimer) clearTimeout(this.pullTimer);
    this.pullTimer = null;
  }

  /**
   * Stores one delivered message (or recognises it as a duplicate). 'done' means it may be
   * acknowledged; 'retry-later' that it must not be (a transient failure).
   */
  private async process(frame: DeliveredMessage): Promise<'done' | 'retry-later'> {
    if (!isFrame(frame)) return 'done';
    const upTo = await this.highestReceived();
    if (isDuplicateDelivery(frame.seq, upTo)) return 'done';
    if (isDuplicateDelivery(frame.seq, upTo, (await this.store.getMessage(frame.conversation, frame.seq)) !== undefined)) {
      await this.setReceivedUpTo(frame.seq);
      return 'done';
    }
    let message: LocalMessage | null;
    try {
      message = await this.open(frame);
      this.failures.delete(frame.seq);
    } catch (error) {
      // Network and server trouble: wait however long it takes. Anything else that keeps failing
      // (a local bug, a broken store) must not hold up every later message: after a few tries the
      // message is kept as undecryptable.
      const attempts = (this.failures.get(frame.seq) ?? 0) + 1;
      this.failures.set(frame.seq, attempts);
      if (isTransient(error) && (error instanceof ApiError || attempts < MAX_LOCAL_FAILURES)) return 'retry-later';
      this.failures.delete(frame.seq);
      message = this.undecryptable(frame, error);
    }
    if (message) {
      await this.store.putMessage(message);
    }
    await this.setReceivedUpTo(frame.seq);
    if (message) this.emit({ type: 'message', message });
    return 'done';
  }

  private async setReceivedUpTo(seq: number): Promise<void> {
    this.receivedUpTo = Math.max(this.receivedUpTo ?? 0, seq);
    await this.store.setMeta('receivedUpTo', this.receivedUpTo);
  }

  private undecryptable(frame: DeliveredMessage, error: unknown): LocalMessage {
    const header = (frame.envelope as { header?: Partial<MessageHeader> } | null)?.header;
    const reason = error instanceof ProtocolError ? error.code : error instanceof Error ? error.message : 'unknown';
    return {
      device: this.store.device,
      conversation: frame.conversation,
      seq: frame.seq,
      clientMessageId: typeof header?.clientMessageId === 'string' ? header.clientMessageId : null,
      sender: typeof header?.sender === 'string' ? header.sender : '',
      side: this.side === 'business' ? 'customer' : 'business',
      senderName: null,
      kind: header?.kind === 'note' || header?.kind === 'whisper' || header?.kind === 'feedback' ? header.kind : 'text',
      text: null,
      status: 'undecryptable',
      sentAt: typeof header?.sentAt === 'number' ? header.sentAt : Math.floor((Date.parse(frame.storedAt) || this.now()) / 1000),
      storedAt: frame.storedAt ?? null,
      error: reason,
    };
  }

  /**
   * Verifies and decrypts one delivery. Returns null for a message this device ignores (a note
   * delivered to a customer's browser). Throws transient errors (to retry) and protocol errors (the
   * message is shown as undecryptable).
   */
  private async open(frame: DeliveredMessage): Promise<LocalMessage | null> {
    const envelope: MessageEnvelope = parseEnvelope(frame.envelope);
    const { header } = envelope;
    if (header.conversation !== frame.conversation) {
      throw new EnvelopeError('malformed', 'the envelope names another conversation than its delivery');
    }
    if (isInternalKind(header.kind) && this.side === 'customer') return null;
    await this.conversation(frame.conversation);
    let sender = findSender(header, await this.trust.history('business'), await this.trust.history(frame.conversation));
    if (!sender) {
      // A device this client has not seen yet: the lists may have changed since they were loaded.
      await this.conversation(frame.conversation, { force: true });
      sender = findSender(header, await this.trust.history('business'), await this.trust.history(frame.conversation));
    }
    if (!sender && (await this.fetchPastLists(frame.conversation, header))) {
      sender = findSender(header, await this.trust.history('business'), await this.trust.history(frame.conversation));
    }
    if (!sender) throw new EnvelopeError('unknown-sender', `${header.sender} is on no accepted device list of this conversation`);
    await verifyEnvelope(envelope, B64u.decode(sender.entry.signingKey));
    const plaintext = await openEnvelope(envelope, this.keys);
    const content = isMimiPayload(plaintext)
      ? fromMimiContent(decodeMimiContent(plaintext), header.kind, frame.conversation).content
      : parseMessageContent(plaintext, header.kind);
    return {
      device: this.store.device,
      conversation: frame.conversation,
      seq: frame.seq,
      clientMessageId: header.clientMessageId,
      sender: header.sender,
      side: sender.side,
      senderName: sender.entry.person,
      kind: header.kind,
      text: content.text,
      // Protocol 1.1: a device gets a copy of what it sent itself (e.g. after its local store was lost).
      status: header.sender === this.deviceId ? 'sent' : 'received',
      sentAt: header.sentAt,
      storedAt: frame.storedAt ?? null,
      attachmentName: content.attachment?.name,
      attachment: content.attachment,
    };
  }

  /**
   * Fetches and verifies the list versions a header names that this device never accepted (protocol §13.4), e.g. on a
   * device linked after the sender was removed. Returns whether any was added; a refused one throws DeviceListError.
   */
  private async fetchPastLists(conversation: string, header: MessageHeader): Promise<boolean> {
    const state = await this.conversation(conversation);
    const wanted: Array<[string, number, string | null]> = [
      ['business', header.businessListVersion, '/api/devices/lists/'],
      [conversation, header.customerListVersion, state.customerId ? `/api/customers/${encodeURIComponent(state.customerId)}/lists/` : null],
    ];
    let added = false;
    for (const [owner, version, path] of wanted) {
      if (!path || (await this.trust.history(owner)).some((list) => list.version === version)) continue;
      await this.trust.acceptPast(owner, await this.http.get<unknown>(`${path}${version}`), version);
      added = true;
    }
    return added;
  }

  // -------------------------------------------------------------------------------------------
  // Reading the local store

  messages(conversation: string): Promise<LocalMessage[]> {
    return this.store.listMessages(conversation);
  }

  lastMessage(conversation: string): Promise<LocalMessage | undefined> {
    return this.store.lastMessage(conversation);
  }

  /** Updates the business number expected on first use (a customer learns it from /api/customers/me). */
  setBusinessAccount(account: string): void {
    this.businessAccount = account;
  }

  /** The kind a composer sends. */
  static kindFor(note: boolean): MessageKind {
    return note ? 'note' : 'text';
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring to the WebSocket

/** How often to pull while the WebSocket is down (ms). */
export const PULL_INTERVAL_MS = 10_000;

/**
 * Opens /ws/events for a messenger: pushed messages and receipts go to it, acknowledgements go back
 * over the socket, device-list events drop cached lists, and while the socket is down the messenger
 * pulls GET /api/messages every 10 s so nothing waits for the reconnect.
 */
export function connectMessaging(messenger: Messenger, listeners: EventListeners = {}, options: EventOptions = {}): EventConnection {
  let pullTimer: ReturnType<typeof setInterval> | null = null;
  const stopPulling = () => {
    if (pullTimer) clearInterval(pullTimer);
    pullTimer = null;
  };
  const connection = connectEvents(
    {
      ...listeners,
      onMessage: (frame) => {
        void messenger.receive(frame);
        listeners.onMessage?.(frame);
      },
      onReceipt: (frame) => {
        messenger.handleReceipt(frame);
        listeners.onReceipt?.(frame);
      },
      onDeviceList: (version, owner) => {
        messenger.invalidate(owner);
        listeners.onDeviceList?.(version, owner);
      },
      onStateChange: (state) => {
        if (state === 'connected') {
          stopPulling();
        } else if (state === 'reconnecting' && !pullTimer) {
          void messenger.pull();
          pullTimer = setInterval(() => void messenger.pull(), PULL_INTERVAL_MS);
        }
        listeners.onStateChange?.(state);
      },
    },
    options,
  );
  onLoggedOut(() => {
    stopPulling();
    messenger.stop();
  });
  messenger.attach(connection);
  return connection;
}
