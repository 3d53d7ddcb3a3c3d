import { formatLocale, t } from '../i18n';
import { ApiError, errorMessage } from './api';
import type { Agent, CannedReply, RoutingPolicy, Team, Topic } from './routingTypes';

/**
 * Decisions of the admin settings page (/settings): validation mirrors the server's limits
 * (protocol §14.3 and the V5 migration) so people learn about a mistake next to the field instead
 * of from a refused request.
 */

/** Who may open the settings page: the rule lives in roles.ts. */
export { isAdmin as isAdminRole } from './roles';

// ---------------------------------------------------------------------------------------------
// Server errors

/** Field names of `validation_failed` details (`details.fields`), with the server's sentence for each. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.details.fields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** A sentence for the error box next to a form; names the fields the server refused. */
export function describeServerError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'role_required') return t('settings:error.roleRequired');
    const fields = Object.entries(serverFieldErrors(error));
    if (fields.length > 0) return `${error.message} (${fields.map(([name, why]) => `${name}: ${why}`).join('; ')})`;
    return error.message;
  }
  return errorMessage(error);
}

// ---------------------------------------------------------------------------------------------
// Teams

export const TEAM_NAME_MAX = 60;
/** sticky_for_seconds is at most 30 days. */
export const STICKY_HOURS_MAX = 720;
export const DEFAULT_STICKY_SECONDS = 24 * 3600;
/** Shorter than a few minutes, "sticky" would end before the customer's next message. */
export const STICKY_SECONDS_MIN = 360;

export interface PolicyInfo {
  value: RoutingPolicy;
  /** In the interface language. */
  readonly label: string;
  readonly explanation: string;
}

function policy(value: RoutingPolicy): PolicyInfo {
  return {
    value,
    get label() {
      return t(`settings:policy.${value}`);
    },
    get explanation() {
      return t(`settings:policy.${value}.explanation`);
    },
  };
}

export const POLICIES: readonly PolicyInfo[] = [policy('manual'), policy('round_robin'), policy('least_loaded')];

export function policyInfo(policy: string): PolicyInfo | undefined {
  return POLICIES.find((info) => info.value === policy);
}

export function policyLabel(policy: string): string {
  return policyInfo(policy)?.label ?? policy;
}

/** "24", "1.5", "0.25": hours for the sticky input without pretending to more precision than given. */
export function hoursOf(seconds: number): string {
  return String(Math.round((seconds / 3600) * 100) / 100);
}

export function stickyText(team: Pick<Team, 'sticky' | 'stickyForSeconds'>): string {
  if (!team.sticky) return t('settings:sticky.off');
  const hours = hoursOf(team.stickyForSeconds);
  return t('settings:sticky.for', { count: Number(hours), hours });
}

export interface TeamDraft {
  name: string;
  policy: string;
  sticky: boolean;
  stickyHours: string;
}

export interface TeamBody {
  name: string;
  policy: RoutingPolicy;
  sticky: boolean;
  stickyForSeconds: number;
}

export type TeamField = 'name' | 'policy' | 'stickyHours';

/** A new team starts least loaded and sticky for a day: the customer usually gets the agent they spoke to. */
export function teamDraftOf(team: Team | null): TeamDraft {
  if (!team) return { name: '', policy: 'least_loaded', sticky: true, stickyHours: hoursOf(DEFAULT_STICKY_SECONDS) };
  return { name: team.name, policy: team.policy, sticky: team.sticky, stickyHours: hoursOf(team.stickyForSeconds) };
}

