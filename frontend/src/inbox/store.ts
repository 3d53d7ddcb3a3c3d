import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { api, ApiError, errorMessage } from '../lib/api';
import { ActivityTracker, shouldAnswerArrival, TypingThrottle, VIEWING_REPEAT_MS } from '../lib/collision';
import type { EventConnection } from '../lib/events';
import {
  applyConversationUpdate,
  becameAssignedToMe,
  compareRecent,
  type InboxTab,
  initialTab,
  isQueued,
  newlyAssigned,
  normalizeConversation,
  shouldAccept,
  tabShowing,
} from '../lib/inboxLogic';
import type { LocalMessage } from '../lib/messageStore';
import type { Messenger } from '../lib/messaging';
import { previewText, unreadCount } from '../lib/messagingLogic';
import { mentionsMe, notifySetting, saveNotifySetting, unseenMentions, whisperedToMe } from '../lib/notifications';
import { isTransientSendFailure, Outbox, type OutboxEntry } from '../lib/outbox';
import type { Activity, Agent, AssignmentRecord, CannedReply, ConversationRouting, RoutingEvent, Team } from '../lib/routingTypes';
import { groupResults, normalizeQuery, type SearchResult } from '../lib/search';
import { threadEntries, type ThreadEntry } from '../lib/threadEntries';
import { isLoggedOut } from '../lib/ui';
import { onSettingsChange } from '../lib/settingsChanges';
import { createFolderStore } from '../thirdParty/folder';
import { listRefusalText } from '../lib/listTrust';
import { newClientMessageId } from '../protocol';
import { uploadAttachment, attachmentSendErrorText, attachmentKindFor, mimeOf } from '../lib/attachments';
import { progressText } from '../lib/uploadProgress';

/** What a list row shows besides the routing state. */
export interface RowInfo {
  preview: string;
  /** The last message's time, else when the conversation started. */
  timeMs: number;
  unread: number;
  /** Notes mentioning me that I have not seen in the thread yet. */
  mentions: number;
}

export type { HistoryBar } from '../lib/historySync';
import type { HistoryBar } from '../lib/historySync';

export interface InboxIdentity {
  myDeviceId: string;
  myPerson: string;
  supervisor: boolean;
  admin: boolean;
}

const TAB_KEY = 'switchboard.inbox.tab';
const MENTIONS_SEEN_KEY = 'mentionsSeen';
const MENTIONS_BASELINE_KEY = 'mentionsBaseline';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export type Notifier = (text: string, body: string, conversation: string, ring: boolean) => void;

/**
 * The inbox's one state: every value the components show is a signal here, and every change goes
 * through a method here. Components read slices and call methods; nothing else keeps inbox state.
 */
export class InboxStore {
  // --- who I am
  readonly me = signal<InboxIdentity>({ myDeviceId: '', myPerson: '', supervisor: false, admin: false });
  readonly title = signal('');
  readonly subtitle = signal('');

  // --- the list
  readonly conversations = signal<ConversationRouting[]>([]);
  /** Where third-party chats are listed (an account setting that follows admins' changes live). */
  readonly thirdPartyFolder = createFolderStore({ http: api });
  readonly rows = signal<ReadonlyMap<string, RowInfo>>(new Map());
  readonly tab = signal<InboxTab>('mine');
  readonly labelFilter = signal<string | null>(null);
  readonly selected = signal<string | null>(null);
  readonly agents = signal<Agent[]>([]);
  readonly teams = signal<Team[]>([]);
  readonly cannedReplies = signal<CannedReply[]>([]);
  /** The clock for relative times ("5 minutes ago", "waiting 3 min"): moves every 30 s. */
  readonly now = signal(Date.now());
  /** The clock for countdowns and who-is-typing: moves every second, read only by those small parts. */
  readonly second = signal(Date.now());

  // --- page-wide messages
  readonly pageError = signal<string | null>(null);
  /** The connection: 'connected', or why messages may be late. */
  readonly connection = signal<'connected' | 'connecting' | 'reconnecting'>('connecting');

  /** The messenger stopped: the server away is "reconnecting", anything else says why. */
  onStalled(error: unknown): void {
    if (isTransientSendFailure(error)) this.serverAway.value = true;
    else this.stalledReason.value = errorMessage(error);
  }

