import { computed, signal } from '@preact/signals';
import { ApiError, errorMessage } from '../lib/api';
import { attachmentKindFor, attachmentSendErrorText, mimeOf, uploadAttachment } from '../lib/attachments';
import type { LocalMessage } from '../lib/messageStore';
import type { Messenger } from '../lib/messaging';
import { isTransientSendFailure, Outbox, type OutboxEntry } from '../lib/outbox';
import { threadEntries, type ThreadEntry } from '../lib/threadEntries';
import { progressText } from '../lib/uploadProgress';
import { isLoggedOut } from '../lib/ui';
import { newClientMessageId } from '../protocol';

/** The customer's chat: one conversation, its messages, the outbox and the connection — one state. */
export class ChatStore {
  readonly messages = signal<LocalMessage[]>([]);
  readonly outboxEntries = signal<readonly OutboxEntry<File>[]>([]);
  readonly receiptsVersion = signal(0);
  readonly connection = signal<'connected' | 'connecting' | 'reconnecting'>('connecting');
  readonly stalledReason = signal<string | null>(null);
  readonly connectionView = computed(() => (this.stalledReason.value ? 'stalled' : this.connection.value));
  readonly now = signal(Date.now());
  readonly outbox: Outbox<File>;

  /** Whether the business wrote since the customer's last message (an agent has really joined). */
  readonly businessAnswered = computed(() => {
    const last = this.messages.value[this.messages.value.length - 1];
    return last !== undefined && last.side === 'business';
  });

  readonly entries = computed<ThreadEntry[]>(() => {
    void this.receiptsVersion.value;
    return threadEntries(this.messages.value, this.outboxEntries.value, {
      mySide: 'customer',
      myDeviceId: this.messenger.deviceId,
      otherReceipt: this.messenger.receipt(this.conversation, 'business'),
    });
  });

  constructor(
    readonly messenger: Messenger,
    readonly conversation: string,
    readonly businessName: string,
  ) {
    this.outbox = new Outbox<File>({ newClientMessageId, deliver: (entry, progress) => this.deliver(entry, progress) });
    this.outbox.subscribe((entries) => {
      this.outboxEntries.value = entries;
    });
  }

  async reload(): Promise<void> {
    const stored = await this.messenger.messages(this.conversation);
    this.messages.value = stored;
    void this.markRead(stored);
  }

  async markRead(stored?: LocalMessage[]): Promise<void> {
    if (document.visibilityState !== 'visible' || isLoggedOut()) return;
    try {
      await this.messenger.markRead(this.conversation, stored ?? (await this.messenger.messages(this.conversation)));
    } catch {
      // the next render tries again
    }
  }

  send(text: string): void {
    this.outbox.add(this.conversation, 'text', text);
  }

  sendFile(file: File, caption: string): void {
    this.outbox.add(this.conversation, attachmentKindFor(mimeOf(file.type)), caption, { payload: file, attachmentName: file.name });
  }

  onStalled(error: unknown): void {
    if (isTransientSendFailure(error)) this.connection.value = 'reconnecting';
    else this.stalledReason.value = errorMessage(error);
  }

  private async deliver(entry: OutboxEntry<File>, progress: (text: string | null) => void): Promise<void> {
    if (!entry.payload) {
      await this.messenger.sendText(this.conversation, entry.text, 'text', entry.clientMessageId);
      return;
    }
    try {
      const { kind, content } = await uploadAttachment(this.conversation, entry.payload, entry.text, (state) => progress(progressText(state)));
      await this.messenger.sendContent(this.conversation, kind, content, entry.clientMessageId);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new Error(attachmentSendErrorText(error));
    }
  }
}
