/**
 * The supervisor board's rules, free of the DOM: the board as docs/protocol.md §15.3 puts it on the
 * wire, the counts and alerts a client derives between frames (every time on the board is an
 * instant, so clocks tick here and an SLA flips to "at risk" or "breached" when its instant passes),
 * and the waiting-count history the sparkline draws.
 */

export type Presence = 'available' | 'away' | 'offline';
export type SlaTarget = 'first_response' | 'next_response' | 'resolution';
export type SlaState = 'ok' | 'at_risk' | 'breached';
export type AlertLevel = 'warning' | 'critical';

export interface BoardSummary {
  waiting: number;
  longestWaitSince: string | null;
  open: number;
  agentsAvailable: number;
  agentsAway: number;
  agentsOffline: number;
  slaAtRisk: number;
  slaBreached: number;
  offeredToday: number;
  answeredInTimeToday: number;
  serviceLevelToday: number | null;
}

export interface BoardTeam {
  teamId: string | null;
  name: string | null;
  summary: BoardSummary;
}

export interface BoardAgent {
  deviceId: string;
  person: string;
  role: string;
  status: 'available' | 'away';
  presence: Presence;
  connections: number;
  load: number;
  capacity: number;
  teamIds: string[];
  lastAssignedAt: string | null;
}

export interface SlaClock {
  target: SlaTarget;
  targetSeconds: number;
  state: SlaState;
  warnAt: string;
  dueAt: string;
}

export interface BoardConversation {
  id: string;
  status: 'open' | 'pending';
  teamId: string | null;
  priority: number;
  queuedAt: string | null;
  assigneeDeviceId: string | null;
  assignedAt: string | null;
  waitAlert: AlertLevel | null;
  responseClock: { kind: 'first_response' | 'next_response'; since: string } | null;
  slas: SlaClock[];
}

export interface Board {
  generatedAt: string;
  overall: BoardSummary;
  teams: BoardTeam[];
  agents: BoardAgent[];
  conversations: BoardConversation[];
}

