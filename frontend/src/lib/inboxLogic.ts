import { formatLocale, formatTime, t } from '../i18n';
import type { AssignmentRecord, ConversationRouting, ConversationStatus, ReasonCode } from './routingTypes';

/**
 * Decisions of the agents' inbox (protocol §14), kept free of the DOM so they can be tested: which
 * tab a conversation belongs to and in what order, what its chips say, which actions make sense,
 * when an assignment deserves a notification, labels and snooze times.
 */

export type InboxTab = 'mine' | 'queue' | 'all' | 'resolved';

export const TABS: readonly InboxTab[] = ['mine', 'queue', 'all', 'resolved'];

/** The roles §14.3 calls supervisors: the rule lives in roles.ts. */
export { canSupervise as isSupervisor } from './roles';

const STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A time as ISO-8601; Jackson set to write timestamps would send Unix seconds, which reads the same. */
function timeOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  return stringOrNull(value);
}

/**
 * The routing state from an answer or a frame, with every member present. A server that predates
 * §14 (or a member it leaves out) must not break the list: a missing status reads as open and
 * unassigned, which is what such a conversation is.
 */
export function normalizeConversation(raw: unknown): ConversationRouting | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = raw as Record<string, unknown>;
  if (typeof value.id !== 'string' || value.id === '') return null;
  const assignee = value.assignee as Record<string, unknown> | null | undefined;
  const reason = value.reason as Record<string, unknown> | null | undefined;
  return {
    id: value.id,
    phone: typeof value.phone === 'string' ? value.phone : '',
    name: typeof value.name === 'string' ? value.name : '',
    createdAt: timeOrNull(value.createdAt) ?? new Date(0).toISOString(),
    lastSeq: typeof value.lastSeq === 'number' && Number.isFinite(value.lastSeq) ? value.lastSeq : 0,
    status: STATUSES.includes(value.status as ConversationStatus) ? (value.status as ConversationStatus) : 'open',
    teamId: stringOrNull(value.teamId),
    topicId: stringOrNull(value.topicId),
    priority: typeof value.priority === 'number' && Number.isFinite(value.priority) ? value.priority : 0,
    queuedAt: timeOrNull(value.queuedAt),
    assignee:
      assignee && typeof assignee === 'object' && typeof assignee.deviceId === 'string'
        ? { deviceId: assignee.deviceId, person: typeof assignee.person === 'string' ? assignee.person : '' }
        : null,
    assignedAt: timeOrNull(value.assignedAt),
    offerExpiresAt: timeOrNull(value.offerExpiresAt),
    reason:
      reason && typeof reason === 'object' && typeof reason.code === 'string'
        ? { code: reason.code as ReasonCode, text: typeof reason.text === 'string' ? reason.text : '' }
        : null,
    snoozedUntil: timeOrNull(value.snoozedUntil),
    labels: Array.isArray(value.labels) ? value.labels.filter((label): label is string => typeof label === 'string') : [],
    source: stringOrNull(value.source),
  };
}

// ---------------------------------------------------------------------------------------------
// Tabs

export function isQueued(state: ConversationRouting): boolean {
  return state.status === 'open' && state.assignee === null && state.queuedAt !== null;
}

/** Assigned to this device and still being worked on (what §14.1 counts as load). */
export function isMine(state: ConversationRouting, myDeviceId: string): boolean {
  return state.assignee?.deviceId === myDeviceId && (state.status === 'open' || state.status === 'pending');
}

export function inTab(state: ConversationRouting, tab: InboxTab, myDeviceId: string): boolean {
  switch (tab) {
    case 'mine':
      return isMine(state, myDeviceId);
    case 'queue':
      return isQueued(state);
    case 'all':
      return state.status !== 'resolved';
    case 'resolved':
      return state.status === 'resolved';
  }
}

