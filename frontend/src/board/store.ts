import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { ApiError, errorMessage } from '../lib/api';
import {
  addSample,
  alertsAt,
  applyPatch,
  chatsByAgent,
  freshAlerts,
  inTeam,
  liveSummary,
  parseBoard,
  parseBoardFrame,
  sortAgents,
  type AlertThresholds,
  type Board,
  type BoardAlert,
  type BoardConversation,
  type Sample,
} from '../lib/board';
import type { ConnectionState } from '../lib/events';
import { normalizeConversation } from '../lib/inboxLogic';
import type { LocalMessage } from '../lib/messageStore';
import type { Agent, AssignmentRecord, ConversationRouting, RoutingEvent, Team } from '../lib/routingTypes';
import { threadEntries, type ThreadEntry } from '../lib/threadEntries';
import type { ReceiptFrame } from '../lib/types';

/**
 * The board page's one store: the last board the server pushed (§15.3), the clock it ticks by, the
 * alerts and the waiting-count history derived from both, the conversations' names, and the one
 * conversation a supervisor opened silently. The server pushes every change, so nothing here polls.
 */

export interface BoardDeps {
  http: { get<T>(path: string): Promise<T>; post<T>(path: string, body?: unknown): Promise<T>; put<T>(path: string, body: unknown): Promise<T> };
  isLoggedOut(): boolean;
  /**
   * Reads a conversation from this device (a supervisor is a linked device and decrypts like any
   * other). Deliberately no read mark in it: opening from the board is silent.
   */
  reader?: {
    deviceId: string;
    conversation(id: string, options: { force: true }): Promise<unknown>;
    messages(id: string): Promise<LocalMessage[]>;
    receipt(id: string, side: 'customer'): ReceiptFrame | undefined;
    /** A private note (a transfer's or an assignment's note for the next agent); an action the supervisor chose, never implied by reading. */
    sendNote(id: string, text: string): Promise<unknown>;
    /** A whisper to the assigned agent (§14.5): business devices only. */
    sendWhisper(id: string, text: string): Promise<unknown>;
  };
  /**
   * An alert crossed its threshold since the page opened (a browser notification, when allowed);
   * `alert` is null for a summary of many at once.
   */
  onAlert?(alert: BoardAlert | null, text: string): void;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Asks the server for the whole board again (§15.3: subscribe once more), when a patch does not follow the board held. */
  requestBoard?(): void;
}

const NOTIFY_KEY = 'switchboard.board.notify';
/** More fresh alerts than this at one moment ring as one summary. */
const MAX_NOTIFICATIONS = 3;

export type BoardStore = ReturnType<typeof createBoardStore>;