  onCaughtUp(): void {
    this.stalledReason.value = null;
    this.serverAway.value = false;
  }
  readonly history = signal<HistoryBar | null>(null);
  readonly notify = signal(notifySetting(storage()));
  readonly notifyHelp = signal<string | null>(null);
  readonly showShortcuts = signal(false);
  /** Why messages stopped loading (a refusal, not the server being away); null when they load. */
  readonly stalledReason = signal<string | null>(null);
  /** Messages stopped loading because the server is away (not refused): said as "reconnecting". */
  readonly serverAway = signal(false);
  readonly connectionView = computed(() => (this.stalledReason.value ? 'stalled' : this.serverAway.value ? 'reconnecting' : this.connection.value));

  // --- the open thread
  readonly messages = signal<LocalMessage[]>([]);
  readonly threadLoaded = signal(false);
  readonly threadError = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly outboxEntries = signal<readonly OutboxEntry<File>[]>([]);
  readonly receiptsVersion = signal(0);
  readonly customerFingerprint = signal<string | null>(null);
  readonly note = signal(false);
  readonly presenceVersion = signal(0);

  // --- search
  readonly query = signal('');
  readonly searchResults = signal<SearchResult[] | null>(null);
  readonly searchError = signal<string | null>(null);

  readonly selectedState = computed(() => this.conversations.value.find((state) => state.id === this.selected.value));
  readonly myAgent = computed(() => this.agents.value.find((agent) => agent.deviceId === this.me.value.myDeviceId));
  readonly teammateNames = computed(() => [...new Set([this.me.value.myPerson, ...this.agents.value.map((agent) => agent.person)].filter((name) => name.trim() !== ''))]);
  readonly knownLabels = computed(() => [...new Set(this.conversations.value.flatMap((state) => state.labels))].sort());

  readonly outbox: Outbox<File>;
  readonly activity: ActivityTracker;
  private readonly typing = new TypingThrottle();
  private connectionHandle: EventConnection | null = null;
  private loadedOnce = false;
  private mentionsSeen: Record<string, number> = {};
  private mentionsBaseline = 0;
  private readonly receiptsSynced = new Set<string>();
  /** Conversations this device is itself taking (claim, assign to self): no "assigned to you" for those. */
  private readonly ownActions = new Set<string>();
  private readonly accepting = new Set<string>();
  private viewing: string | null = null;
  private viewingTimer: ReturnType<typeof setInterval> | null = null;
  private searchRun = 0;
  private notifier: Notifier = () => undefined;

  constructor(
    readonly messenger: Messenger,
    me: InboxIdentity,
  ) {
    this.me.value = me;
    this.activity = new ActivityTracker(me.myDeviceId);
    this.outbox = new Outbox<File>({
      newClientMessageId,
      deliver: (entry, progress) => this.deliver(entry, progress),
    });
    this.outbox.subscribe((entries) => {
      this.outboxEntries.value = entries;
    });
  }

  setNotifier(notifier: Notifier): void {
    this.notifier = notifier;
  }

  attachConnection(connection: EventConnection): void {
    this.connectionHandle = connection;
  }

  conversation(id: string | null): ConversationRouting | undefined {
    return id === null ? undefined : this.conversations.value.find((state) => state.id === id);
  }

  /** The thread of the selected conversation as the thread component shows it. */
  readonly threadEntries = computed<ThreadEntry[]>(() => {
    void this.receiptsVersion.value;
    const id = this.selected.value;
    if (!id) return [];
    return threadEntries(this.messages.value, this.outboxEntries.value.filter((entry) => entry.conversation === id), {
      mySide: 'business',
      myDeviceId: this.messenger.deviceId,
      otherReceipt: this.messenger.receipt(id, 'customer'),
    });
  });

  // -----------------------------------------------------------------------------------------
  // Start