function parseHours(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/**
 * Validates the team form. With sticky off the hours are not checked (the field is not in use) but
 * still sent when valid, so turning sticky on again later restores them.
 */
export function validateTeam(
  draft: TeamDraft,
  teams: readonly Pick<Team, 'id' | 'name'>[],
  editingId: string | null,
  previousSeconds = DEFAULT_STICKY_SECONDS,
): { ok: true; body: TeamBody } | { ok: false; errors: Partial<Record<TeamField, string>> } {
  const errors: Partial<Record<TeamField, string>> = {};
  const name = draft.name.trim();
  if (name === '') errors.name = t('settings:team.name.missing');
  else if (name.length > TEAM_NAME_MAX) errors.name = t('settings:team.name.tooLong', { max: TEAM_NAME_MAX, length: name.length });
  else if (teams.some((team) => team.id !== editingId && team.name.trim().toLowerCase() === name.toLowerCase())) errors.name = t('settings:team.name.taken', { name });

  const policy = policyInfo(draft.policy)?.value;
  if (!policy) errors.policy = t('settings:team.policy.missing');

  const hours = parseHours(draft.stickyHours);
  const seconds = hours === null ? null : Math.round(hours * 3600);
  let stickyForSeconds = previousSeconds;
  if (seconds !== null && seconds >= STICKY_SECONDS_MIN && seconds <= STICKY_HOURS_MAX * 3600) stickyForSeconds = seconds;
  else if (draft.sticky) errors.stickyHours = t('settings:team.hours.invalid', { max: STICKY_HOURS_MAX });

  if (Object.keys(errors).length > 0 || !policy) return { ok: false, errors };
  return { ok: true, body: { name, policy, sticky: draft.sticky, stickyForSeconds } };
}

/** Why a team's chats may not be answered, or null when it can route. */
export function teamWarning(team: Pick<Team, 'memberIds'>, agents: readonly Pick<Agent, 'deviceId' | 'online' | 'status'>[]): string | null {
  if (team.memberIds.length === 0) return t('settings:team.warning.empty');
  const members = agents.filter((agent) => team.memberIds.includes(agent.deviceId));
  if (!members.some((agent) => agent.online && agent.status === 'available')) return t('settings:team.warning.nobodyAvailable');
  return null;
}

/** Team members come from `GET /api/agents` (teamIds) when loaded, else from the team's memberIds. */
export function membersOf(team: Pick<Team, 'id' | 'memberIds'>, agents: readonly Pick<Agent, 'deviceId' | 'teamIds'>[]): string[] {
  if (agents.length === 0) return [...team.memberIds];
  return agents.filter((agent) => agent.teamIds.includes(team.id)).map((agent) => agent.deviceId);
}

export interface AgentUpdate {
  deviceId: string;
  body: { capacity: number; teamIds: string[] };
}

/**
 * The `PUT /api/agents/{deviceId}` calls that make exactly `selected` the members of `teamId`.
 * Membership lives on the agent, so every changed agent is sent whole (capacity and all its teams).
 */
export function membershipChanges(agents: readonly Agent[], teamId: string, selected: ReadonlySet<string>): AgentUpdate[] {
  const updates: AgentUpdate[] = [];
  for (const agent of agents) {
    const member = agent.teamIds.includes(teamId);
    const wanted = selected.has(agent.deviceId);
    if (member === wanted) continue;
    const teamIds = wanted ? [...agent.teamIds, teamId] : agent.teamIds.filter((id) => id !== teamId);
    updates.push({ deviceId: agent.deviceId, body: { capacity: agent.capacity, teamIds } });
  }
  return updates;
}

/** The confirmation for deleting a team: its topics go with it and its chats lose the team. */
export function deleteTeamText(team: Pick<Team, 'id' | 'name'>, topics: readonly Pick<Topic, 'teamId' | 'label'>[]): string {
  const own = topics.filter((topic) => topic.teamId === team.id).map((topic) => `\u201c${topic.label}\u201d`);
  const list = new Intl.ListFormat(formatLocale(), { type: 'conjunction' }).format(own);
  const topicPart = own.length === 0 ? '' : ` ${t('settings:team.delete.topics', { count: own.length, topics: list })}`;
  return `${t('settings:team.delete.text', { name: team.name })}${topicPart} ${t('settings:team.delete.final')}`;
}

// ---------------------------------------------------------------------------------------------
// Topics

export const MAX_TOPICS = 8;
export const TOPIC_LABEL_MAX = 40;

export interface TopicDraft {
  /** Stable key for the UI row (new rows have no id yet). */
  key: string;
  id?: string;
  label: string;
  teamId: string;
  priority: string;
}

export type TopicField = 'label' | 'teamId' | 'priority';

export interface TopicsBody {
  topics: Array<{ id?: string; label: string; teamId: string; priority: number }>;
}

export function topicDraftsOf(topics: readonly Topic[]): TopicDraft[] {
  return topics.map((topic) => ({ key: topic.id, id: topic.id, label: topic.label, teamId: topic.teamId, priority: String(topic.priority) }));
}

/**
 * Validates the whole menu (it is saved at once). An empty priority means 0, the default; labels
 * must differ, since customers could not tell two equal choices apart.
 */
export function validateTopics(
  rows: readonly TopicDraft[],
  teams: readonly Pick<Team, 'id'>[],
): { ok: true; body: TopicsBody } | { ok: false; rowErrors: Array<Partial<Record<TopicField, string>>>; error: string | null } {
  const rowErrors: Array<Partial<Record<TopicField, string>>> = rows.map(() => ({}));
  let error: string | null = null;
  if (rows.length > MAX_TOPICS) error = t('settings:topics.tooMany', { max: MAX_TOPICS, count: rows.length - MAX_TOPICS });
  const seen = new Map<string, number>();
  const body: TopicsBody = { topics: [] };
  rows.forEach((row, index) => {
    const errors = rowErrors[index]!;
    const label = row.label.trim();
    if (label === '') errors.label = t('settings:topic.label.missing');
    else if (label.length > TOPIC_LABEL_MAX) errors.label = t('settings:tooLong', { max: TOPIC_LABEL_MAX, length: label.length });
    else if (seen.has(label.toLowerCase())) errors.label = t('settings:topic.label.same', { number: seen.get(label.toLowerCase())! + 1 });
    else seen.set(label.toLowerCase(), index);
    if (!teams.some((team) => team.id === row.teamId)) errors.teamId = t('settings:topic.team.missing');
    const text = row.priority.trim();
    const priority = text === '' ? 0 : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(priority >= 0 && priority <= 10)) errors.priority = t('settings:topic.priority.invalid');
    body.topics.push({ ...(row.id ? { id: row.id } : {}), label, teamId: row.teamId, priority });
  });
  if (error || rowErrors.some((errors) => Object.keys(errors).length > 0)) return { ok: false, rowErrors, error };
  return { ok: true, body };
}

