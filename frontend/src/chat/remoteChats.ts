import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { ApiError, errorMessage } from '../lib/api';
import { attachmentKindFor, attachmentSendErrorText, mimeOf, uploadAttachment, type AttachmentKind, type UploadProgress } from '../lib/attachments';
import type { ListTrust } from '../lib/listTrust';
import type { LocalMessage } from '../lib/messageStore';
import { tickState } from '../lib/messagingLogic';
import { Outbox, type OutboxEntry } from '../lib/outbox';
import { threadEntries, type ThreadEntry } from '../lib/threadEntries';
import { progressText } from '../lib/uploadProgress';
import {
  B64u,
  envelopeRecipients,
  MESSAGE_TYPE,
  newClientMessageId,
  normalizeE164,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  verifyEnvelope,
  type DeviceKeys,
  type MessageEnvelope,
  type MessageContent,
  type MessageHeader,
  type MessageKind,
  type SignedDeviceList,
} from '../protocol';
import { randomBytes } from '../protocol/bytes';
import { fromMimiContent, toMimiContent } from '../protocol/mimi/messages';
import { decodeMimiContent, encodeMimiContent, mimiMessageId } from '../protocol/mimi/mimiContent';

/**
 * The customer's chats with businesses at other providers (docs/protocol.md §16.1, docs/interop.md §4.9): asking for
 * one by domain and number, and writing in one. This provider only relays: this device verifies the business's signed
 * list (pinned on first use, per business), seals MIMI content for every device of both lists and opens what arrives.
 */

export interface RemoteChat {
  id: string;
  domain: string;
  businessNumber: string;
  state: 'requested' | 'granted' | 'revoked';
  roomId: string | null;
  deliveredSeq: number;
  readSeq: number;
}

interface RemoteChatDetail {
  chat: RemoteChat;
  businessList: unknown;
  customerList: unknown;
  /** The customer's user URI as this provider names it to the peer, `mimi://<federation domain>/u/<phone>`. */
  userUri: string;
  /** Where this provider serves the customer's files to the business's provider: an external part's url is this + the blob id. */
  assetBase: string;
}

interface RemoteMessage {
  seq: number;
  remoteSeq: number | null;
  fromCustomer: boolean;
  state: 'pending' | 'accepted' | 'refused';
  refusal: string | null;
  envelope: unknown;
}

export interface RemoteHttp {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export interface RemoteChatsOptions {
  http: RemoteHttp;
  keys: DeviceKeys;
  trust: ListTrust;
  /** The customer's own number: the account of their list and of their user URI. */
  phone: string;
  /** Milliseconds. */
  now?: () => number;
  /** Encrypts and uploads a file the customer sends in chat `chatId`; the content that names it. By default to this provider. */
  upload?: (chatId: string, file: File, caption: string, onProgress: (progress: UploadProgress) => void) => Promise<{ kind: AttachmentKind; content: MessageContent }>;
}

const BASE = '/api/federation/remote-chats';

/** Where the business's list is pinned: per provider and number, apart from this provider's own business. */
export function remoteOwner(chat: Pick<RemoteChat, 'domain' | 'businessNumber'>): string {
  return `remote:${chat.domain}:${chat.businessNumber}`;
}

/** A domain as typed: lower case, no scheme, no path; null when it cannot be one. */
export function normalizeDomain(input: string): string | null {
  const domain = input.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/.test(domain) ? domain : null;
}

interface OpenChat {
  chat: RemoteChat;
  business: SignedDeviceList;
  customer: SignedDeviceList;
  userUri: string;
  assetBase: string;
}

export class RemoteChatsStore {
  readonly chats = signal<RemoteChat[]>([]);
  readonly listError = signal<string | null>(null);
  readonly requestBusy = signal(false);
  /** The answer to a request that did not open a chat: `not_found` for every refusal, or another failure's text. */
  readonly requestError = signal<string | null>(null);
  readonly fieldErrors = signal<{ domain?: string; phone?: string }>({});

  /** The chat shown, once its lists were verified (or while it waits for the business's consent). */
  readonly current = signal<RemoteChat | null>(null);
  readonly openError = signal<string | null>(null);
  readonly messages = signal<LocalMessage[]>([]);
  readonly outboxEntries = signal<readonly OutboxEntry<File>[]>([]);
  readonly outbox = new Outbox<File>({ newClientMessageId, deliver: (entry, progress) => this.deliver(entry, progress) });