  async start(): Promise<void> {
    // Settings changed by an admin (here or elsewhere) reach this page at once.
    onSettingsChange('canned-replies', () => void this.loadCannedReplies());
    onSettingsChange('teams', () => void this.loadTeams());
    this.thirdPartyFolder.follow();
    const store = this.messenger.store;
    this.mentionsSeen = (await store.getMeta<Record<string, number>>(MENTIONS_SEEN_KEY).catch(() => undefined)) ?? {};
    const baseline = await store.getMeta<number>(MENTIONS_BASELINE_KEY).catch(() => undefined);
    await Promise.all([this.loadAgents(), this.loadTeams(), this.loadCannedReplies(), this.thirdPartyFolder.load()]);
    await this.loadConversations();
    if (baseline === undefined) {
      // The first time this browser opens the inbox, mentions already in its history are old news.
      this.mentionsBaseline = this.conversations.value.reduce((highest, state) => Math.max(highest, state.lastSeq), 0);
      await store.setMeta(MENTIONS_BASELINE_KEY, this.mentionsBaseline).catch(() => undefined);
      await this.refreshRows();
    } else {
      this.mentionsBaseline = baseline;
    }
    const myDeviceId = this.me.value.myDeviceId;
    const start = initialTab(storage()?.getItem(TAB_KEY) ?? null, this.conversations.value, myDeviceId, this.me.value.supervisor);
    const wanted = selectionFromHash();
    const wantedState = this.conversation(wanted);
    this.tab.value = wantedState ? tabShowing(wantedState, start, myDeviceId) : start;
    if (wanted && wantedState) await this.select(wanted);
  }

  // -----------------------------------------------------------------------------------------
  // The list

  setTab(tab: InboxTab): void {
    this.tab.value = tab;
    try {
      storage()?.setItem(TAB_KEY, tab);
    } catch {
      // remembered for this page only
    }
  }

  setLabelFilter(label: string | null): void {
    this.labelFilter.value = label;
  }

  private threadShown(id: string): boolean {
    return this.selected.value === id && document.visibilityState === 'visible';
  }

  private async rowFor(state: ConversationRouting): Promise<RowInfo> {
    const messages = await this.messenger.messages(state.id);
    const readSeq = (await this.messenger.knownReceipt(state.id, 'business'))?.readSeq ?? 0;
    const shown = this.threadShown(state.id);
    const last = messages[messages.length - 1];
    if (shown && last) await this.markMentionsSeen(state.id, last.seq);
    const seen = Math.max(this.mentionsBaseline, this.mentionsSeen[state.id] ?? 0);
    const me = this.me.value;
    return {
      preview: previewText(last ?? null, { mySide: 'business', myDeviceId: me.myDeviceId }),
      timeMs: last ? last.sentAt * 1000 : Date.parse(state.createdAt),
      unread: shown ? 0 : unreadCount(messages, 'business', readSeq),
      mentions: shown ? 0 : unseenMentions(messages, { deviceId: me.myDeviceId, person: me.myPerson }, seen, this.teammateNames.value),
    };
  }

  async refreshRows(ids?: Iterable<string>): Promise<void> {
    const wanted = ids ? new Set(ids) : null;
    const rows = new Map(this.rows.value);
    for (const state of this.conversations.value) {
      if (wanted && !wanted.has(state.id)) continue;
      try {
        rows.set(state.id, await this.rowFor(state));
      } catch {
        // the store failed for this one; keep what is shown
      }
    }
    this.rows.value = rows;
  }

  private async markMentionsSeen(id: string, seq: number): Promise<void> {
    if ((this.mentionsSeen[id] ?? 0) >= seq) return;
    this.mentionsSeen = { ...this.mentionsSeen, [id]: seq };
    await this.messenger.store.setMeta(MENTIONS_SEEN_KEY, this.mentionsSeen).catch(() => undefined);
  }

  private loadingList: Promise<void> | null = null;
  private loadAgain = false;

  loadConversations(): Promise<void> {
    if (this.loadingList) {
      this.loadAgain = true;
      return this.loadingList;
    }
    this.loadingList = (async () => {
      do {
        this.loadAgain = false;
        let loaded: ConversationRouting[];
        try {
          const answer = await api.get<unknown[]>('/api/conversations');
          loaded = (Array.isArray(answer) ? answer : []).map(normalizeConversation).filter((state): state is ConversationRouting => state !== null);
          this.pageError.value = null;
        } catch (error) {
          if (!isLoggedOut()) this.pageError.value = t('inbox:error.conversations', { reason: errorMessage(error) });
          return;
        }
        // After a reconnect the frames that were missed are in this answer: notice what became mine.
        for (const state of newlyAssigned(this.loadedOnce ? this.conversations.value : null, loaded, this.me.value.myDeviceId)) this.notifyAssigned(state);
        this.loadedOnce = true;
        this.conversations.value = loaded.sort(compareRecent);
        this.maybeAccept(this.selectedState.value);
        await this.refreshRows();
        void this.syncReceipts();
      } while (this.loadAgain && !isLoggedOut());
    })().finally(() => {
      this.loadingList = null;
    });
    return this.loadingList;
  }

