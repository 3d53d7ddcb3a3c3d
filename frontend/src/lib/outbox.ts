import type { MessageKind } from '../protocol';
import { ApiError, errorMessage } from './api';

/**
 * Messages on their way out, for the customer's chat and the agents' inbox alike (no DOM, so the
 * rules are tested on their own). The thread shows every entry until the server stored it.
 *
 * The rules:
 * - A message gets its client message id once, when it enters the outbox; every later attempt, by
 *   itself or by hand, sends it with the same id, so the server stores it at most once even when an
 *   answer was lost. Writing the same text again is a new message with a new id.
 * - Within a conversation messages go out one at a time in the order they were written.
 * - A failure that says nothing about the message (no connection, the server away or busy, the
 *   device lists changed once more while the messenger re-encrypted) leaves it `waiting`: it goes
 *   out by itself — on `resume()` (the page calls it when the connection is back), after a growing
 *   pause (a socket does not always notice a lost network), or on `retryNow()`.
 * - Any other refusal makes it `failed` with the server's reason; it stays until tried again or
 *   discarded, and the ones written after it in that conversation wait behind it.
 */

export type OutboxState = 'sending' | 'waiting' | 'failed';

export interface OutboxEntry<P = unknown> {
  readonly clientMessageId: string;
  readonly conversation: string;
  readonly kind: MessageKind;
  /** The text, or an attachment's caption. */
  readonly text: string;
  readonly createdAtMs: number;
  /** What `deliver` needs besides the text (a file for an attachment). */
  readonly payload: P | null;
  /** For an attachment: its file name. */
  readonly attachmentName?: string;
  readonly state: OutboxState;
  /** Why the last attempt failed (a `failed` entry always has one). */
  readonly error: string | null;
  /** What an upload is doing ("Uploading… 40%"), for attachments. */
  readonly progress: string | null;
  readonly attempts: number;
}

export interface OutboxOptions<P> {
  /** Sends one entry with its client message id; resolves once the server stored it. */
  deliver(entry: OutboxEntry<P>, progress: (text: string | null) => void): Promise<void>;
  newClientMessageId(): string;
  now?: () => number;
  /** The pause before waiting messages are tried again by themselves, by attempt (default 3 s doubling to 60 s). */
  retryDelayMs?: (attempt: number) => number;
}

/** Codes after which the message itself is fine and sending it again later can succeed. */
const TRANSIENT_CODES: readonly string[] = ['device_list_mismatch', 'mismatched_devices', 'device_list_stale', 'rate_limited'];

/** Whether a failed send should wait and go out again by itself rather than ask the person. */
export function isTransientSendFailure(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status >= 500 || error.status === 429 || TRANSIENT_CODES.includes(error.code);
}

export class Outbox<P = unknown> {
  private items: OutboxEntry<P>[] = [];
  private readonly listeners = new Set<(entries: readonly OutboxEntry<P>[]) => void>();
  private readonly busy = new Set<string>();
  private readonly now: () => number;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAttempt = 0;

  constructor(private readonly options: OutboxOptions<P>) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Every entry, oldest first (a new array after each change). */
  entries(conversation?: string): readonly OutboxEntry<P>[] {
    return conversation === undefined ? this.items : this.items.filter((entry) => entry.conversation === conversation);
  }