  private open: OpenChat | null = null;
  /** By local seq: the message's state at the business's provider and its place there. */
  private readonly places = new Map<number, { state: RemoteMessage['state']; remoteSeq: number | null }>();
  /** Sealed once per client message id: a retry submits the same MIMI message id, so it is stored once. */
  private readonly sealed = new Map<string, { messageId: string; envelope: MessageEnvelope }>();
  private after = 0;
  private receiptSent = 0;
  private readonly now: () => number;

  readonly entries = computed<ThreadEntry[]>(() => {
    const chat = this.current.value;
    const stored = this.messages.value;
    const entries = threadEntries(stored, this.outboxEntries.value, { mySide: 'customer', myDeviceId: this.options.keys.deviceId, otherReceipt: undefined });
    // The business's marks count in its own seq: a message of ours is ticked by the place it got there.
    return entries.map((entry) =>
      entry.mine && entry.seq !== null
        ? { ...entry, ticks: this.ticks(entry.seq, chat) }
        : entry,
    );
  });

  /** Pending until the business's provider took it; then ticked by its place there (sent when it named none). */
  private ticks(seq: number, chat: RemoteChat | null) {
    const place = this.places.get(seq);
    if (!place || place.state === 'refused') return tickState(null, undefined, place?.state === 'refused');
    if (place.state === 'pending') return tickState(null, undefined);
    return place.remoteSeq === null ? 'sent' : tickState(place.remoteSeq, chat ?? undefined);
  }

  constructor(private readonly options: RemoteChatsOptions) {
    this.now = options.now ?? (() => Date.now());
    this.outbox.subscribe((entries) => {
      this.outboxEntries.value = entries;
    });
  }

  async refresh(): Promise<void> {
    try {
      this.chats.value = await this.options.http.get<RemoteChat[]>(BASE);
      this.listError.value = null;
    } catch (error) {
      this.listError.value = t('remoteChats:list.failed', { error: errorMessage(error) });
    }
  }

  /** Asks this provider to find the business at the peer; every refusal is the same "not found". */
  async request(domainInput: string, phoneInput: string): Promise<RemoteChat | null> {
    this.requestError.value = null;
    const domain = normalizeDomain(domainInput);
    let phone: string | null = null;
    try {
      phone = normalizeE164(phoneInput);
    } catch {
      phone = null;
    }
    const fields: { domain?: string; phone?: string } = {};
    if (!domain) fields.domain = domainInput.trim() === '' ? t('remoteChats:request.domainMissing') : t('remoteChats:request.domainFormat');
    if (!phone) fields.phone = phoneInput.trim() === '' ? t('remoteChats:request.phoneMissing') : t('remoteChats:request.phoneFormat');
    this.fieldErrors.value = fields;
    if (!domain || !phone) return null;
    this.requestBusy.value = true;
    try {
      const chat = await this.options.http.post<RemoteChat>(BASE, { domain, phone });
      this.chats.value = [chat, ...this.chats.value.filter((known) => known.id !== chat.id)];
      await this.show(chat.id);
      return chat;
    } catch (error) {
      this.requestError.value =
        error instanceof ApiError && error.code === 'not_found' ? t('remoteChats:request.notFound') : t('remoteChats:request.failed', { error: errorMessage(error) });
      return null;
    } finally {
      this.requestBusy.value = false;
    }
  }

  /** Opens a chat: verifies the business's list (pinned per business) and the customer's own, then reads its messages. */
  async show(id: string): Promise<void> {
    this.openError.value = null;
    this.open = null;
    this.after = 0;
    this.receiptSent = 0;
    this.places.clear();
    this.messages.value = [];
    try {
      const detail = await this.options.http.get<RemoteChatDetail>(`${BASE}/${encodeURIComponent(id)}`);
      this.current.value = detail.chat;
      if (detail.chat.state !== 'granted' || !detail.chat.roomId || !detail.businessList) return;
      const business = await this.options.trust.accept(remoteOwner(detail.chat), detail.businessList, detail.chat.businessNumber);
      const customer = await this.options.trust.accept(this.options.trust.ownOwner, detail.customerList, this.options.phone);
      this.open = { chat: detail.chat, business, customer, userUri: detail.userUri, assetBase: detail.assetBase };
      await this.poll();
    } catch (error) {
      this.openError.value = t('remoteChats:chat.openFailed', { error: errorMessage(error) });
    }
  }