export function createBoardStore(deps: BoardDeps) {
  const board = signal<Board | null>(null);
  const loaded = signal(false);
  const pageError = signal<string | null>(null);
  const connection = signal<ConnectionState>('connecting');
  /** The clock everything running on the board reads; moved every second by the page. */
  const now = signal(Date.now());
  const thresholds = signal<ReadonlyMap<string | null, AlertThresholds>>(new Map());
  const routing = signal<ReadonlyMap<string, ConversationRouting>>(new Map());
  const samples = signal<Sample[]>([]);
  const notify = signal(readNotify());
  const notifyHelp = signal<string | null>(null);
  /** The conversation opened silently, its thread, and why it could not be read. */
  const opened = signal<string | null>(null);
  const openedMessages = signal<LocalMessage[]>([]);
  const openedError = signal<string | null>(null);
  const openedLoaded = signal(false);
  /** Why the last routing action on the opened conversation was refused. */
  const actionError = signal<string | null>(null);
  /** For the assign and transfer dialogs, read when one opens. */
  const routingAgents = signal<Agent[]>([]);
  const routingTeams = signal<Team[]>([]);
  /** Why the last change to an agent (status, capacity) from the board was refused. */
  const agentError = signal<string | null>(null);
  const announced = new Set<string>();
  /** The version of the board held, from this connection's frames; null: none yet, or only the API's, which has none. */
  let version: number | null = null;
  /** The whole board was asked for and has not come yet: the patches meanwhile cannot be applied. */
  let awaitingWhole = false;
  let alertsBaselined = false;
  let thresholdsLoading: Promise<void> = Promise.resolve();

  const alerts = computed(() => {
    const current = board.value;
    return current ? alertsAt(current, thresholds.value, now.value) : [];
  });

  const overall = computed(() => {
    const current = board.value;
    return current ? liveSummary(current.overall, current.conversations, () => true, now.value) : null;
  });

  const teams = computed(() => {
    const current = board.value;
    if (!current) return [];
    return current.teams.map((team) => ({ ...team, summary: liveSummary(team.summary, current.conversations, inTeam(team.teamId), now.value) }));
  });

  const agents = computed(() => (board.value ? sortAgents(board.value.agents) : []));
  /** Per frame, not per second: the clocks tick, the assignments do not. */
  const chats = computed(() => (board.value ? chatsByAgent(board.value) : new Map<string, BoardConversation[]>()));

  /** The floor as the shared conversation list shows it: the board's order and state, the names from the conversation list. */
  const floor = computed<ConversationRouting[]>(() => {
    const current = board.value;
    if (!current) return [];
    const people = new Map(current.agents.map((agent) => [agent.deviceId, agent.person]));
    return current.conversations.map((row) => asRouting(row, routing.value.get(row.id), people));
  });

  /** The opened conversation's routing state: the pushed one, else what the board knows. */
  const openedState = computed<ConversationRouting | null>(() => {
    const id = opened.value;
    if (!id) return null;
    const known = routing.value.get(id);
    const row = board.value?.conversations.find((conversation) => conversation.id === id);
    if (!row) return known ?? null;
    const people = new Map(board.value!.agents.map((agent) => [agent.deviceId, agent.person]));
    // A frame may be newer than the board or the other way round; the routing frame carries the reason and offer.
    return known && known.assignee?.deviceId === row.assigneeDeviceId && known.status === row.status ? known : asRouting(row, known, people);
  });

  const openedEntries = computed<ThreadEntry[]>(() => {
    const id = opened.value;
    if (!id || !deps.reader) return [];
    return threadEntries(openedMessages.value, [], { mySide: 'business', myDeviceId: deps.reader.deviceId, otherReceipt: deps.reader.receipt(id, 'customer') });
  });

  function readNotify(): boolean {
    try {
      return deps.storage?.getItem(NOTIFY_KEY) === 'on';
    } catch {
      return false;
    }
  }

  function setNotify(on: boolean): void {
    notify.value = on;
    notifyHelp.value = null;
    try {
      deps.storage?.setItem(NOTIFY_KEY, on ? 'on' : 'off');
    } catch {
      // kept for this page only
    }
  }

  function name(conversationId: string): string {
    const known = routing.value.get(conversationId);
    return known?.name || known?.phone || t('board:aConversation');
  }

  function teamName(teamId: string | null): string {
    if (teamId === null) return t('board:noTeam');
    return board.value?.teams.find((team) => team.teamId === teamId)?.name ?? t('board:aTeam');
  }

  function alertText(alert: BoardAlert): string {
    return t(`board:alert.${alert.kind}.${alert.level}`, { name: name(alert.conversationId), team: teamName(alert.teamId) });
  }

  /** New crossings since the page opened ring once; those already there when it opened are shown, not rung. */
  function checkAlerts(): void {
    if (!alertsBaselined) return;
    const fresh = freshAlerts(alerts.value, announced);
    if (!notify.value || fresh.length === 0) return;
    // A burst (a team's whole queue crossing at once) is one notification, not a wall of them.
    if (fresh.length > MAX_NOTIFICATIONS) deps.onAlert?.(null, t('board:alerts.many', { more: fresh.length }));
    else for (const alert of fresh) deps.onAlert?.(alert, alertText(alert));
  }

  function record(atMs: number): void {
    const current = board.value;
    if (current) samples.value = addSample(samples.value, { atMs, waiting: current.overall.waiting });
  }

  /** A board from the API, shown until the first frame: once frames come, they alone move the board. */
  function applyBoard(raw: unknown): void {
    const next = parseBoard(raw);
    if (!next || version !== null) return;
    // A slow answer to GET must not replace a newer board.
    if (board.value && Date.parse(next.generatedAt) < Date.parse(board.value.generatedAt)) return;
    show(next);
  }

  /**
   * A `board` or `board-patch` frame (§15.3). A whole board newer than the one held replaces it; a patch applies only to
   * the version it starts from. Any other patch means a frame was missed (or came out of order): it is dropped and the
   * whole board asked for, so the screen never shows a board the server did not compute.
   */
  function onBoardFrame(raw: unknown): void {
    const frame = parseBoardFrame(raw);
    if (!frame) return;
    if (frame.kind === 'board') {
      if (version !== null && frame.version <= version) return;
      version = frame.version;
      awaitingWhole = false;
      show(frame.board);
      return;
    }
    const current = board.value;
    if (!current || version === null || frame.patch.from !== version) {
      if (!awaitingWhole) {
        awaitingWhole = true;
        deps.requestBoard?.();
      }
      return;
    }
    version = frame.patch.version;
    show(applyPatch(current, frame.patch));
  }

  /** Unknown conversations or teams bring their names and thresholds. */
  function show(next: Board): void {
    const before = board.value;
    board.value = next;
    loaded.value = true;
    pageError.value = null;
    record(now.value);
    checkAlerts();
    if (next.conversations.some((row) => !routing.value.has(row.id))) void loadConversations();
    const knownTeams = new Set(before?.teams.map((team) => team.teamId));
    if (!before || next.teams.some((team) => !knownTeams.has(team.teamId))) thresholdsLoading = loadThresholds(next);
  }

  async function loadBoard(): Promise<void> {
    try {
      applyBoard(await deps.http.get<unknown>('/api/supervision/board'));
    } catch (error) {
      if (deps.isLoggedOut()) return;
      pageError.value =
        error instanceof ApiError && error.status === 403 ? t('board:error.notSupervisor') : t('board:error.load', { reason: errorMessage(error) });
    }
  }

  let loadingConversations: Promise<void> | null = null;

  /** Names and phones of the conversations (the board carries metadata only, not who the customer is). */
  function loadConversations(): Promise<void> {
    loadingConversations ??= (async () => {
      try {
        const answer = await deps.http.get<unknown[]>('/api/conversations');
        const map = new Map<string, ConversationRouting>();
        for (const raw of Array.isArray(answer) ? answer : []) {
          const state = normalizeConversation(raw);
          if (state) map.set(state.id, state);
        }
        routing.value = map;
      } catch (error) {
        console.warn('Could not load the conversations', error);
      }
    })().finally(() => {
      loadingConversations = null;
    });
    return loadingConversations;
  }

  /** Each team's alert thresholds (§15.2); the board's own `waitAlert` holds for a team whose settings cannot be read. */
  async function loadThresholds(current: Board): Promise<void> {
    const map = new Map(thresholds.value);
    await Promise.all(
      current.teams.map(async (team) => {
        try {
          const settings =
            team.teamId === null
              ? await deps.http.get<{ alerts: AlertThresholds }>('/api/supervision/settings/default')
              : (await deps.http.get<{ settings: { alerts: AlertThresholds } }>(`/api/supervision/settings/teams/${encodeURIComponent(team.teamId)}`)).settings;
          map.set(team.teamId, settings.alerts);
        } catch {
          // the frame's own alert level stands in
        }
      }),
    );
    thresholds.value = map;
  }

  function onRouting(event: RoutingEvent): void {
    if (event.type === 'conversation') applyRouting(event.conversation);
  }

  /** Every second: clocks move, SLAs flip, waits cross thresholds, the sparkline moves on. */
  function tick(nowMs: number): void {
    now.value = nowMs;
    record(nowMs);
    checkAlerts();
  }

  async function start(): Promise<void> {
    await Promise.all([loadBoard(), loadConversations()]);
    await thresholdsLoading;
    // What alerts when the page opens is shown, not rung: only crossings from now on ring.
    freshAlerts(alerts.value, announced);
    alertsBaselined = true;
  }

  /**
   * After a reconnect frames were missed, and the new connection's versions start afresh (perhaps on another node): the
   * subscription sent next brings the whole board; the names and thresholds are read again.
   */
  async function reconnected(): Promise<void> {
    version = null;
    awaitingWhole = false;
    await loadConversations();
    if (board.value) await loadThresholds(board.value);
  }

  // --- silent open

  async function open(id: string): Promise<void> {
    opened.value = id;
    openedMessages.value = [];
    openedError.value = null;
    openedLoaded.value = false;
    const reader = deps.reader;
    if (!reader) {
      openedError.value = t('board:open.unavailable');
      return;
    }
    try {
      await reader.conversation(id, { force: true });
      if (opened.value !== id) return;
      await reloadOpened();
      openedLoaded.value = true;
    } catch (error) {
      if (opened.value === id && !deps.isLoggedOut()) openedError.value = t('board:open.failed', { reason: errorMessage(error) });
    }
  }

  /** A message for the open conversation reached this device: show it (still without a read mark). */
  async function reloadOpened(): Promise<void> {
    const id = opened.value;
    if (!id || !deps.reader) return;
    const messages = await deps.reader.messages(id);
    if (opened.value === id) openedMessages.value = messages;
  }

  function close(): void {
    opened.value = null;
    openedMessages.value = [];
    openedError.value = null;
    actionError.value = null;
  }

  function applyRouting(raw: unknown): void {
    const state = normalizeConversation(raw);
    if (!state) return;
    const map = new Map(routing.value);
    map.set(state.id, state);
    routing.value = map;
  }

  /**
   * A routing action of §14.3 on the opened conversation (reassign, unassign, resolve…); resolves with
   * null when done, else with the server's reason, also shown above the thread. The board frame follows.
   */
  async function runAction(action: string, body?: unknown): Promise<string | null> {
    const id = opened.value;
    if (!id) return t('board:open.none');
    try {
      applyRouting(await deps.http.post<unknown>(`/api/conversations/${encodeURIComponent(id)}/${action}`, body));
      actionError.value = null;
      return null;
    } catch (error) {
      const reason = errorMessage(error);
      if (!deps.isLoggedOut() && opened.value === id) actionError.value = reason;
      return reason;
    }
  }

  /** Assign or transfer, with the note for the next agent sent first (as the inbox does, §14.3). */
  async function moveWithNote(action: 'assign' | 'transfer', target: { deviceId: string } | { teamId: string }, note: string): Promise<string | null> {
    const id = opened.value;
    if (!id) return t('board:open.none');
    if (note && deps.reader) {
      try {
        await deps.reader.sendNote(id, note);
        await reloadOpened();
      } catch (error) {
        return t('board:open.noteFailed', { reason: errorMessage(error) });
      }
    }
    return runAction(action, target);
  }

  async function putLabels(labels: string[]): Promise<string | null> {
    const id = opened.value;
    if (!id) return t('board:open.none');
    try {
      applyRouting(await deps.http.put<unknown>(`/api/conversations/${encodeURIComponent(id)}/labels`, { labels }));
      actionError.value = null;
      return null;
    } catch (error) {
      actionError.value = errorMessage(error);
      return actionError.value;
    }
  }

  /** A whisper to whoever has the opened conversation; null when sent, else the reason. */
  async function whisper(text: string): Promise<string | null> {
    const id = opened.value;
    if (!id) return t('board:open.none');
    if (!deps.reader) return t('board:open.unavailable');
    try {
      await deps.reader.sendWhisper(id, text);
      await reloadOpened();
      return null;
    } catch (error) {
      return t('supervise:whisper.failed', { reason: errorMessage(error) });
    }
  }

  /** An agent's status or capacity, changed by a supervisor of their team (§14.5); the board frame shows the result. */
  async function changeAgent(agent: { deviceId: string; person: string }, change: { status: 'available' | 'away' } | { capacity: number }): Promise<string | null> {
    const what = 'status' in change ? 'status' : 'capacity';
    try {
      await deps.http.put<unknown>(`/api/agents/${encodeURIComponent(agent.deviceId)}/${what}`, change);
      agentError.value = null;
      return null;
    } catch (error) {
      agentError.value = t('supervise:agent.failed', { name: agent.person, reason: errorMessage(error) });
      return agentError.value;
    }
  }

  function assignmentHistory(id: string): Promise<AssignmentRecord[]> {
    return deps.http.get<AssignmentRecord[]>(`/api/conversations/${encodeURIComponent(id)}/assignments`);
  }

  /** The people and teams a conversation can go to, fresh when a dialog opens. */
  async function loadRoutingChoices(): Promise<void> {
    const [agents, teams] = await Promise.all([deps.http.get<Agent[]>('/api/agents').catch(() => []), deps.http.get<Team[]>('/api/teams').catch(() => [])]);
    routingAgents.value = Array.isArray(agents) ? agents : [];
    routingTeams.value = Array.isArray(teams) ? teams : [];
  }

  return {
    board,
    loaded,
    pageError,
    connection,
    now,
    thresholds,
    routing,
    samples,
    notify,
    notifyHelp,
    opened,
    openedMessages,
    openedLoaded,
    openedError,
    openedEntries,
    openedState,
    actionError,
    agentError,
    routingAgents,
    routingTeams,
    alerts,
    overall,
    teams,
    agents,
    floor,
    chatsOf: (deviceId: string): BoardConversation[] => chats.value.get(deviceId) ?? [],
    name,
    teamName,
    alertText,
    setNotify,
    applyBoard,
    onBoardFrame,
    loadBoard,
    loadConversations,
    onRouting,
    tick,
    start,
    reconnected,
    open,
    reloadOpened,
    close,
    runAction,
    moveWithNote,
    putLabels,
    whisper,
    takeOver: () => runAction('take-over'),
    changeAgent,
    assignmentHistory,
    loadRoutingChoices,
  };
}

/** A board row as the shared list's routing state: the board's state wins, the list's names fill in. */
function asRouting(row: BoardConversation, known: ConversationRouting | undefined, people: ReadonlyMap<string, string>): ConversationRouting {
  const assignee = row.assigneeDeviceId ? { deviceId: row.assigneeDeviceId, person: people.get(row.assigneeDeviceId) ?? known?.assignee?.person ?? '' } : null;
  return {
    id: row.id,
    phone: known?.phone ?? '',
    name: known?.name ?? '',
    createdAt: known?.createdAt ?? row.queuedAt ?? new Date(0).toISOString(),
    lastSeq: known?.lastSeq ?? 0,
    status: row.status,
    teamId: row.teamId,
    topicId: known?.topicId ?? null,
    priority: row.priority,
    queuedAt: row.queuedAt,
    assignee,
    assignedAt: row.assignedAt,
    offerExpiresAt: known?.offerExpiresAt ?? null,
    reason: known?.reason ?? null,
    snoozedUntil: null,
    labels: known?.labels ?? [],
    // A third-party chat shows its provider on the floor as in the inbox (docs/protocol.md §14.1).
    source: known?.source ?? null,
  };
}
