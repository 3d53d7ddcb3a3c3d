import { envelopeRecipients, isInternalKind, type Bytes, type DeviceEntry, type DeviceList, type MessageHeader, type MessageKind } from '../protocol';
import { ApiError } from './api';
import type { ConversationSide, ReceiptFrame } from './types';
import { formatLocale, t } from '../i18n';

/**
 * The pure rules of messaging (no I/O, no DOM), so they can be tested on their own: who gets a
 * wrap, what a tick shows, which deliveries are duplicates, when a refused send is retried.
 */

// ---------------------------------------------------------------------------------------------
// Recipients (protocol §13.2)

/**
 * Device id → raw agreement key of every device that gets a wrap: for a note every business device,
 * for any other kind every device of both lists; the sender is one of them (protocol 1.1). `exclude`
 * drops devices the server reported as no longer expected (revoked, still on a signed list);
 * leaving a device out only narrows who can read, so it needs no signature.
 */
export function recipientsFor(
  kind: MessageKind,
  senderId: string,
  business: DeviceList,
  customer: DeviceList,
  exclude: Iterable<string> = [],
): Record<string, Bytes> {
  const recipients = envelopeRecipients(kind, senderId, { business, customer });
  for (const id of exclude) delete recipients[id];
  return recipients;
}

// ---------------------------------------------------------------------------------------------
// Retrying a refused send

export const MAX_SEND_RETRIES = 3;

export type SendRetryDecision =
  | {
      retry: true;
      /** Unverified lists from the error details: verify before using them. */
      businessList: unknown;
      customerList: unknown;
      /** Devices still on a list that the server does not expect (revoked). */
      exclude: string[];
      reason: 'mismatched_devices' | 'device_list_stale';
    }
  | { retry: false };

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Whether a failed POST /api/messages is retried without asking anybody: 409 mismatched_devices
 * and 410 device_list_stale carry the current lists, so the client re-encrypts for them; at most
 * `maxRetries` times (`retriesSoFar` counts the retries already made).
 */
export function sendRetryDecision(error: unknown, retriesSoFar: number, maxRetries = MAX_SEND_RETRIES): SendRetryDecision {
  if (!(error instanceof ApiError) || retriesSoFar >= maxRetries) return { retry: false };
  const mismatched = error.status === 409 && error.code === 'mismatched_devices';
  const stale = error.status === 410 && error.code === 'device_list_stale';
  if (!mismatched && !stale) return { retry: false };
  const { businessList, customerList } = error.details;
  if (businessList === undefined || customerList === undefined) return { retry: false };
  return {
    retry: true,
    businessList,
    customerList,
    exclude: mismatched ? stringArray(error.details.extraDeviceIds) : [],
    reason: mismatched ? 'mismatched_devices' : 'device_list_stale',
  };
}

/**
 * Devices the server wants a wrap for that are on none of the verified lists: the client cannot
 * encrypt to a key no signed list vouches for, so it stops instead of retrying in a loop.
 */
export function unverifiableRecipients(missingDeviceIds: unknown, business: DeviceList, customer: DeviceList): string[] {
  const known = new Set([...business.devices, ...customer.devices].map((device) => device.id));
  return stringArray(missingDeviceIds).filter((id) => !known.has(id));
}

// ---------------------------------------------------------------------------------------------
// Deduplication (delivery is at least once)

/**
 * A delivered message is a duplicate when its seq is at or below the highest seq this device already
 * stored from deliveries, or when it is already in the local store.
 */
export function isDuplicateDelivery(seq: number, receivedUpTo: number, alreadyStored = false): boolean {
  return alreadyStored || seq <= receivedUpTo;
}

/** Folds frames in arrival order, keeping only the first of each seq above `receivedUpTo`. */
export function newDeliveries<T extends { seq: number }>(frames: readonly T[], receivedUpTo: number): T[] {
  const fresh: T[] = [];
  let upTo = receivedUpTo;
  for (const frame of frames) {
    if (isDuplicateDelivery(frame.seq, upTo)) continue;
    fresh.push(frame);
    upTo = frame.seq;
  }
  return fresh;
}

// ---------------------------------------------------------------------------------------------
// Ticks and receipts

export type TickState = 'sending' | 'failed' | 'sent' | 'delivered' | 'read';

/**
 * The tick of a message our side sent: ✓ sent once stored (it has a seq), ✓✓ delivered when the
 * other side's delivered mark reached it, blue ✓✓ read when its read mark did.
 */
export function tickState(seq: number | null | undefined, otherSide: Pick<ReceiptFrame, 'deliveredSeq' | 'readSeq'> | undefined, failed = false): TickState {
  if (failed) return 'failed';
  if (seq === null || seq === undefined) return 'sending';
  if (otherSide && otherSide.readSeq >= seq) return 'read';
  if (otherSide && otherSide.deliveredSeq >= seq) return 'delivered';
  return 'sent';
}

export function tickText(state: TickState): string {
  switch (state) {
    case 'sending':
      return '\u{1F552}';
    case 'failed':
      return '!';
    case 'sent':
      return '\u2713';
    case 'delivered':
    case 'read':
      return '\u2713\u2713';
  }
}

export function tickLabel(state: TickState): string {
  return t(`components:tick.${state}`);
}

export function otherSide(side: ConversationSide): ConversationSide {
  return side === 'business' ? 'customer' : 'business';
}