  /**
   * Unread counts need the business side's read mark, which another agent may have moved while this
   * browser was closed: load it for conversations that look unread here (a few at a time).
   */
  private async syncReceipts(): Promise<void> {
    const todo = this.conversations.value.filter((state) => (this.rows.value.get(state.id)?.unread ?? 0) > 0 && !this.receiptsSynced.has(state.id)).slice(0, 20);
    for (const state of todo) {
      this.receiptsSynced.add(state.id);
      try {
        await this.messenger.conversation(state.id);
      } catch {
        // a list that fails verification is reported when the conversation is opened
      }
    }
    if (todo.length > 0) await this.refreshRows(todo.map((state) => state.id));
  }

  /** A new message: its conversation moves up, the preview changes; unknown conversations reload the list. */
  async onMessage(message: LocalMessage): Promise<void> {
    const known = this.conversation(message.conversation);
    if (!known) {
      await this.loadConversations();
    } else {
      this.conversations.value = this.conversations.value.map((state) => (state.id === known.id ? { ...state, lastSeq: Math.max(state.lastSeq, message.seq) } : state)).sort(compareRecent);
      await this.refreshRows([message.conversation]);
    }
    if (message.conversation === this.selected.value) await this.reloadThread();
    const me = this.me.value;
    if (mentionsMe(message, { deviceId: me.myDeviceId, person: me.myPerson }, this.teammateNames.value)) {
      const who = message.senderName ?? t('inbox:notify.teammate');
      const where = this.conversation(message.conversation)?.name ?? t('inbox:notify.aConversation');
      // Old mentions (arriving after a long time offline) still count, but do not ring.
      this.notifier(t('inbox:notify.mentioned', { who, where }), '', message.conversation, Date.now() / 1000 - message.sentAt < 300);
    } else if (whisperedToMe(message, me.myDeviceId, this.conversation(message.conversation)?.assignee?.deviceId)) {
      const where = this.conversation(message.conversation)?.name ?? t('inbox:notify.aConversation');
      this.notifier(t('supervise:whisper.notify', { who: message.senderName ?? t('inbox:notify.teammate'), where }), '', message.conversation, Date.now() / 1000 - message.sentAt < 300);
    }
    if (this.query.value.trim() !== '') void this.search(this.query.value);
  }

  // -----------------------------------------------------------------------------------------
  // Routing state

  /** A new state from a frame or an action's answer. */
  applyState(state: ConversationRouting): void {
    const previous = this.conversation(state.id);
    if (this.loadedOnce && !this.ownActions.has(state.id) && becameAssignedToMe(previous, state, this.me.value.myDeviceId)) this.notifyAssigned(state);
    this.conversations.value = applyConversationUpdate(this.conversations.value, state);
    if (!this.rows.value.has(state.id)) void this.refreshRows([state.id]);
    if (state.id === this.selected.value) this.maybeAccept(state);
  }

  onRouting(event: RoutingEvent): void {
    switch (event.type) {
      case 'conversation': {
        const state = normalizeConversation(event.conversation);
        if (state) this.applyState(state);
        break;
      }
      case 'agent':
        this.applyAgent(event.agent);
        break;
      case 'activity': {
        const result = this.activity.apply(event, Date.now());
        if (shouldAnswerArrival(result, event, this.viewing)) this.sendActivity('viewing', event.conversation);
        if (result !== 'ignored') this.presenceVersion.value++;
        break;
      }
      default:
        break;
    }
  }

  private notifyAssigned(state: ConversationRouting): void {
    this.notifier(t('inbox:notify.assigned', { name: state.name || state.phone }), state.reason?.text ?? '', state.id, true);
  }

