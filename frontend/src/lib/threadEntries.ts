import { isInternalKind, type Attachment, type MessageKind } from '../protocol';
import type { LocalMessage } from './messageStore';
import { tickState, type TickState } from './messagingLogic';
import type { OutboxEntry, OutboxState } from './outbox';
import type { ConversationSide, ReceiptFrame } from './types';

/** What the thread shows for one message, stored or still in the outbox (no DOM: tested on its own). */
export interface ThreadEntry {
  /** Stable key: `seq:<n>` once stored, `pending:<clientMessageId>` while in the outbox. */
  key: string;
  seq: number | null;
  kind: MessageKind;
  /** Sent by our side (shown on the right). */
  mine: boolean;
  /** Sent by this very device. */
  fromThisDevice: boolean;
  senderName: string | null;
  /** null: could not be decrypted. */
  text: string | null;
  attachmentName?: string;
  /** The attachment of a stored message (to show and download). */
  attachment?: Attachment;
  /** For an attachment in the outbox: what the upload is doing. */
  progress?: string | null;
  timeMs: number;
  ticks: TickState | null;
  /** In the outbox: sending, waiting for the connection, or refused. */
  outbox?: { clientMessageId: string; state: OutboxState; error: string | null };
}

export interface EntryOptions {
  mySide: ConversationSide;
  myDeviceId: string;
  /** The other side's receipt (ticks of our side's messages). */
  otherReceipt: ReceiptFrame | undefined;
}

/** Stored messages in order, then what is still in the outbox (unless the server stored it already). */
export function threadEntries(stored: readonly LocalMessage[], outbox: readonly OutboxEntry[], options: EntryOptions): ThreadEntry[] {
  const storedIds = new Set(stored.map((message) => message.clientMessageId).filter(Boolean));
  const entries: ThreadEntry[] = [...stored]
    .sort((a, b) => a.seq - b.seq)
    .map((message) => {
      const mine = message.status !== 'undecryptable' ? message.side === options.mySide : false;
      return {
        key: `seq:${message.seq}`,
        seq: message.seq,
        kind: message.kind,
        mine,
        fromThisDevice: message.sender === options.myDeviceId,
        senderName: message.senderName,
        text: message.status === 'undecryptable' ? null : message.text,
        attachmentName: message.attachmentName,
        attachment: message.status === 'undecryptable' ? undefined : message.attachment,
        timeMs: message.sentAt * 1000,
        ticks: mine && !isInternalKind(message.kind) ? tickState(message.seq, options.otherReceipt) : null,
      };
    });
  for (const send of outbox) {
    if (storedIds.has(send.clientMessageId)) continue;
    entries.push({
      key: `pending:${send.clientMessageId}`,
      seq: null,
      kind: send.kind,
      mine: true,
      fromThisDevice: true,
      senderName: null,
      text: send.text,
      attachmentName: send.attachmentName,
      progress: send.progress,
      timeMs: send.createdAtMs,
      ticks: isInternalKind(send.kind) ? null : tickState(null, undefined, send.state === 'failed'),
      outbox: { clientMessageId: send.clientMessageId, state: send.state, error: send.error },
    });
  }
  return entries;
}