  subscribe(listener: (entries: readonly OutboxEntry<P>[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Puts a message in the outbox; it is sent when its turn comes. */
  add(conversation: string, kind: MessageKind, text: string, extra: { payload?: P; attachmentName?: string } = {}): OutboxEntry<P> {
    const entry: OutboxEntry<P> = {
      clientMessageId: this.options.newClientMessageId(),
      conversation,
      kind,
      text,
      createdAtMs: this.now(),
      payload: extra.payload ?? null,
      attachmentName: extra.attachmentName,
      state: 'sending',
      error: null,
      progress: null,
      attempts: 0,
    };
    this.items = [...this.items, entry];
    this.changed();
    void this.pump(conversation);
    return entry;
  }

  /** Sends a waiting or failed message again now, with its client message id. */
  retryNow(clientMessageId: string): Promise<void> {
    const entry = this.find(clientMessageId);
    if (!entry || entry.state === 'sending') return Promise.resolve();
    this.update(clientMessageId, { state: 'sending', error: entry.state === 'failed' ? null : entry.error });
    return this.pump(entry.conversation);
  }

  /** The connection is back: everything waiting goes out (failed ones stay until tried by hand). */
  resume(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const conversations = new Set<string>();
    for (const entry of this.items) {
      if (entry.state !== 'waiting') continue;
      this.update(entry.clientMessageId, { state: 'sending' });
      conversations.add(entry.conversation);
    }
    return Promise.all([...conversations].map((conversation) => this.pump(conversation))).then(() => undefined);
  }

  /** Drops a message that is not being sent right now. */
  discard(clientMessageId: string): void {
    const entry = this.find(clientMessageId);
    if (!entry || this.busy.has(clientMessageId)) return;
    this.items = this.items.filter((item) => item !== entry);
    this.changed();
    void this.pump(entry.conversation);
  }

  /** Resolves once an entry is no longer being sent: undefined when it was stored, else the entry as it stopped. */
  async settled(clientMessageId: string): Promise<OutboxEntry<P> | undefined> {
    while (this.busy.has(clientMessageId) || this.find(clientMessageId)?.state === 'sending') {
      await new Promise<void>((resolve) => {
        const stop = this.subscribe(() => {
          stop();
          resolve();
        });
      });
    }
    return this.find(clientMessageId);
  }

  /** Sends the conversation's entries in order while the first unsent one is ready to go. */
  private async pump(conversation: string): Promise<void> {
    for (;;) {
      let head = this.items.find((entry) => entry.conversation === conversation);
      // One that only waited behind another (no failure of its own) goes as soon as it is first.
      if (head && head.state === 'waiting' && head.error === null) {
        this.update(head.clientMessageId, { state: 'sending' });
        head = this.find(head.clientMessageId)!;
      }
      if (!head || head.state !== 'sending' || this.busy.has(head.clientMessageId)) return;
      const id = head.clientMessageId;
      this.busy.add(id);
      this.update(id, { attempts: head.attempts + 1 });
      try {
        await this.options.deliver(this.find(id)!, (progress) => this.update(id, { progress }));
        this.retryAttempt = 0;
        this.items = this.items.filter((entry) => entry.clientMessageId !== id);
        this.changed();
      } catch (error) {
        const transient = isTransientSendFailure(error);
        this.update(id, { state: transient ? 'waiting' : 'failed', error: errorMessage(error), progress: null });
        if (transient) this.scheduleRetry();
        // The ones behind it wait: order within a conversation is kept.
        for (const entry of this.items) {
          if (entry.conversation === conversation && entry.state === 'sending' && !this.busy.has(entry.clientMessageId) && entry.clientMessageId !== id) {
            this.update(entry.clientMessageId, { state: 'waiting' });
          }
        }
        return;
      } finally {
        this.busy.delete(id);
      }
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const delay = (this.options.retryDelayMs ?? ((attempt) => Math.min(60_000, 3000 * 2 ** attempt)))(this.retryAttempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.resume();
    }, delay);
  }

  private find(clientMessageId: string): OutboxEntry<P> | undefined {
    return this.items.find((entry) => entry.clientMessageId === clientMessageId);
  }

  private update(clientMessageId: string, change: Partial<Pick<OutboxEntry<P>, 'state' | 'error' | 'progress' | 'attempts'>>): void {
    this.items = this.items.map((entry) => (entry.clientMessageId === clientMessageId ? { ...entry, ...change } : entry));
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener(this.items);
  }
}