  /** Opening a conversation offered to me accepts it (§14.1), once per offer. */
  maybeAccept(state: ConversationRouting | undefined): void {
    if (!state || state.id !== this.selected.value || document.visibilityState !== 'visible' || !shouldAccept(state, this.me.value.myDeviceId)) return;
    const key = `${state.id} ${state.offerExpiresAt}`;
    if (this.accepting.has(key)) return;
    this.accepting.add(key);
    void api
      .post<unknown>(`/api/conversations/${encodeURIComponent(state.id)}/accept`)
      .then((answer) => {
        const next = normalizeConversation(answer);
        if (next) this.applyState(next);
      })
      .catch((error) => {
        if (!isLoggedOut() && state.id === this.selected.value) this.actionError.value = t('inbox:error.accept', { reason: errorMessage(error) });
      });
  }

  /**
   * POSTs an action of §14.3 for a conversation; the answer is the new state. Resolves with null when
   * done, else with the server's reason (also shown in the thread's error banner).
   */
  async runAction(action: string, body?: unknown, conversation = this.selected.value): Promise<string | null> {
    if (!conversation) return t('inbox:error.selectFirst');
    const self = action === 'claim' || (action === 'assign' && (body as { deviceId?: string } | undefined)?.deviceId === this.me.value.myDeviceId);
    if (self) this.ownActions.add(conversation);
    try {
      const state = normalizeConversation(await api.post<unknown>(`/api/conversations/${encodeURIComponent(conversation)}/${action}`, body));
      if (state) this.applyState(state);
      if (conversation === this.selected.value) this.actionError.value = null;
      return null;
    } catch (error) {
      if (!isLoggedOut() && conversation === this.selected.value) this.actionError.value = errorMessage(error);
      return errorMessage(error);
    } finally {
      // The frame of the same change may come after the answer; give it a moment.
      if (self) setTimeout(() => this.ownActions.delete(conversation), 3000);
    }
  }

  async putLabels(labels: string[]): Promise<string | null> {
    const conversation = this.selected.value;
    if (!conversation) return t('inbox:error.selectFirst');
    try {
      const state = normalizeConversation(await api.put<unknown>(`/api/conversations/${encodeURIComponent(conversation)}/labels`, { labels }));
      if (state) this.applyState(state);
      this.actionError.value = null;
      return null;
    } catch (error) {
      const reason = t('inbox:error.labels', { reason: errorMessage(error) });
      if (!isLoggedOut()) this.actionError.value = reason;
      return reason;
    }
  }

  assignmentHistory(conversation: string): Promise<AssignmentRecord[]> {
    return api.get<AssignmentRecord[]>(`/api/conversations/${encodeURIComponent(conversation)}/assignments`);
  }

  // -----------------------------------------------------------------------------------------
  // Agents, teams, canned replies

  applyAgent(agent: Agent): void {
    const agents = [...this.agents.value];
    const index = agents.findIndex((known) => known.deviceId === agent.deviceId);
    if (index >= 0) agents[index] = agent;
    else agents.push(agent);
    this.agents.value = agents;
  }

  async loadAgents(): Promise<void> {
    try {
      const answer = await api.get<Agent[]>('/api/agents');
      this.agents.value = Array.isArray(answer) ? answer : [];
    } catch (error) {
      console.warn('Could not load the agents', error);
    }
  }

  async loadTeams(): Promise<void> {
    try {
      const answer = await api.get<Team[]>('/api/teams');
      this.teams.value = Array.isArray(answer) ? answer : [];
    } catch (error) {
      console.warn('Could not load the teams', error);
    }
  }

  async loadCannedReplies(): Promise<void> {
    try {
      const answer = await api.get<CannedReply[]>('/api/canned-replies');
      this.cannedReplies.value = Array.isArray(answer) ? answer : [];
    } catch (error) {
      console.warn('Could not load the canned replies', error);
    }
  }

  async setMyStatus(status: 'available' | 'away'): Promise<void> {
    try {
      this.applyAgent(await api.put<Agent>('/api/agents/me/status', { status }));
    } catch (error) {
      if (!isLoggedOut()) this.pageError.value = t('inbox:error.status', { reason: errorMessage(error) });
    }
  }

  setNotify(on: boolean): void {
    this.notify.value = on;
    saveNotifySetting(storage(), on);
    this.notifyHelp.value = null;
  }