/** A copy of `items` with the item at `index` moved by `delta` places; out of range leaves the order as it is. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const copy = [...items];
  const target = index + delta;
  if (index < 0 || index >= copy.length || target < 0 || target >= copy.length) return copy;
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item!);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Agents

export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 50;

export function parseCapacity(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: t('settings:capacity.notNumber', { min: CAPACITY_MIN, max: CAPACITY_MAX }) };
  const value = Number(trimmed);
  if (value < CAPACITY_MIN || value > CAPACITY_MAX) return { ok: false, error: t('settings:capacity.range', { min: CAPACITY_MIN, max: CAPACITY_MAX }) };
  return { ok: true, value };
}

/** The load bar: a supervisor may assign over capacity, so the fraction is capped and `over` says so. */
export function loadBar(load: number, capacity: number): { fraction: number; text: string; full: boolean; over: boolean } {
  const safeCapacity = capacity > 0 ? capacity : 1;
  return {
    fraction: Math.max(0, Math.min(1, load / safeCapacity)),
    text: t('settings:load', { load, count: capacity }),
    full: load >= capacity,
    over: load > capacity,
  };
}

/** Presence first: an "available" agent who is offline gets nothing. */
export function agentStatusText(agent: Pick<Agent, 'online' | 'status'>): string {
  if (!agent.online) return agent.status === 'available' ? t('settings:agent.offlineAvailable') : t('settings:agent.offline');
  return agent.status === 'available' ? t('settings:agent.available') : t('settings:agent.away');
}

/** By person, then device label, so one person's browsers stay together. */
export function sortAgents<T extends Pick<Agent, 'person' | 'label' | 'deviceId'>>(agents: readonly T[]): T[] {
  return [...agents].sort((a, b) => a.person.localeCompare(b.person) || a.label.localeCompare(b.label) || a.deviceId.localeCompare(b.deviceId));
}

/** Replaces one agent (an `agent` frame) or adds it, keeping the order. */
export function upsertAgent(agents: readonly Agent[], agent: Agent): Agent[] {
  const index = agents.findIndex((existing) => existing.deviceId === agent.deviceId);
  if (index < 0) return sortAgents([...agents, agent]);
  const copy = [...agents];
  copy[index] = agent;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Canned replies

export const SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const CANNED_TEXT_MAX = 2000;

/** People type "/Greeting" because that is how agents use it; the stored shortcut is "greeting". */
export function normalizeShortcut(raw: string): string {
  return raw.trim().replace(/^\/+/, '').toLowerCase();
}

export type CannedField = 'shortcut' | 'text';

export function validateCanned(
  draft: { shortcut: string; text: string },
  existing: readonly CannedReply[],
  editing: string | null,
): { ok: true; shortcut: string; text: string } | { ok: false; errors: Partial<Record<CannedField, string>> } {
  const errors: Partial<Record<CannedField, string>> = {};
  const shortcut = normalizeShortcut(draft.shortcut);
  if (shortcut === '') errors.shortcut = t('settings:canned.shortcut.missing');
  else if (shortcut.length > 32) errors.shortcut = t('settings:tooLong', { max: 32, length: shortcut.length });
  else if (!SHORTCUT_PATTERN.test(shortcut)) errors.shortcut = t('settings:canned.shortcut.pattern');
  else if (shortcut !== editing && existing.some((reply) => reply.shortcut === shortcut)) errors.shortcut = t('settings:canned.shortcut.taken', { shortcut });
  const text = draft.text.trim();
  if (text === '') errors.text = t('settings:canned.text.missing');
  else if (text.length > CANNED_TEXT_MAX) errors.text = t('settings:tooLong', { max: CANNED_TEXT_MAX, length: text.length });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, shortcut, text };
}

/**
 * Renaming a reply is a PUT of the new shortcut, then a DELETE of the old one — in that order, so a
 * failure in between leaves a duplicate rather than losing the text.
 */
export function cannedSavePlan(editing: string | null, shortcut: string): { put: string; remove: string | null } {
  return { put: shortcut, remove: editing !== null && editing !== shortcut ? editing : null };
}

/** "1 520 / 2000"-style counter text; `over` when the server would refuse it. */
export function cannedCounter(text: string): { text: string; over: boolean } {
  const length = text.trim().length;
  return { text: `${length} / ${CANNED_TEXT_MAX}`, over: length > CANNED_TEXT_MAX };
}
