import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { api, ApiError, errorMessage } from '../lib/api';
import { attachmentKindFor, attachmentSendErrorText, mimeOf, uploadAttachment } from '../lib/attachments';
import type { EventConnection } from '../lib/events';
import { followHistory, historyFetchedMark, HistoryHelper, type HistoryBar } from '../lib/historySync';
import { keysOf, loadIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import { listRefusalText, ListTrust } from '../lib/listTrust';
import type { LocalMessage } from '../lib/messageStore';
import { openMessageStore } from '../lib/messageStore';
import { connectMessaging, Messenger } from '../lib/messaging';
import { isTransientSendFailure, Outbox, type OutboxEntry } from '../lib/outbox';
import { effectiveTopicId, QueueTracker, queueView, topicMenuView, type QueueView, type TopicMenuView } from '../lib/queueText';
import type { QueueState, RoutingEvent, TopicChoice } from '../lib/routingTypes';
import { threadEntries, type ThreadEntry } from '../lib/threadEntries';
import type { AccountInfo, CustomerMe } from '../lib/types';
import { isLoggedOut, onLoggedOut } from '../lib/ui';
import { progressText } from '../lib/uploadProgress';
import { createLinkStore, realLinkDeps, type LinkStore } from '../link/store';
import { B64u, DeviceKeys, fingerprintOf, newClientMessageId, normalizeE164 } from '../protocol';
import { createBrowsersStore, type BrowsersStore } from './linkedBrowsers';
import { RemoteChatsStore } from './remoteChats';
import { recalledVerification, register, rememberVerification, RESTART_CODES, startVerification, verificationErrorText, type PendingVerification } from './signUp';

export type ChatPhase = 'loading' | 'unavailable' | 'signup' | 'link' | 'chat' | 'fatal' | 'codeChanged';

/** The business's security code changed and the customer has not accepted it yet (protocol §7.3, §7.4). */
export interface SecurityCodeChange {
  kind: 'recovery' | 'reset';
  /** The new primary's fingerprint (§3), to compare with the business by another channel. */
  code: string;
}

const TOPIC_KEY_PREFIX = 'switchboard.chat.topic.';

function rememberedTopic(conversation: string): string | null {
  try {
    return localStorage.getItem(TOPIC_KEY_PREFIX + conversation);
  } catch {
    return null;
  }
}

function rememberTopic(conversation: string, topicId: string): void {
  try {
    localStorage.setItem(TOPIC_KEY_PREFIX + conversation, topicId);
  } catch {
    // without storage the menu asks again after a reload; the server keeps the choice anyway
  }
}

function businessLabel(account: { displayName?: string | null; businessName?: string | null; businessNumber?: string | null }): string {
  return account.businessName ?? account.displayName ?? account.businessNumber ?? t('chat:theBusiness');
}

/**
 * The customer's page as one state: signing up (phone, code, keys) or linking this browser to the
 * customer's first one, then the one conversation with the business — its messages, the outbox, the
 * connection, the topic menu, the place in line, the customer's linked browsers and history sync.
 */
export class ChatStore {
  readonly phase = signal<ChatPhase>('loading');
  readonly fatal = signal<string | null>(null);
  readonly businessName = signal('');
  readonly businessNumber = signal('');
  /**
   * The business's primary, and so its security code, changed (a recovery, §7.3, or an operator's reset, §7.4) and the
   * customer has not accepted the new code: the chat warns until they do. After a reset nothing is exchanged until then.
   */
  readonly codeChange = signal<SecurityCodeChange | null>(null);
  readonly codeChangeError = signal<string | null>(null);
  private trust: ListTrust | null = null;

  // --- sign-up
  readonly signupStep = signal<'start' | 'code'>('start');
  readonly pending = signal<PendingVerification | null>(null);
  readonly signupError = signal<{ text: string; code: string | null } | null>(null);
  readonly fieldErrors = signal<{ phone?: string; name?: string; code?: string }>({});
  readonly signupBusy = signal<'start' | 'verify' | 'keys' | 'done' | null>(null);
  private keys: DeviceKeys | null = null;

  // --- linking this browser to the customer's first one (protocol §6.3)
  readonly link = signal<LinkStore | null>(null);

  // --- the customer's browsers, and history sync for a newly linked one (§13.4)
  readonly browsers = signal<BrowsersStore | null>(null);
  readonly showBrowsers = signal(false);
  readonly history = signal<HistoryBar | null>(null);
  private historyHelper: HistoryHelper | null = null;
  private customerId = '';

  // --- chats with businesses at other providers (protocol §16.1)
  readonly remote = signal<RemoteChatsStore | null>(null);
  readonly showRemote = signal(false);

  // --- the conversation
  messenger: Messenger | null = null;
  conversation = '';
  readonly messages = signal<LocalMessage[]>([]);
  readonly outboxEntries = signal<readonly OutboxEntry<File>[]>([]);
  readonly receiptsVersion = signal(0);
  readonly connection = signal<'connected' | 'connecting' | 'reconnecting'>('connecting');
  readonly stalledReason = signal<string | null>(null);
  /** Messages stopped loading because the server is away (not refused): said as "reconnecting". */
  readonly serverAway = signal(false);
  readonly connectionView = computed(() => (this.stalledReason.value ? 'stalled' : this.serverAway.value ? 'reconnecting' : this.connection.value));
  readonly now = signal(Date.now());
  readonly fingerprint = signal<string | null>(null);
  readonly outbox = new Outbox<File>({ newClientMessageId, deliver: (entry, progress) => this.deliver(entry, progress) });

  // --- routing: the place in line and the topic menu (protocol §14)
  private tracker: QueueTracker | null = null;
  readonly queue = signal<QueueState | null>(null);
  readonly topics = signal<TopicChoice[]>([]);
  readonly chosenTopic = signal<string | null>(null);
  readonly changingTopic = signal(false);
  readonly topicBusy = signal(false);
  readonly topicError = signal<string | null>(null);

  // --- satisfaction after a resolve (protocol §13.6): the rating is metadata, the comment an encrypted message
  readonly csat = signal<{ resolvedAt: string | null; rating: number | null } | null>(null);
  readonly csatBusy = signal(false);
  readonly csatError = signal<string | null>(null);
  /** Rated on this page: thank the customer until the conversation opens again. */
  readonly csatThanks = signal(false);
  private csatFor: string | null = null;

  /** Whether the business wrote since the customer's last message (an agent has really joined). */
  readonly businessAnswered = computed(() => {
    const last = this.messages.value[this.messages.value.length - 1];
    return last !== undefined && last.side === 'business';
  });

  readonly queueView = computed<QueueView>(() => queueView(this.queue.value, this.businessAnswered.value));

  readonly topicMenu = computed<TopicMenuView>(() => {
    const state = this.queue.value as (QueueState & { topicId?: string | null }) | null;
    return topicMenuView(this.topics.value, effectiveTopicId(state?.topicId, this.chosenTopic.value), state?.assigned ?? false, this.changingTopic.value);
  });

  readonly entries = computed<ThreadEntry[]>(() => {
    void this.receiptsVersion.value;
    if (!this.messenger) return [];
    return threadEntries(this.messages.value, this.outboxEntries.value, {
      mySide: 'customer',
      myDeviceId: this.messenger.deviceId,
      otherReceipt: this.messenger.receipt(this.conversation, 'business'),
    });
  });

  /** `newLinkStore` makes the link page's store for a customer (tests pass their own). */
  constructor(private readonly newLinkStore: () => LinkStore = () => createLinkStore(realLinkDeps('customer'), 'customer')) {
    this.outbox.subscribe((entries) => {
      this.outboxEntries.value = entries;
    });
  }

  // -----------------------------------------------------------------------------------------
  // Start

  async start(): Promise<void> {
    let account: AccountInfo;
    try {
      account = await api.get<AccountInfo>('/api/account', { reauthenticate: false });
    } catch (error) {
      this.fail(errorMessage(error));
      return;
    }
    if (!account.setUp) {
      this.phase.value = 'unavailable';
      return;
    }
    this.businessName.value = businessLabel(account);
    if (!(await loadIdentity('customer'))) {
      const pending = recalledVerification();
      this.pending.value = pending;
      this.signupStep.value = pending ? 'code' : 'start';
      this.phase.value = 'signup';
      return;
    }
    await this.openConversation();
  }

  fail(message: string): void {
    if (isLoggedOut()) return;
    this.fatal.value = message;
    this.phase.value = 'fatal';
  }

  // -----------------------------------------------------------------------------------------
  // Sign-up

  async submitPhone(phoneInput: string, nameInput: string): Promise<void> {
    this.signupError.value = null;
    let phone: string;
    try {
      phone = normalizeE164(phoneInput);
    } catch {
      this.fieldErrors.value = { phone: phoneInput.trim() === '' ? t('chat:signup.phoneMissing') : t('chat:signup.phoneFormat') };
      return;
    }
    const name = nameInput.trim();
    const nameProblem = name === '' ? t('chat:signup.nameMissing') : name.length > 80 ? t('chat:signup.nameTooLong', { count: name.length }) : null;
    this.fieldErrors.value = nameProblem ? { name: nameProblem } : {};
    if (nameProblem) return;
    this.signupBusy.value = 'start';
    try {
      const pending = await startVerification(phone, nameInput.trim());
      rememberVerification(pending);
      this.pending.value = pending;
      this.signupStep.value = 'code';
    } catch (failure) {
      this.signupError.value = { text: verificationErrorText(failure), code: failure instanceof ApiError ? failure.code : null };
    } finally {
      this.signupBusy.value = null;
    }
  }

  /** "I already chat here": this browser asks to join the customer's list instead of signing up. */
  startLinking(phone = ''): void {
    const link = this.newLinkStore();
    this.link.value = link;
    const known = phone.trim() || this.pending.value?.phone || '';
    if (known) link.setAccount(known);
    this.signupError.value = null;
    this.phase.value = 'link';
    void link.start();
  }

  backToSignUp(): void {
    this.link.value?.stop();
    this.link.value = null;
    this.phase.value = 'signup';
  }

  useAnotherNumber(): void {
    this.pending.value = null;
    rememberVerification(null);
    this.signupError.value = null;
    this.signupStep.value = 'start';
  }

  async submitCode(codeInput: string): Promise<void> {
    this.signupError.value = null;
    const pending = this.pending.value;
    if (!pending) return this.useAnotherNumber();
    const code = codeInput.replace(/\s+/g, '');
    if (!/^[0-9]{4,12}$/.test(code)) {
      this.fieldErrors.value = { code: t('chat:signup.codeMissing') };
      return;
    }
    this.fieldErrors.value = {};
    this.signupBusy.value = 'keys';
    try {
      this.keys ??= await DeviceKeys.generate();
      await register(pending, code, this.keys);
    } catch (failure) {
      this.signupBusy.value = null;
      if (isLoggedOut()) return;
      const failureCode = failure instanceof ApiError ? failure.code : null;
      this.signupError.value = { text: verificationErrorText(failure), code: failureCode };
      if (failureCode && RESTART_CODES.includes(failureCode)) {
        this.pending.value = null;
        rememberVerification(null);
        this.signupStep.value = 'start';
      }
      return;
    }
    rememberVerification(null);
    this.signupBusy.value = 'done';
    await this.openConversation().catch((error) => this.fail(t('chat:openFailed', { reason: errorMessage(error) })));
  }

  // -----------------------------------------------------------------------------------------
  // The conversation

  private async openConversation(): Promise<void> {
    const identity = await loadIdentity('customer');
    if (!identity) throw new Error(t('chat:noKeys'));
    const keys = await keysOf(identity);
    const me = await api.get<CustomerMe>('/api/customers/me');
    this.conversation = me.conversationId;
    this.customerId = me.customerId;
    this.businessName.value = me.businessName || me.businessNumber;
    this.businessNumber.value = me.businessNumber;
    document.title = `${this.businessName.value} · Switchboard`;
    if (identity.customerId !== me.customerId) await updateIdentity({ customerId: me.customerId }, 'customer');
    const store = openMessageStore(keys.deviceId);
    const trust = new ListTrust({
      store,
      own: {
        owner: me.customerId,
        account: identity.account,
        primarySigningKey: identity.primarySigningKey,
        version: identity.listVersion,
        list: identity.acceptedList,
        onAccepted: async (list) => {
          await updateIdentity({ listVersion: list.version, acceptedList: list }, 'customer');
        },
      },
      // Only the business's list can move to a recovered primary, and only with the claim its pinned list allows.
      recoveryClaim: async (owner) => {
        if (owner !== 'business') return null;
        const status = await api.get<{ lastCompleted: { kind: string; claim: unknown } | null }>('/api/recovery');
        return status.lastCompleted?.kind === 'recovery' ? status.lastCompleted.claim : null;
      },
      operatorReset: async (owner) => {
        if (owner !== 'business') return false;
        const status = await api.get<{ lastCompleted: { kind: string } | null }>('/api/recovery');
        return status.lastCompleted?.kind === 'reset';
      },
      onPrimaryChanged: () => void this.showCodeChange(),
    });
    this.trust = trust;
    const messenger = new Messenger({ keys, side: 'customer', store, trust, businessAccount: me.businessNumber, customerAccount: identity.account });
    this.messenger = messenger;
    try {
      await messenger.applyLists(me.conversationId, me.businessList, me.customerList, { phone: me.phone, name: me.name });
      await messenger.conversation(me.conversationId, { force: true });
    } catch (error) {
      // After an operator's reset the business's new list waits for the customer to accept its security code.
      if (!(error instanceof ApiError) && (await this.showCodeChange())?.kind === 'reset') {
        this.phase.value = 'codeChanged';
        return;
      }
      this.fail(error instanceof ApiError ? errorMessage(error) : listRefusalText(error, this.businessName.value));
      return;
    }
    await this.showCodeChange();
    this.tracker = new QueueTracker(me.conversationId);
    this.chosenTopic.value = rememberedTopic(me.conversationId);
    messenger.on((event) => {
      if (event.type === 'message' && event.message.conversation === this.conversation) void this.reload();
      else if (event.type === 'receipt' && event.receipt.conversation === this.conversation) this.receiptsVersion.value++;
      else if (event.type === 'caught-up') {
        this.stalledReason.value = null;
        this.serverAway.value = false;
      }
      else if (event.type === 'stalled') this.onStalled(event.error);
    });
    await this.reload();
    // The customer's user URI names this provider by the host the page is served from (docs/interop.md §4.9).
    this.remote.value = new RemoteChatsStore({ http: api, keys, trust, phone: identity.account });
    this.phase.value = 'chat';
    void this.refreshRouting();
    this.startBrowsers(identity, keys, messenger);
  }

  /** The linked browsers, the helper that passes keys on to a newly linked one, and this browser's own history. */
  private startBrowsers(identity: StoredIdentity, keys: DeviceKeys, messenger: Messenger): void {
    const browsers = createBrowsersStore({
      http: api,
      identity,
      keys,
      updateIdentity: (changes) => updateIdentity(changes, 'customer'),
      listChanged: () => this.historyHelper?.schedule(),
      isLoggedOut,
      nowMs: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    this.browsers.value = browsers;
    // Keys go only to a browser on the customer's list as verified just now (a server cannot add one).
    this.historyHelper = new HistoryHelper({
      keys,
      http: api,
      verifiedList: async () => {
        await browsers.refresh();
        return browsers.verified.value?.list ?? null;
      },
    });
    onLoggedOut(() => this.historyHelper?.stop());
    void browsers.refresh().then(() => this.historyHelper?.schedule());
    void followHistory({
      http: api,
      fetch: async () => {
        const changed = await messenger.fetchHistory();
        if (changed.has(this.conversation)) await this.reload();
        return changed;
      },
      show: (bar) => (this.history.value = bar),
      fetchedMark: historyFetchedMark(messenger),
      isLoggedOut,
      nowMs: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }).catch((error) => console.warn('History sync failed', error));
  }

  /** Reads the code change the customer has not accepted yet, with the new code to compare. */
  private async showCodeChange(): Promise<SecurityCodeChange | null> {
    const change = await this.trust?.codeChange('business');
    this.codeChange.value = change
      ? { kind: change.kind, code: await fingerprintOf(B64u.decode(change.primarySigningKey), B64u.decode(change.agreementKey)) }
      : null;
    return this.codeChange.value;
  }

  /** The customer accepts the business's new security code; after a reset the conversation opens under it now. */
  async acceptCodeChange(): Promise<void> {
    this.codeChangeError.value = null;
    try {
      await this.trust?.acceptCodeChange('business');
      this.codeChange.value = null;
      if (this.phase.value === 'codeChanged') await this.openConversation();
    } catch (error) {
      this.codeChangeError.value = t('recovery:code.acceptFailed', { error: errorMessage(error) });
    }
  }

  /** Connects the event socket (the page calls it once the conversation is shown). */
  connect(): EventConnection | null {
    const messenger = this.messenger;
    if (!messenger) return null;
    return connectMessaging(
      messenger,
      {
        onReconnected: () => {
          void messenger.conversation(this.conversation, { force: true }).then(() => this.reload(), () => undefined);
          this.historyHelper?.schedule();
        },
        // Remote chats are read on a push only: after every connect, catch up on what was pushed to nobody.
        onConnected: () => void this.remote.value?.changed(null),
        onRemoteChat: (id) => void this.remote.value?.changed(id),
        onDeviceList: (_version, owner) => {
          if (owner === this.customerId) void this.browsers.value?.refresh();
        },
        onStateChange: (connection) => {
          this.connection.value = connection;
          // Queue frames only reach an open socket: ask again once it is; messages written meanwhile go out.
          if (connection === 'connected') {
            void this.refreshRouting();
            void this.outbox.resume();
          }
        },
        onRouting: (event) => this.onRouting(event),
      },
      { probePath: '/api/customers/me' },
    );
  }

  async reload(): Promise<void> {
    if (!this.messenger) return;
    const stored = await this.messenger.messages(this.conversation);
    this.messages.value = stored;
    void this.markRead(stored);
  }

  async markRead(stored?: LocalMessage[]): Promise<void> {
    if (!this.messenger || document.visibilityState !== 'visible' || isLoggedOut()) return;
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
    if (isTransientSendFailure(error)) this.serverAway.value = true;
    else this.stalledReason.value = errorMessage(error);
  }

  private async deliver(entry: OutboxEntry<File>, progress: (text: string | null) => void): Promise<void> {
    const messenger = this.messenger!;
    if (!entry.payload) {
      await messenger.sendText(this.conversation, entry.text, 'text', entry.clientMessageId);
      // The stored copy is on screen before the outbox lets go of the message, so it never blinks out.
      await this.reload().catch(() => undefined);
      return;
    }
    try {
      const { kind, content } = await uploadAttachment(this.conversation, entry.payload, entry.text, (state) => progress(progressText(state)));
      await messenger.sendContent(this.conversation, kind, content, entry.clientMessageId);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new Error(attachmentSendErrorText(error));
    }
    await this.reload().catch(() => undefined);
  }

  // -----------------------------------------------------------------------------------------
  // Routing

  onRouting(event: RoutingEvent): void {
    if (event.type !== 'queue' || !this.tracker) return;
    const { type: _type, ...state } = event;
    if (this.tracker.frame(state)) this.queue.value = this.tracker.state();
    void this.refreshCsat();
  }

  async refreshRouting(): Promise<void> {
    await Promise.all([this.loadTopics(), this.refreshQueue()]);
  }

  private async loadTopics(): Promise<void> {
    try {
      this.topics.value = await api.get<TopicChoice[]>('/api/topics');
    } catch (error) {
      // Without the menu the chat still works; it simply goes to the default queue.
      console.warn('Topics could not be loaded', error);
      this.topics.value = [];
    }
  }

  private async refreshQueue(): Promise<void> {
    const tracker = this.tracker;
    if (!tracker) return;
    const token = tracker.beginFetch();
    try {
      const state = await api.get<QueueState>(`/api/conversations/${encodeURIComponent(this.conversation)}/queue`);
      if (tracker.fetched(token, state)) this.queue.value = tracker.state();
    } catch (error) {
      console.warn('The place in the queue could not be loaded', error);
    }
    await this.refreshCsat();
  }

  /** Once the conversation is resolved, whether a rating is asked (once per resolution); nothing is asked while it is open. */
  async refreshCsat(): Promise<void> {
    const status = this.queue.value?.status;
    if (status !== 'resolved') {
      this.csatFor = null;
      this.csat.value = null;
      this.csatThanks.value = false;
      return;
    }
    if (this.csatFor === 'resolved') return;
    this.csatFor = 'resolved';
    try {
      const answer = await api.get<{ resolvedAt: string | null; rating: number | null }>(`/api/conversations/${encodeURIComponent(this.conversation)}/csat`);
      this.csat.value = answer;
    } catch (error) {
      this.csatFor = null;
      console.warn('The rating could not be loaded', error);
    }
  }

  /** Sends the rating, then the comment (if any) as an end-to-end encrypted `feedback` message to the business. */
  async rate(rating: number, comment: string): Promise<void> {
    if (this.csatBusy.value || !this.messenger) return;
    this.csatBusy.value = true;
    this.csatError.value = null;
    try {
      const answer = await api.post<{ resolvedAt: string | null; rating: number | null }>(`/api/conversations/${encodeURIComponent(this.conversation)}/csat`, { rating });
      const text = comment.trim();
      if (text) {
        await this.messenger.sendText(this.conversation, text, 'feedback');
        await this.reload().catch(() => undefined);
      }
      this.csat.value = answer;
      this.csatThanks.value = true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'csat_already_rated') {
        this.csatThanks.value = true;
        this.csat.value = { resolvedAt: this.csat.value?.resolvedAt ?? null, rating };
      } else {
        this.csatError.value = t('supervise:csat.failed', { reason: errorMessage(error) });
      }
    } finally {
      this.csatBusy.value = false;
    }
  }

  async chooseTopic(topic: TopicChoice): Promise<void> {
    if (this.topicBusy.value) return;
    this.topicBusy.value = true;
    this.topicError.value = null;
    try {
      await api.post(`/api/conversations/${encodeURIComponent(this.conversation)}/topic`, { topicId: topic.id });
      this.chosenTopic.value = topic.id;
      this.changingTopic.value = false;
      rememberTopic(this.conversation, topic.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'topic_not_found') {
        this.topicError.value = t('chat:topic.gone');
        await this.loadTopics();
      } else {
        this.topicError.value = t('chat:topic.notSaved', { reason: errorMessage(error) });
      }
    } finally {
      this.topicBusy.value = false;
    }
    // The topic moves the chat to its team's queue: the place in line may have changed.
    void this.refreshQueue();
  }
}