  // -----------------------------------------------------------------------------------------
  // Selecting a conversation and its thread

  async select(id: string | null, options: { reveal?: boolean } = {}): Promise<void> {
    if (id === this.selected.value && id !== null) return;
    if (id !== this.selected.value) this.stopViewing();
    const state = this.conversation(id);
    batch(() => {
      this.selected.value = id;
      this.messages.value = [];
      this.threadLoaded.value = false;
      this.threadError.value = null;
      this.actionError.value = null;
      this.customerFingerprint.value = null;
      // Opened from a toast or a link: show it in the list too.
      if (state && options.reveal && this.searchResults.value === null) {
        if (this.labelFilter.value && !state.labels.includes(this.labelFilter.value)) this.labelFilter.value = null;
        this.tab.value = tabShowing(state, this.tab.value, this.me.value.myDeviceId);
      }
    });
    if (location.hash !== (id ? `#c=${id}` : '')) history.replaceState(null, '', id ? `#c=${encodeURIComponent(id)}` : location.pathname);
    document.body.classList.toggle('has-selection', id !== null);
    if (!id) return;
    this.startViewing();
    this.maybeAccept(state);
    await this.reloadThread();
    try {
      await this.messenger.conversation(id, { force: true });
      if (this.selected.value !== id) return;
      this.threadLoaded.value = true;
      this.receiptsVersion.value++;
      void this.refreshRows([id]);
    } catch (error) {
      if (this.selected.value !== id || isLoggedOut()) return;
      this.threadError.value =
        error instanceof ApiError ? t('inbox:error.conversation', { reason: errorMessage(error) }) : listRefusalText(error, state?.name ?? t('inbox:thisCustomer'));
    }
  }

  /** Reads the selected thread from this device's store again. */
  async reloadThread(): Promise<void> {
    const id = this.selected.value;
    if (!id) return;
    const stored = await this.messenger.messages(id);
    if (this.selected.value !== id) return;
    this.messages.value = stored;
    void this.markRead(stored);
  }

  async markRead(stored?: LocalMessage[]): Promise<void> {
    const id = this.selected.value;
    if (!id || document.visibilityState !== 'visible' || isLoggedOut()) return;
    try {
      const messages = stored ?? (await this.messenger.messages(id));
      const seq = await this.messenger.markRead(id, messages);
      const last = messages[messages.length - 1];
      const mentionsWereCounted = (this.rows.value.get(id)?.mentions ?? 0) > 0;
      if (last) await this.markMentionsSeen(id, last.seq);
      if (seq !== null || mentionsWereCounted) await this.refreshRows([id]);
    } catch {
      // tried again with the next render
    }
  }

  // -----------------------------------------------------------------------------------------
  // Sending

  /** A supervisor's whisper to whoever has the conversation (§14.5); null when sent, else the reason. */
  async whisper(text: string, conversation = this.selected.value): Promise<string | null> {
    if (!conversation) return t('inbox:error.selectFirst');
    try {
      await this.messenger.sendText(conversation, text, 'whisper');
    } catch (error) {
      return t('supervise:whisper.failed', { reason: errorMessage(error) });
    }
    if (conversation === this.selected.value) await this.reloadThread().catch(() => undefined);
    return null;
  }

  /**
   * A reply or a note into the outbox. Answering a queued conversation claims it first, so the
   * customer's "you are next in line" ends with the reply, not after someone clicks Claim.
   */
  send(text: string, note: boolean, conversation = this.selected.value): OutboxEntry<File> {
    if (!conversation) throw new Error(t('inbox:error.selectFirst'));
    const slash = /^\/(\S+)$/.exec(text);
    if (slash && !note && !this.cannedReplies.value.some((reply) => reply.shortcut === slash[1])) {
      // "/ho" + Enter before the list opened: never send the shortcut itself to a customer.
      throw new Error(t('inbox:composer.noCannedReply', { shortcut: text }));
    }
    if (!note) void this.claimBeforeAnswering(conversation);
    return this.outbox.add(conversation, note ? 'note' : 'text', text);
  }