function timeOf(iso: string | null): number {
  if (!iso) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The server's queue order (§14.1): higher priority first, then who waits longest, then id. */
export function compareQueue(a: ConversationRouting, b: ConversationRouting): number {
  return b.priority - a.priority || timeOf(a.queuedAt) - timeOf(b.queuedAt) || compareIds(a.id, b.id);
}

/** Most recent message first, as GET /api/conversations answers (seqs grow across conversations). */
export function compareRecent(a: ConversationRouting, b: ConversationRouting): number {
  return b.lastSeq - a.lastSeq || (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) || compareIds(a.id, b.id);
}

export interface ListFilter {
  /** Only conversations carrying this label. */
  label?: string | null;
}

function passes(state: ConversationRouting, filter: ListFilter): boolean {
  return !filter.label || state.labels.includes(filter.label);
}

/** What a tab shows, in its order. */
export function tabItems(conversations: readonly ConversationRouting[], tab: InboxTab, myDeviceId: string, filter: ListFilter = {}): ConversationRouting[] {
  return conversations
    .filter((state) => inTab(state, tab, myDeviceId) && passes(state, filter))
    .sort(tab === 'queue' ? compareQueue : compareRecent);
}

export function tabCounts(conversations: readonly ConversationRouting[], myDeviceId: string, filter: ListFilter = {}): Record<InboxTab, number> {
  const counts: Record<InboxTab, number> = { mine: 0, queue: 0, all: 0, resolved: 0 };
  for (const state of conversations) {
    if (!passes(state, filter)) continue;
    for (const tab of TABS) if (inTab(state, tab, myDeviceId)) counts[tab]++;
  }
  return counts;
}

/**
 * The tab to open with: the one this browser used last, else Mine — an agent's day is their own
 * conversations. Supervisors, who mostly oversee, start on All while nothing is assigned to them.
 */
export function initialTab(saved: string | null, conversations: readonly ConversationRouting[], myDeviceId: string, supervisor = false): InboxTab {
  if (saved && (TABS as readonly string[]).includes(saved)) return saved as InboxTab;
  if (!supervisor) return 'mine';
  return conversations.some((state) => isMine(state, myDeviceId)) ? 'mine' : 'all';
}

/** A tab that shows `state` (to open a linked conversation where it can be seen), preferring `current`. */
export function tabShowing(state: ConversationRouting, current: InboxTab, myDeviceId: string): InboxTab {
  if (inTab(state, current, myDeviceId)) return current;
  for (const tab of TABS) if (inTab(state, tab, myDeviceId)) return tab;
  return 'all';
}

/**
 * Replaces (or adds) a conversation's state after a frame. The frame may have been sent before a
 * message this device already saw, so lastSeq never goes back.
 */
export function applyConversationUpdate(conversations: readonly ConversationRouting[], next: ConversationRouting): ConversationRouting[] {
  let found = false;
  const updated = conversations.map((state) => {
    if (state.id !== next.id) return state;
    found = true;
    return { ...next, lastSeq: Math.max(state.lastSeq, next.lastSeq) };
  });
  if (!found) updated.push(next);
  return updated.sort(compareRecent);
}

export function emptyText(tab: InboxTab, anyConversations: boolean, label: string | null, origin: string): string {
  if (!anyConversations) return t('inbox:empty.none', { url: `${origin}/chat` });
  return label ? t(`inbox:empty.${tab}Label`, { label }) : t(`inbox:empty.${tab}`);
}

// ---------------------------------------------------------------------------------------------
// Chips and sentences

/** "3 min", "2 h 5 min", "3 d" — how long someone has been waiting. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  // Rounded like the list's relative times ("1 minute ago" from 45 s), so the two never disagree.
  if (s < 45) return t('inbox:duration.underMinute');
  const minutes = Math.max(1, Math.round(s / 60));
  if (minutes < 60) return t('inbox:duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? t('inbox:duration.hours', { hours }) : t('inbox:duration.hoursMinutes', { hours, minutes: minutes % 60 });
  return t('inbox:duration.days', { days: Math.floor(hours / 24) });
}

export function waitingText(queuedAt: string, nowMs: number): string {
  return t('inbox:chip.waiting', { duration: formatDuration((nowMs - Date.parse(queuedAt)) / 1000) });
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * "14:00", "tomorrow 09:00", "Mon 09:00" (within a week), or "12 Jun 09:00" — local time, written
 * as the page's locale writes times (one choice for the whole page, so 12 h and 24 h never mix).
 */
export function formatWhen(iso: string, nowMs: number): string {
  const when = new Date(iso);
  const now = new Date(nowMs);
  if (Number.isNaN(when.getTime())) return iso;
  const time = formatTime(when.getTime());
  if (sameDay(when, now)) return time;
  const tomorrow = new Date(nowMs);
  tomorrow.setDate(tomorrow.getDate() + 1);
  if (sameDay(when, tomorrow)) return t('inbox:when.tomorrow', { time });
  if (when.getTime() > nowMs && when.getTime() - nowMs < 6 * 86_400_000) {
    return `${new Intl.DateTimeFormat(formatLocale(), { weekday: 'short' }).format(when)} ${time}`;
  }
  return `${new Intl.DateTimeFormat(formatLocale(), { day: 'numeric', month: 'short' }).format(when)} ${time}`;
}

export interface StatusChip {
  kind: 'pending' | 'snoozed' | 'resolved' | 'waiting';
  text: string;
}

/** The chip a list item shows about its state; null for an open conversation someone is working on. */
export function statusChip(state: ConversationRouting, nowMs: number): StatusChip | null {
  switch (state.status) {
    case 'resolved':
      return { kind: 'resolved', text: statusName('resolved') };
    case 'pending':
      return { kind: 'pending', text: statusName('pending') };
    case 'snoozed':
      return { kind: 'snoozed', text: state.snoozedUntil ? t('inbox:chip.snoozedUntil', { when: formatWhen(state.snoozedUntil, nowMs) }) : statusName('snoozed') };
    case 'open':
      return isQueued(state) ? { kind: 'waiting', text: waitingText(state.queuedAt!, nowMs) } : null;
  }
}

export function statusName(status: ConversationStatus): string {
  return t(`inbox:status.${status}`);
}

/** Seconds left of the offer to me, or null when there is no offer to me (§14.1 offerExpiresAt). */
export function offerSecondsLeft(state: ConversationRouting, myDeviceId: string, nowMs: number): number | null {
  if (!state.offerExpiresAt || state.assignee?.deviceId !== myDeviceId) return null;
  const expires = Date.parse(state.offerExpiresAt);
  if (Number.isNaN(expires)) return null;
  return Math.max(0, Math.ceil((expires - nowMs) / 1000));
}

/** Opening a conversation accepts the offer (§14.1) — only one that is offered to me. */
export function shouldAccept(state: ConversationRouting, myDeviceId: string): boolean {
  return state.offerExpiresAt !== null && isMine(state, myDeviceId);
}

/** The warning above the reply box: someone else has this conversation. */
export function assigneeWarning(state: ConversationRouting | undefined, myDeviceId: string): string | null {
  if (!state?.assignee || state.assignee.deviceId === myDeviceId) return null;
  if (state.status !== 'open' && state.status !== 'pending') return null;
  return t('inbox:warning.assigned', { person: state.assignee.person || t('inbox:warning.anotherAgent') });
}

/**
 * A notification is due when a conversation becomes mine: it was not mine before (or this device
 * did not know it). Claiming it myself is no news.
 */
export function becameAssignedToMe(previous: ConversationRouting | undefined, next: ConversationRouting, myDeviceId: string): boolean {
  if (!isMine(next, myDeviceId)) return false;
  if (previous && isMine(previous, myDeviceId)) return false;
  return next.reason?.code !== 'claimed';
}

/** Conversations of a reloaded list that became mine since the previous one (none on the first load). */
export function newlyAssigned(previous: readonly ConversationRouting[] | null, next: readonly ConversationRouting[], myDeviceId: string): ConversationRouting[] {
  if (previous === null) return [];
  const before = new Map(previous.map((state) => [state.id, state]));
  return next.filter((state) => becameAssignedToMe(before.get(state.id), state, myDeviceId));
}

// ---------------------------------------------------------------------------------------------
// Actions

export type InboxAction = 'claim' | 'assign' | 'transfer' | 'unassign' | 'pending' | 'snooze' | 'resolve' | 'reopen';

/**
 * The actions the thread header offers, following who may do what in §14.3: an agent acts on its
 * own conversations and on unassigned ones; supervisors on all; anyone reopens.
 */
export function availableActions(state: ConversationRouting, myDeviceId: string, supervisor: boolean): InboxAction[] {
  const actions: InboxAction[] = [];
  const assignee = state.assignee?.deviceId ?? null;
  const mine = assignee === myDeviceId;
  const mayChange = mine || supervisor || assignee === null;
  const active = state.status === 'open' || state.status === 'pending';
  if (isQueued(state)) actions.push('claim');
  if (supervisor && state.status !== 'resolved') actions.push('assign');
  if (active && (mine || supervisor)) actions.push('transfer');
  if (assignee !== null && active && (mine || supervisor)) actions.push('unassign');
  if (state.status === 'open' && mayChange) actions.push('pending');
  if (active && mayChange) actions.push('snooze');
  if (state.status !== 'resolved' && mayChange) actions.push('resolve');
  if (state.status !== 'open') actions.push('reopen');
  return actions;
}

// ---------------------------------------------------------------------------------------------
// Labels

export const LABEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const MAX_LABELS = 10;

/** What a label typed by a person becomes: trimmed and lower case (the server stores lower case only). */
export function normalizeLabel(input: string): string {
  return input.trim().toLowerCase();
}

/** Why a label cannot be added, or null. */
export function labelError(label: string, existing: readonly string[]): string | null {
  if (label === '') return t('inbox:label.empty');
  if (!LABEL_PATTERN.test(label)) return label.length > 32 ? t('inbox:label.tooLong', { length: label.length }) : t('inbox:label.pattern');
  if (existing.includes(label)) return t('inbox:label.exists', { label });
  if (existing.length >= MAX_LABELS) return t('inbox:label.tooMany', { max: MAX_LABELS });
  return null;
}

// ---------------------------------------------------------------------------------------------
// Snooze

export interface SnoozePreset {
  id: '1h' | 'tomorrow' | 'next-week';
  label: string;
  until: Date;
}

/** The most a snooze may last (§14.3). */
export const MAX_SNOOZE_MS = 90 * 86_400_000;

/** In one hour; tomorrow at 9:00; next Monday at 9:00 — local time. */
export function snoozePresets(nowMs: number): SnoozePreset[] {
  const inAnHour = new Date(nowMs + 3_600_000);
  const tomorrow = new Date(nowMs);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(nowMs);
  // Monday is 1; on a Monday "next week" is the Monday after.
  const daysToMonday = ((8 - nextWeek.getDay()) % 7) || 7;
  nextWeek.setDate(nextWeek.getDate() + daysToMonday);
  nextWeek.setHours(9, 0, 0, 0);
  return [
    { id: '1h', label: t('inbox:snooze.hour'), until: inAnHour },
    { id: 'tomorrow', label: t('inbox:snooze.tomorrow', { time: formatTime(tomorrow.getTime()) }), until: tomorrow },
    { id: 'next-week', label: t('inbox:snooze.nextWeek', { time: formatTime(nextWeek.getTime()) }), until: nextWeek },
  ];
}

/** Checks a custom snooze time (a datetime-local value, local time). */
export function snoozeUntilError(value: string, nowMs: number): string | null {
  if (!value) return t('inbox:snooze.pick');
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return t('inbox:snooze.invalid');
  if (ms <= nowMs) return t('inbox:snooze.past');
  if (ms - nowMs > MAX_SNOOZE_MS) return t('inbox:snooze.tooLong');
  return null;
}

// ---------------------------------------------------------------------------------------------
// Assignment history

const END_REASONS: ReadonlySet<string> = new Set(['resolved', 'snoozed', 'transferred', 'unassigned', 'offer_timeout', 'grace_expired', 'reassigned', 'taken_over']);

export function endReasonText(reason: AssignmentRecord['endReason']): string {
  if (reason === null) return t('inbox:ended.current');
  return END_REASONS.has(reason) ? t(`inbox:ended.${reason}`) : reason;
}