  close(): void {
    this.current.value = null;
    this.open = null;
    this.messages.value = [];
    this.openError.value = null;
  }

  /** The customer takes the consent back: nothing more goes to or comes from that business. */
  async revoke(): Promise<void> {
    const chat = this.current.value;
    if (!chat) return;
    try {
      await this.options.http.delete(`${BASE}/${encodeURIComponent(chat.id)}`);
      this.close();
      await this.refresh();
    } catch (error) {
      this.openError.value = t('remoteChats:chat.revokeFailed', { error: errorMessage(error) });
    }
  }

  /**
   * This provider pushed that chat `id` changed (or the event socket connected, `null`: anything may have): the shown
   * chat reads its new messages and marks, or whether it was granted; otherwise the list is read again.
   */
  async changed(id: string | null): Promise<void> {
    const chat = this.current.value;
    if (!chat || (id !== null && id !== chat.id)) return this.refresh();
    if (this.open) return this.poll();
    await Promise.all([this.show(chat.id), this.refresh()]);
  }

  send(text: string): void {
    const open = this.open;
    if (!open?.chat.roomId) return;
    this.outbox.add(open.chat.roomId, 'text', text);
  }

  /** A file with a caption: encrypted and stored at this provider, which the business's provider fetches it from. */
  sendFile(file: File, caption: string): void {
    const open = this.open;
    if (!open?.chat.roomId) return;
    this.outbox.add(open.chat.roomId, attachmentKindFor(mimeOf(file.type)), caption, { payload: file, attachmentName: file.name });
  }

  /** Reads new messages (and the business's marks), and tells the business how far this customer read. */
  async poll(): Promise<void> {
    const open = this.open;
    if (!open) return;
    const id = encodeURIComponent(open.chat.id);
    const [page, chats] = await Promise.all([
      this.options.http.get<{ messages: RemoteMessage[] }>(`${BASE}/${id}/messages?after=${this.after}`),
      this.options.http.get<RemoteChat[]>(BASE),
    ]);
    if (this.open !== open) return;
    this.chats.value = chats;
    const latest = chats.find((chat) => chat.id === open.chat.id);
    if (latest) this.current.value = latest;
    const added: LocalMessage[] = [];
    for (const message of page.messages) {
      this.after = Math.max(this.after, message.seq);
      this.places.set(message.seq, { state: message.state, remoteSeq: message.remoteSeq });
      added.push(await this.read(open, message));
    }
    // A message of ours still pending comes again once the business's provider took it; keep the newest copy.
    const bySeq = new Map(this.messages.value.map((message) => [message.seq, message]));
    for (const message of added) bySeq.set(message.seq, message);
    this.messages.value = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const pendingFrom = page.messages.filter((message) => message.fromCustomer && message.state === 'pending').map((message) => message.seq);
    if (pendingFrom.length > 0) this.after = Math.min(...pendingFrom) - 1;
    await this.sendReceipt(open);
  }

  private async sendReceipt(open: OpenChat): Promise<void> {
    const upTo = Math.max(0, ...businessPlaces(this.messages.value, this.places));
    if (upTo <= this.receiptSent) return;
    this.receiptSent = upTo;
    try {
      await this.options.http.post(`${BASE}/${encodeURIComponent(open.chat.id)}/receipts`, { deliveredSeq: upTo, readSeq: upTo });
    } catch {
      this.receiptSent = 0; // told again on the next poll
    }
  }