  sendFile(file: File, caption: string, conversation = this.selected.value): void {
    if (!conversation) return;
    void this.claimBeforeAnswering(conversation);
    this.outbox.add(conversation, attachmentKindFor(mimeOf(file.type)), caption, { payload: file, attachmentName: file.name });
  }

  private claiming = new Map<string, Promise<unknown>>();

  private claimBeforeAnswering(conversation: string): Promise<unknown> {
    const state = this.conversation(conversation);
    if (!state || !isQueued(state) || state.assignee) return Promise.resolve();
    let claim = this.claiming.get(conversation);
    if (!claim) {
      claim = this.runAction('claim', undefined, conversation).finally(() => this.claiming.delete(conversation));
      this.claiming.set(conversation, claim);
    }
    return claim;
  }

  private async deliver(entry: OutboxEntry<File>, progress: (text: string | null) => void): Promise<void> {
    // The claim goes before the reply, so the reply finds the conversation taken (and the customer's
    // page stops showing the place in line at the same moment).
    await this.claiming.get(entry.conversation);
    if (entry.payload) {
      try {
        const { kind, content } = await uploadAttachment(entry.conversation, entry.payload, entry.text, (state) => progress(progressText(state)));
        await this.messenger.sendContent(entry.conversation, kind, content, entry.clientMessageId);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new Error(attachmentSendErrorText(error));
      }
      await this.showStored(entry.conversation);
      return;
    }
    await this.messenger.sendText(entry.conversation, entry.text, entry.kind === 'note' ? 'note' : 'text', entry.clientMessageId);
    await this.showStored(entry.conversation);
  }

  /** The stored copy is on screen before the outbox lets go of a message, so it never blinks out. */
  private async showStored(conversation: string): Promise<void> {
    if (conversation === this.selected.value) await this.reloadThread().catch(() => undefined);
  }

  // -----------------------------------------------------------------------------------------
  // Search

  async search(value: string): Promise<void> {
    this.query.value = value;
    const query = normalizeQuery(value);
    const run = ++this.searchRun;
    if (query === '') {
      this.searchResults.value = null;
      this.searchError.value = null;
      return;
    }
    try {
      const results = groupResults(await this.messenger.store.searchMessages(query), query);
      if (run !== this.searchRun) return;
      this.searchResults.value = results;
      this.searchError.value = null;
    } catch (error) {
      if (run === this.searchRun) this.searchError.value = t('inbox:search.failed', { reason: errorMessage(error) });
    }
  }

  clearSearch(): void {
    this.searchRun++;
    this.query.value = '';
    this.searchResults.value = null;
    this.searchError.value = null;
  }

  // -----------------------------------------------------------------------------------------
  // Collision (§14.4)

  private sendActivity(type: Activity, conversation: string): void {
    this.connectionHandle?.send({ type, conversation });
  }

  /** After a reconnect the server forgets what a closed socket viewed. */
  sayViewingAgain(): void {
    if (this.viewing) this.sendActivity('viewing', this.viewing);
  }

  startViewing(): void {
    const id = this.selected.value && document.visibilityState === 'visible' ? this.selected.value : null;
    if (id === this.viewing) return;
    this.stopViewing();
    if (!id) return;
    this.viewing = id;
    this.sendActivity('viewing', id);
    this.viewingTimer = setInterval(() => this.sendActivity('viewing', id), VIEWING_REPEAT_MS);
  }

  stopViewing(): void {
    if (this.viewingTimer) clearInterval(this.viewingTimer);
    this.viewingTimer = null;
    if (this.viewing) {
      this.sendActivity('left', this.viewing);
      this.typing.reset(this.viewing);
    }
    this.viewing = null;
  }

  onTyping(): void {
    const id = this.selected.value;
    if (id && id === this.viewing && this.typing.shouldSend(id, Date.now())) this.sendActivity('typing', id);
  }

  // -----------------------------------------------------------------------------------------
  // The conversations in the order the list shows them (for "next conversation")

  nextConversation(visible: readonly ConversationRouting[], step: 1 | -1): string | null {
    if (visible.length === 0) return null;
    const index = visible.findIndex((state) => state.id === this.selected.value);
    if (index < 0) return visible[0]!.id;
    return visible[(index + step + visible.length) % visible.length]!.id;
  }
}

export function selectionFromHash(): string | null {
  const match = /^#c=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]!) : null;
}