/** Receipts only move forward: merges a newer report into what is known. */
export function mergeReceipt<T extends Pick<ReceiptFrame, 'deliveredSeq' | 'readSeq'>>(known: T | undefined, next: T): T {
  if (!known) return next;
  return { ...next, deliveredSeq: Math.max(known.deliveredSeq, next.deliveredSeq), readSeq: Math.max(known.readSeq, next.readSeq) };
}

// ---------------------------------------------------------------------------------------------
// Senders

/**
 * The sender's entry: looked up in the accepted list of the version the header names, or else in
 * another accepted version of the same side (a device id is derived from its signing key, so every
 * verified list that names the id vouches for the same key). A note only comes from the business.
 * Returns null when no accepted list names the sender (refresh the lists and try again).
 */
export function findSender(
  header: Pick<MessageHeader, 'sender' | 'kind' | 'businessListVersion' | 'customerListVersion'>,
  business: readonly DeviceList[],
  customer: readonly DeviceList[],
): { entry: DeviceEntry; side: ConversationSide } | null {
  const search = (lists: readonly DeviceList[], version: number): DeviceEntry | undefined => {
    const named = lists.find((list) => list.version === version);
    if (named) {
      const entry = named.devices.find((device) => device.id === header.sender);
      if (entry) return entry;
    }
    for (const list of [...lists].sort((a, b) => b.version - a.version)) {
      const entry = list.devices.find((device) => device.id === header.sender);
      if (entry) return entry;
    }
    return undefined;
  };
  const fromBusiness = search(business, header.businessListVersion);
  if (fromBusiness) return { entry: fromBusiness, side: 'business' };
  if (isInternalKind(header.kind)) return null;
  const fromCustomer = search(customer, header.customerListVersion);
  return fromCustomer ? { entry: fromCustomer, side: 'customer' } : null;
}

// ---------------------------------------------------------------------------------------------
// Threads

/** Local calendar day of a time in ms, as "YYYY-MM-DD" (for day separators). */
export function dayKey(timeMs: number): string {
  const date = new Date(timeMs);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", or the date, in the page's language. */
export function dayLabel(timeMs: number, nowMs: number): string {
  const key = dayKey(timeMs);
  if (key === dayKey(nowMs)) return t('components:day.today');
  const yesterday = new Date(nowMs);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return t('components:day.yesterday');
  const sameYear = new Date(timeMs).getFullYear() === new Date(nowMs).getFullYear();
  return new Intl.DateTimeFormat(formatLocale(), sameYear ? { weekday: 'long', month: 'long', day: 'numeric' } : { dateStyle: 'long' }).format(timeMs);
}

/** Where day separators go: the indexes of items that start a new day. */
export function dayBreaks(timesMs: readonly number[]): number[] {
  const breaks: number[] = [];
  let previous: string | null = null;
  timesMs.forEach((time, index) => {
    const key = dayKey(time);
    if (key !== previous) breaks.push(index);
    previous = key;
  });
  return breaks;
}

export interface CountableMessage {
  seq: number;
  side: ConversationSide;
  kind: MessageKind;
}

/** Messages of the other side after my side's read mark: the unread count. */
export function unreadCount(messages: readonly CountableMessage[], mySide: ConversationSide, myReadSeq: number): number {
  return messages.filter((message) => message.side !== mySide && message.seq > myReadSeq).length;
}

/**
 * The seq to mark read when a thread is shown: the highest seq of messages this device received
 * (not its own sends: those say nothing about what was shown here). Null when nothing is new.
 */
export function readMarkToSend(received: readonly { seq: number }[], alreadyMarked: number): number | null {
  let highest = 0;
  for (const message of received) highest = Math.max(highest, message.seq);
  return highest > alreadyMarked ? highest : null;
}

export interface PreviewMessage {
  text: string | null;
  kind: MessageKind;
  side: ConversationSide;
  /** The sending device, to tell this device's own messages from a teammate's. */
  sender?: string;
  senderName?: string | null;
  attachmentName?: string;
}

const ATTACHMENT_KEYS: Partial<Record<MessageKind, string>> = { image: 'photo', video: 'video', voice: 'voice', document: 'document' };

/**
 * A one-line preview of a message for the conversation list: "You: …" only for this device's own
 * messages, a teammate's name for theirs, "📎 Photo" or the file name for an attachment without a caption.
 */
export function previewText(message: PreviewMessage | null, me: { mySide: ConversationSide; myDeviceId: string }, maxLength = 80): string {
  if (!message) return t('components:preview.none');
  if (message.text === null) return t('components:preview.undecryptable');
  let body = message.text.replace(/\s+/g, ' ').trim();
  const attachment = ATTACHMENT_KEYS[message.kind];
  if (attachment) {
    const what = body !== '' ? body : message.kind === 'document' && message.attachmentName ? message.attachmentName : t(`components:preview.${attachment}`);
    body = `\u{1F4CE} ${what}`;
  }
  let prefix = '';
  if (message.kind === 'note') prefix = t('components:preview.note');
  else if (message.kind === 'whisper') prefix = t('components:preview.whisper');
  else if (message.kind === 'feedback') prefix = t('components:preview.feedback');
  else if (message.side === me.mySide) {
    const mine = message.sender === undefined || message.sender === me.myDeviceId;
    prefix = mine ? t('components:preview.you') : message.senderName ? t('components:preview.by', { name: message.senderName }) : '';
  }
  const text = `${prefix}${body}`;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}\u2026` : text;
}