/** The part of a team's supervision settings (§15.2) the board needs: when a wait alerts. */
export interface AlertThresholds {
  waitWarningSeconds: number;
  waitCriticalSeconds: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A board from the API or a `board` frame, or null when it is not one (an older or newer server's shape). */
export function parseBoard(raw: unknown): Board | null {
  if (!isObject(raw) || typeof raw.generatedAt !== 'string' || !isObject(raw.overall)) return null;
  if (!Array.isArray(raw.teams) || !Array.isArray(raw.agents) || !Array.isArray(raw.conversations)) return null;
  const conversations = (raw.conversations as unknown[]).filter((row): row is BoardConversation => isObject(row) && typeof row.id === 'string');
  return {
    generatedAt: raw.generatedAt,
    overall: raw.overall as unknown as BoardSummary,
    teams: (raw.teams as unknown[]).filter((row): row is BoardTeam => isObject(row) && isObject(row.summary)),
    agents: (raw.agents as unknown[]).filter((row): row is BoardAgent => isObject(row) && typeof row.deviceId === 'string'),
    conversations: conversations.map((row) => ({ ...row, slas: Array.isArray(row.slas) ? row.slas : [] })),
  };
}

/**
 * A frame of the board (§15.3): the whole board of a version, or a patch from one version to the next.
 * Versions only go up on one connection; a client applies a patch only to the version it starts from.
 */
export type BoardFrame =
  | { kind: 'board'; version: number; board: Board }
  | { kind: 'patch'; patch: BoardPatch };

export interface BoardPatch {
  from: number;
  version: number;
  generatedAt: string;
  /** Absent: unchanged. */
  overall?: BoardSummary;
  /** The whole list when any team's row changed; absent: unchanged. */
  teams?: BoardTeam[];
  /** Added or changed rows, whole; removed ones by id. */
  agents: BoardAgent[];
  removedAgents: string[];
  conversations: BoardConversation[];
  removedConversations: string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** A `board` or `board-patch` frame, or null when it is neither (or an older server's board without a version). */
export function parseBoardFrame(raw: unknown): BoardFrame | null {
  if (!isObject(raw) || typeof raw.version !== 'number') return null;
  if (raw.type === 'board') {
    const board = parseBoard(raw.board);
    return board ? { kind: 'board', version: raw.version, board } : null;
  }
  if (raw.type !== 'board-patch' || typeof raw.from !== 'number' || typeof raw.generatedAt !== 'string') return null;
  if (raw.overall !== undefined && raw.overall !== null && !isObject(raw.overall)) return null;
  if (raw.teams !== undefined && raw.teams !== null && !Array.isArray(raw.teams)) return null;
  const rows = parseBoard({ generatedAt: raw.generatedAt, overall: {}, teams: raw.teams ?? [], agents: raw.agents ?? [], conversations: raw.conversations ?? [] });
  if (!rows) return null;
  return {
    kind: 'patch',
    patch: {
      from: raw.from,
      version: raw.version,
      generatedAt: raw.generatedAt,
      overall: isObject(raw.overall) ? (raw.overall as unknown as BoardSummary) : undefined,
      teams: Array.isArray(raw.teams) ? rows.teams : undefined,
      agents: rows.agents,
      removedAgents: strings(raw.removedAgents),
      conversations: rows.conversations,
      removedConversations: strings(raw.removedConversations),
    },
  };
}

/**
 * An instant as the server writes it (ISO-8601 in UTC, 0–9 fraction digits) made comparable as a string, to the
 * nanosecond: `Date.parse` stops at milliseconds, and the queue's order does not.
 */
function instantKey(instant: string): string {
  const match = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(instant);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z` : instant;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The board's order of conversations (§15.3): priority first, then the longest waiting, none last, the id settling ties. */
export function queueOrder(a: BoardConversation, b: BoardConversation): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.queuedAt !== b.queuedAt) {
    if (a.queuedAt === null) return 1;
    if (b.queuedAt === null) return -1;
    const order = byCodeUnits(instantKey(a.queuedAt), instantKey(b.queuedAt));
    if (order !== 0) return order;
  }
  return byCodeUnits(a.id, b.id);
}

/** The board's order of agents (§15.3): by person, the device id settling ties. */
export function agentOrder(a: BoardAgent, b: BoardAgent): number {
  return byCodeUnits(a.person, b.person) || byCodeUnits(a.deviceId, b.deviceId);
}

/** The board a patch makes of the board of its `from` version: rows replaced, added and removed by id, in the board's order. */
export function applyPatch(board: Board, patch: BoardPatch): Board {
  const agents = new Map(board.agents.map((agent) => [agent.deviceId, agent]));
  for (const id of patch.removedAgents) agents.delete(id);
  for (const agent of patch.agents) agents.set(agent.deviceId, agent);
  const conversations = new Map(board.conversations.map((row) => [row.id, row]));
  for (const id of patch.removedConversations) conversations.delete(id);
  for (const row of patch.conversations) conversations.set(row.id, row);
  return {
    generatedAt: patch.generatedAt,
    overall: patch.overall ?? board.overall,
    teams: patch.teams ?? board.teams,
    agents: [...agents.values()].sort(agentOrder),
    conversations: [...conversations.values()].sort(queueOrder),
  };
}

const ms = (instant: string | null | undefined): number | null => {
  if (!instant) return null;
  const parsed = Date.parse(instant);
  return Number.isNaN(parsed) ? null : parsed;
};

/** Whole seconds from an instant to now; null without the instant. Never negative (clocks of two machines). */
export function secondsSince(instant: string | null | undefined, nowMs: number): number | null {
  const start = ms(instant);
  return start === null ? null : Math.max(0, Math.floor((nowMs - start) / 1000));
}

/** "0:42", "12:05", "1:02:03": a running clock. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** An SLA clock's state now: the server's, moved on when `warnAt` or `dueAt` has passed since the frame. */
export function slaStateAt(sla: SlaClock, nowMs: number): SlaState {
  const due = ms(sla.dueAt);
  const warn = ms(sla.warnAt);
  if (sla.state === 'breached' || (due !== null && nowMs >= due)) return 'breached';
  if (sla.state === 'at_risk' || (warn !== null && nowMs >= warn)) return 'at_risk';
  return 'ok';
}

/** The worst of a conversation's SLA clocks now (a conversation counts once, as the server counts it). */
export function conversationSlaState(conversation: BoardConversation, nowMs: number): SlaState {
  let worst: SlaState = 'ok';
  for (const sla of conversation.slas) {
    const state = slaStateAt(sla, nowMs);
    if (state === 'breached') return 'breached';
    if (state === 'at_risk') worst = 'at_risk';
  }
  return worst;
}

/** A waiting conversation's alert now: against its team's thresholds when known, else the frame's. */
export function waitAlertAt(conversation: BoardConversation, thresholds: AlertThresholds | undefined, nowMs: number): AlertLevel | null {
  if (conversation.assigneeDeviceId !== null) return null;
  const waited = secondsSince(conversation.queuedAt, nowMs);
  if (!thresholds || waited === null) return conversation.waitAlert;
  if (waited >= thresholds.waitCriticalSeconds) return 'critical';
  if (waited >= thresholds.waitWarningSeconds) return 'warning';
  return null;
}

/**
 * A summary with its SLA counts brought to now. `inScope` picks the summary's conversations (a team's,
 * those without a team, or all); the rest of the summary is the frame's.
 */
export function liveSummary(summary: BoardSummary, conversations: readonly BoardConversation[], inScope: (c: BoardConversation) => boolean, nowMs: number): BoardSummary {
  let atRisk = 0;
  let breached = 0;
  for (const conversation of conversations) {
    if (!inScope(conversation)) continue;
    const state = conversationSlaState(conversation, nowMs);
    if (state === 'breached') breached++;
    else if (state === 'at_risk') atRisk++;
  }
  return { ...summary, slaAtRisk: atRisk, slaBreached: breached };
}

/** Which conversations a team row covers (`teamId` null: those without a team). */
export function inTeam(teamId: string | null): (conversation: BoardConversation) => boolean {
  return (conversation) => conversation.teamId === teamId;
}

export interface BoardAlert {
  /** Stable while the alert holds, so it is announced once. */
  key: string;
  conversationId: string;
  teamId: string | null;
  kind: 'wait' | SlaTarget;
  level: AlertLevel;
  /** When the alerting clock started: the wait's `queuedAt`, the SLA's due time. */
  since: string | null;
}

/** The alerts now: waits over their team's thresholds, SLAs at risk (warning) or breached (critical); critical first. */
export function alertsAt(board: Board, thresholds: ReadonlyMap<string | null, AlertThresholds>, nowMs: number): BoardAlert[] {
  const alerts: BoardAlert[] = [];
  for (const conversation of board.conversations) {
    const wait = waitAlertAt(conversation, thresholds.get(conversation.teamId), nowMs);
    if (wait) alerts.push({ key: `${conversation.id}:wait:${wait}`, conversationId: conversation.id, teamId: conversation.teamId, kind: 'wait', level: wait, since: conversation.queuedAt });
    for (const sla of conversation.slas) {
      const state = slaStateAt(sla, nowMs);
      if (state === 'ok') continue;
      const level: AlertLevel = state === 'breached' ? 'critical' : 'warning';
      alerts.push({ key: `${conversation.id}:${sla.target}:${level}`, conversationId: conversation.id, teamId: conversation.teamId, kind: sla.target, level, since: sla.dueAt });
    }
  }
  const rank = (alert: BoardAlert) => (alert.level === 'critical' ? 0 : 1);
  return alerts.sort((a, b) => rank(a) - rank(b));
}

/** The alerts not announced yet; `announced` is updated, and forgets alerts that ended (so a new crossing rings again). */
export function freshAlerts(alerts: readonly BoardAlert[], announced: Set<string>): BoardAlert[] {
  const current = new Set(alerts.map((alert) => alert.key));
  for (const key of [...announced]) if (!current.has(key)) announced.delete(key);
  const fresh = alerts.filter((alert) => !announced.has(alert.key));
  for (const alert of fresh) announced.add(alert.key);
  return fresh;
}

/** Each agent's chats on the board: the conversations naming them, in the board's (queue) order; one pass for all agents. */
export function chatsByAgent(board: Board): ReadonlyMap<string, BoardConversation[]> {
  const chats = new Map<string, BoardConversation[]>();
  for (const conversation of board.conversations) {
    if (conversation.assigneeDeviceId === null) continue;
    const list = chats.get(conversation.assigneeDeviceId);
    if (list) list.push(conversation);
    else chats.set(conversation.assigneeDeviceId, [conversation]);
  }
  return chats;
}

/** Open ÷ capacity as a bar's fill, 0–1 (over capacity fills it). */
export function loadFraction(agent: Pick<BoardAgent, 'load' | 'capacity'>): number {
  if (agent.capacity <= 0) return agent.load > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, agent.load / agent.capacity));
}

/** Agents as the table lists them: available first, then away, then offline; by name within each. */
export function sortAgents(agents: readonly BoardAgent[]): BoardAgent[] {
  const rank: Record<Presence, number> = { available: 0, away: 1, offline: 2 };
  return [...agents].sort((a, b) => rank[a.presence] - rank[b.presence] || a.person.localeCompare(b.person));
}

// ---------------------------------------------------------------------------------------------
// The waiting count over the last minutes, kept in the browser (the server keeps no such series).

export interface Sample {
  atMs: number;
  waiting: number;
}

/** How far back the sparkline reaches. */
export const HISTORY_WINDOW_MS = 10 * 60_000;

/**
 * The samples with one more; samples older than the window go, except the last one before it (the line
 * starts at the window's edge with the value that held there). A sample with the same value as the
 * two before it replaces the middle one, so a quiet board keeps few points.
 */
export function addSample(samples: readonly Sample[], sample: Sample, windowMs = HISTORY_WINDOW_MS): Sample[] {
  const next = [...samples];
  const n = next.length;
  if (n >= 2 && next[n - 1]!.waiting === sample.waiting && next[n - 2]!.waiting === sample.waiting) next[n - 1] = sample;
  else next.push(sample);
  const edge = sample.atMs - windowMs;
  let firstInside = next.findIndex((known) => known.atMs >= edge);
  if (firstInside < 0) firstInside = next.length;
  return next.slice(Math.max(0, firstInside - 1));
}

/**
 * How much time the sparkline spans: what the page has seen, in whole minutes, one to ten — so a board
 * opened a minute ago draws a line across, not a sliver at the edge of ten minutes.
 */
export function sparklineSpan(samples: readonly Sample[], nowMs: number, windowMs = HISTORY_WINDOW_MS): number {
  const seen = samples.length === 0 ? 0 : nowMs - samples[0]!.atMs;
  return Math.min(windowMs, Math.max(60_000, Math.ceil(seen / 60_000) * 60_000));
}

/**
 * The SVG polyline points of a step line over the window ending now: x from 0 to `width`, y from
 * `height` (none waiting) up to 0 (the most waiting in the window). Empty without samples.
 */
export function sparklinePoints(samples: readonly Sample[], nowMs: number, width: number, height: number, windowMs = HISTORY_WINDOW_MS): string {
  if (samples.length === 0) return '';
  const top = Math.max(1, ...samples.map((sample) => sample.waiting));
  const x = (atMs: number) => round((Math.max(0, atMs - (nowMs - windowMs)) / windowMs) * width);
  const y = (waiting: number) => round(height - (waiting / top) * height);
  const points: string[] = [];
  samples.forEach((sample, index) => {
    const at = x(sample.atMs);
    if (index > 0) points.push(`${at},${y(samples[index - 1]!.waiting)}`);
    points.push(`${at},${y(sample.waiting)}`);
  });
  points.push(`${width},${y(samples[samples.length - 1]!.waiting)}`);
  return points.join(' ');
}

const round = (value: number) => Math.round(value * 10) / 10;