  /** One message: the sender on either verified list, its signature, this device's wrap, MIMI content. */
  private async read(open: OpenChat, message: RemoteMessage): Promise<LocalMessage> {
    const base = { device: this.options.keys.deviceId, conversation: open.chat.id, seq: message.seq, storedAt: null };
    try {
      const envelope = parseEnvelope(message.envelope);
      const { header } = envelope;
      if (header.conversation !== open.chat.roomId) throw new Error('the envelope names another room');
      const list = message.fromCustomer ? open.customer : open.business;
      const sender = list.list.devices.find((device) => device.id === header.sender);
      if (!sender) throw new Error(`${header.sender} is not on the ${message.fromCustomer ? "customer's" : "business's"} signed list`);
      await verifyEnvelope(envelope, B64u.decode(sender.signingKey));
      const plaintext = await openEnvelope(envelope, this.options.keys);
      const content = fromMimiContent(decodeMimiContent(plaintext), header.kind, open.chat.roomId!).content;
      // A file is fetched through this customer's own provider, for this chat (docs/protocol.md §16.1).
      const attachment = content.attachment?.remote ? { ...content.attachment, remote: { ...content.attachment.remote, chat: open.chat.id } } : content.attachment;
      return {
        ...base,
        clientMessageId: header.clientMessageId,
        sender: header.sender,
        side: message.fromCustomer ? 'customer' : 'business',
        senderName: message.fromCustomer ? sender.person : null,
        kind: header.kind,
        text: content.text,
        ...(attachment ? { attachment, attachmentName: attachment.name } : {}),
        status: header.sender === this.options.keys.deviceId ? 'sent' : 'received',
        sentAt: header.sentAt,
      };
    } catch (error) {
      return {
        ...base,
        clientMessageId: null,
        sender: '',
        side: message.fromCustomer ? 'customer' : 'business',
        senderName: null,
        kind: 'text',
        text: null,
        status: 'undecryptable',
        sentAt: Math.floor(this.now() / 1000),
        error: error instanceof Error ? error.message : 'unknown',
      };
    }
  }

  private async deliver(entry: OutboxEntry<File>, progress: (text: string | null) => void): Promise<void> {
    const open = this.open;
    if (!open?.chat.roomId) throw new Error(t('remoteChats:chat.notOpen'));
    const sealed = this.sealed.get(entry.clientMessageId) ?? (await this.seal(open, entry, progress));
    this.sealed.set(entry.clientMessageId, sealed);
    await this.options.http.post(`${BASE}/${encodeURIComponent(open.chat.id)}/messages`, sealed);
    this.sealed.delete(entry.clientMessageId);
    await this.poll().catch(() => undefined);
  }

  /** A file is uploaded once per message: a retry after a lost answer submits the same envelope. */
  private async seal(open: OpenChat, entry: OutboxEntry<File>, progress: (text: string | null) => void): Promise<{ messageId: string; envelope: MessageEnvelope }> {
    const roomId = open.chat.roomId!;
    const roomUri = `mimi://${open.chat.domain}/r/${roomId}`;
    let kind: MessageKind = 'text';
    let content: MessageContent = { text: entry.text };
    if (entry.payload) {
      const upload = this.options.upload ?? ((chatId, file, caption, onProgress) => uploadAttachment({ remoteChat: chatId }, file, caption, onProgress));
      try {
        ({ kind, content } = await upload(open.chat.id, entry.payload, entry.text, (state) => progress(progressText(state))));
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new Error(attachmentSendErrorText(error));
      }
    }
    const mimi = toMimiContent(content, kind, { salt: randomBytes(16), senderUri: open.userUri, room: { roomUri, assetBase: open.assetBase } });
    const header: MessageHeader = {
      type: MESSAGE_TYPE,
      conversation: roomId,
      sender: this.options.keys.deviceId,
      clientMessageId: entry.clientMessageId,
      businessListVersion: open.business.list.version,
      customerListVersion: open.customer.list.version,
      kind,
      sentAt: Math.floor(this.now() / 1000),
    };
    const recipients = envelopeRecipients(kind, this.options.keys.deviceId, { business: open.business.list, customer: open.customer.list });
    const envelope = await sealEnvelope(this.options.keys, header, encodeMimiContent(mimi), recipients);
    return { messageId: B64u.encode(await mimiMessageId(mimi, open.userUri, roomUri)), envelope };
  }
}

/** The business's places (its seq count) of the business's messages read here. */
function businessPlaces(messages: readonly LocalMessage[], places: ReadonlyMap<number, { remoteSeq: number | null }>): number[] {
  return messages.filter((message) => message.side === 'business').map((message) => places.get(message.seq)?.remoteSeq ?? 0);
}
