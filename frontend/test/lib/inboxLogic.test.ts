import { formatTime } from '../../src/i18n';
import { describe, expect, it } from 'vitest';
import {
  applyConversationUpdate,
  assigneeWarning,
  availableActions,
  becameAssignedToMe,
  emptyText,
  endReasonText,
  formatDuration,
  formatWhen,
  inTab,
  initialTab,
  isSupervisor,
  labelError,
  newlyAssigned,
  normalizeConversation,
  normalizeLabel,
  offerSecondsLeft,
  shouldAccept,
  snoozePresets,
  snoozeUntilError,
  statusChip,
  tabCounts,
  tabItems,
  tabShowing,
} from '../../src/lib/inboxLogic';
import type { ConversationRouting } from '../../src/lib/routingTypes';

const ME = 'me-device-id-0000000000';
const ALEX = 'alex-device-id-00000000';
const NOW = new Date(2026, 4, 13, 15, 30, 0).getTime(); // a Wednesday, local time

function conversation(overrides: Partial<ConversationRouting> & { id: string }): ConversationRouting {
  return {
    phone: '+351912345678',
    name: `Customer ${overrides.id}`,
    createdAt: '2026-05-01T10:00:00Z',
    lastSeq: 1,
    status: 'open',
    teamId: null,
    topicId: null,
    priority: 0,
    queuedAt: null,
    assignee: null,
    assignedAt: null,
    offerExpiresAt: null,
    reason: null,
    snoozedUntil: null,
    labels: [],
    ...overrides,
  };
}

const mine = (id: string, extra: Partial<ConversationRouting> = {}) =>
  conversation({ id, assignee: { deviceId: ME, person: 'Me' }, assignedAt: '2026-05-13T10:00:00Z', reason: { code: 'round_robin', text: 'Round robin' }, ...extra });
const alexs = (id: string, extra: Partial<ConversationRouting> = {}) => conversation({ id, assignee: { deviceId: ALEX, person: 'Alex' }, ...extra });
const queued = (id: string, queuedAt: string, priority = 0) => conversation({ id, queuedAt, priority });

describe('tabs', () => {
  it('Mine holds my open and pending conversations only', () => {
    expect(inTab(mine('a'), 'mine', ME)).toBe(true);
    expect(inTab(mine('a', { status: 'pending' }), 'mine', ME)).toBe(true);
    expect(inTab(alexs('b'), 'mine', ME)).toBe(false);
    expect(inTab(conversation({ id: 'c' }), 'mine', ME)).toBe(false);
    // A stale assignee on a resolved conversation is not load.
    expect(inTab(mine('d', { status: 'resolved' }), 'mine', ME)).toBe(false);
  });

  it('Queue holds open, unassigned conversations with a queuedAt', () => {
    expect(inTab(queued('a', '2026-05-13T10:00:00Z'), 'queue', ME)).toBe(true);
    // the customer has not written yet
    expect(inTab(conversation({ id: 'b' }), 'queue', ME)).toBe(false);
    expect(inTab(alexs('c', { queuedAt: '2026-05-13T10:00:00Z' }), 'queue', ME)).toBe(false);
    expect(inTab(conversation({ id: 'd', status: 'snoozed', queuedAt: '2026-05-13T10:00:00Z' }), 'queue', ME)).toBe(false);
  });

  it('All is everything not resolved; Resolved the rest', () => {
    for (const status of ['open', 'pending', 'snoozed'] as const) {
      expect(inTab(conversation({ id: 'a', status }), 'all', ME)).toBe(true);
      expect(inTab(conversation({ id: 'a', status }), 'resolved', ME)).toBe(false);
    }
    expect(inTab(conversation({ id: 'a', status: 'resolved' }), 'all', ME)).toBe(false);
    expect(inTab(conversation({ id: 'a', status: 'resolved' }), 'resolved', ME)).toBe(true);
  });

  it('orders the queue as the server does: priority desc, queuedAt asc, id', () => {
    const list = [
      queued('c', '2026-05-13T10:05:00Z'),
      queued('b', '2026-05-13T10:00:00Z'),
      queued('z', '2026-05-13T10:10:00Z', 5),
      queued('a', '2026-05-13T10:00:00Z'),
      mine('m', { lastSeq: 99 }),
    ];
    expect(tabItems(list, 'queue', ME).map((item) => item.id)).toEqual(['z', 'a', 'b', 'c']);
  });

  it('orders the other tabs by most recent message', () => {
    const list = [mine('a', { lastSeq: 3 }), mine('b', { lastSeq: 10 }), alexs('c', { lastSeq: 7 })];
    expect(tabItems(list, 'mine', ME).map((item) => item.id)).toEqual(['b', 'a']);
    expect(tabItems(list, 'all', ME).map((item) => item.id)).toEqual(['b', 'c', 'a']);
  });

  it('counts every tab, with the label filter applied', () => {
    const list = [
      mine('a', { labels: ['vip'] }),
      queued('b', '2026-05-13T10:00:00Z'),
      alexs('c', { labels: ['vip'] }),
      conversation({ id: 'd', status: 'resolved', labels: ['vip'] }),
    ];
    expect(tabCounts(list, ME)).toEqual({ mine: 1, queue: 1, all: 3, resolved: 1 });
    expect(tabCounts(list, ME, { label: 'vip' })).toEqual({ mine: 1, queue: 0, all: 2, resolved: 1 });
    expect(tabItems(list, 'all', ME, { label: 'vip' }).map((item) => item.id)).toEqual(['a', 'c']);
  });

  it('opens on the saved tab, else Mine; supervisors on All while nothing is theirs', () => {
    expect(initialTab('queue', [], ME)).toBe('queue');
    expect(initialTab('nonsense', [mine('a')], ME)).toBe('mine');
    expect(initialTab(null, [alexs('a')], ME)).toBe('mine');
    expect(initialTab(null, [alexs('a')], ME, true)).toBe('all');
    expect(initialTab(null, [mine('a')], ME, true)).toBe('mine');
  });

  it('finds a tab that shows a conversation, keeping the current one when it does', () => {
    expect(tabShowing(mine('a'), 'all', ME)).toBe('all');
    expect(tabShowing(mine('a'), 'queue', ME)).toBe('mine');
    expect(tabShowing(conversation({ id: 'r', status: 'resolved' }), 'mine', ME)).toBe('resolved');
  });

  it('says what an empty tab means', () => {
    expect(emptyText('queue', true, null, 'https://x')).toBe('No one is waiting.');
    expect(emptyText('mine', true, 'vip', 'https://x')).toContain('with the label \u201Cvip\u201D');
    expect(emptyText('mine', false, null, 'https://x')).toContain('https://x/chat');
  });
});

describe('live updates', () => {
  it('replaces the state, keeps the higher lastSeq and re-sorts', () => {
    const list = [mine('a', { lastSeq: 5 }), alexs('b', { lastSeq: 4 })];
    const next = applyConversationUpdate(list, alexs('b', { lastSeq: 9, status: 'pending' }));
    expect(next.map((item) => item.id)).toEqual(['b', 'a']);
    expect(next[0]!.status).toBe('pending');
    const stale = applyConversationUpdate(next, alexs('b', { lastSeq: 2 }));
    expect(stale.find((item) => item.id === 'b')!.lastSeq).toBe(9);
    expect(list[1]!.status).toBe('open');
  });

  it('adds a conversation it did not know', () => {
    expect(applyConversationUpdate([mine('a')], queued('n', '2026-05-13T10:00:00Z')).map((item) => item.id)).toContain('n');
  });

  it('moves a conversation between tabs when its state changes', () => {
    let list = [queued('a', '2026-05-13T10:00:00Z')];
    expect(tabCounts(list, ME)).toMatchObject({ mine: 0, queue: 1 });
    list = applyConversationUpdate(list, mine('a'));
    expect(tabCounts(list, ME)).toMatchObject({ mine: 1, queue: 0, all: 1 });
    list = applyConversationUpdate(list, mine('a', { status: 'resolved', assignee: null }));
    expect(tabCounts(list, ME)).toMatchObject({ mine: 0, all: 0, resolved: 1 });
  });

  it('normalizes answers, filling what an older server leaves out', () => {
    const state = normalizeConversation({ id: 'x', phone: '+1', name: 'N', createdAt: '2026-05-01T00:00:00Z', lastSeq: 3 });
    expect(state).toMatchObject({ id: 'x', status: 'open', assignee: null, labels: [], priority: 0, queuedAt: null });
    expect(normalizeConversation({ id: 'y', status: 'bogus', labels: ['a', 3], queuedAt: 1_778_000_000 })).toMatchObject({
      status: 'open',
      labels: ['a'],
      queuedAt: new Date(1_778_000_000_000).toISOString(),
    });
    expect(normalizeConversation(null)).toBeNull();
    expect(normalizeConversation({ name: 'no id' })).toBeNull();
  });
});

describe('chips and sentences', () => {
  it('shows waiting time for queued conversations', () => {
    const at = new Date(NOW - 3 * 60_000 - 5000).toISOString();
    expect(statusChip(queued('a', at), NOW)).toEqual({ kind: 'waiting', text: 'waiting 3 min' });
    expect(statusChip(mine('a'), NOW)).toBeNull();
    expect(statusChip(conversation({ id: 'p', status: 'pending' }), NOW)?.text).toBe('Pending');
    expect(statusChip(conversation({ id: 'r', status: 'resolved' }), NOW)?.text).toBe('Resolved');
  });

  it('shows until when a snoozed conversation comes back', () => {
    const tomorrow9 = new Date(NOW);
    tomorrow9.setDate(tomorrow9.getDate() + 1);
    tomorrow9.setHours(9, 0, 0, 0);
    expect(statusChip(conversation({ id: 's', status: 'snoozed', snoozedUntil: tomorrow9.toISOString() }), NOW)?.text).toBe(`Snoozed until tomorrow ${formatTime(tomorrow9.getTime())}`);
  });

  it('formats durations and times', () => {
    expect(formatDuration(30)).toBe('<1 min');
    // the list says "1 minute ago" from 45 s on; the waiting chip agrees
    expect(formatDuration(50)).toBe('1 min');
    expect(formatDuration(59 * 60)).toBe('59 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(3 * 86400 + 10)).toBe('3 d');
    const later = new Date(NOW);
    later.setHours(17, 5, 0, 0);
    // times follow the page's one locale, like the thread's (12 h and 24 h never mix)
    expect(formatWhen(later.toISOString(), NOW)).toBe(formatTime(later.getTime()));
    expect(formatTime(later.getTime())).toMatch(/^(17:05|5:05\sPM)$/);
    const monday = new Date(NOW);
    monday.setDate(monday.getDate() + 5);
    monday.setHours(9, 0, 0, 0);
    expect(formatWhen(monday.toISOString(), NOW)).toBe(`Mon ${formatTime(monday.getTime())}`);
  });

  it('counts the offer down only when it is offered to me', () => {
    const offer = new Date(NOW + 42_000).toISOString();
    expect(offerSecondsLeft(mine('a', { offerExpiresAt: offer }), ME, NOW)).toBe(42);
    expect(offerSecondsLeft(alexs('a', { offerExpiresAt: offer }), ME, NOW)).toBeNull();
    expect(offerSecondsLeft(mine('a'), ME, NOW)).toBeNull();
    expect(offerSecondsLeft(mine('a', { offerExpiresAt: new Date(NOW - 1000).toISOString() }), ME, NOW)).toBe(0);
  });

  it('accepts on opening only an offer to me', () => {
    expect(shouldAccept(mine('a', { offerExpiresAt: '2026-05-13T10:00:00Z' }), ME)).toBe(true);
    expect(shouldAccept(mine('a'), ME)).toBe(false);
    expect(shouldAccept(alexs('a', { offerExpiresAt: '2026-05-13T10:00:00Z' }), ME)).toBe(false);
  });

  it('warns the composer when someone else is assigned', () => {
    expect(assigneeWarning(alexs('a'), ME)).toBe('Alex is assigned to this conversation');
    expect(assigneeWarning(mine('a'), ME)).toBeNull();
    expect(assigneeWarning(conversation({ id: 'q' }), ME)).toBeNull();
    expect(assigneeWarning(undefined, ME)).toBeNull();
  });

  it('names the end of an assignment', () => {
    expect(endReasonText(null)).toBe('current');
    expect(endReasonText('offer_timeout')).toBe('not accepted in time');
  });
});

describe('assigned to me', () => {
  it('notices a conversation that becomes mine', () => {
    expect(becameAssignedToMe(queued('a', '2026-05-13T10:00:00Z'), mine('a'), ME)).toBe(true);
    expect(becameAssignedToMe(alexs('a'), mine('a', { reason: { code: 'transferred', text: 'Transferred' } }), ME)).toBe(true);
    expect(becameAssignedToMe(undefined, mine('a'), ME)).toBe(true);
  });

  it('stays quiet when it was mine already, is not mine, or I claimed it', () => {
    expect(becameAssignedToMe(mine('a'), mine('a', { status: 'pending' }), ME)).toBe(false);
    expect(becameAssignedToMe(queued('a', '2026-05-13T10:00:00Z'), alexs('a'), ME)).toBe(false);
    expect(becameAssignedToMe(queued('a', '2026-05-13T10:00:00Z'), mine('a', { reason: { code: 'claimed', text: 'Claimed' } }), ME)).toBe(false);
  });

  it('a resolved conversation of mine that comes back to me is news again', () => {
    expect(becameAssignedToMe(mine('a', { status: 'resolved' }), mine('a'), ME)).toBe(true);
  });

  it('compares reloaded lists, but not on the first load', () => {
    const before = [queued('a', '2026-05-13T10:00:00Z'), mine('b')];
    const after = [mine('a'), mine('b'), mine('c')];
    expect(newlyAssigned(null, after, ME)).toEqual([]);
    expect(newlyAssigned(before, after, ME).map((item) => item.id)).toEqual(['a', 'c']);
  });
});

describe('actions', () => {
  it('offers Claim on a queued conversation', () => {
    expect(availableActions(queued('a', '2026-05-13T10:00:00Z'), ME, false)).toEqual(['claim', 'pending', 'snooze', 'resolve']);
  });

  it('gives an agent its own conversation\u2019s actions', () => {
    expect(availableActions(mine('a'), ME, false)).toEqual(['transfer', 'unassign', 'pending', 'snooze', 'resolve']);
    expect(availableActions(mine('a', { status: 'pending' }), ME, false)).toEqual(['transfer', 'unassign', 'snooze', 'resolve', 'reopen']);
  });

  it('offers an agent nothing on someone else\u2019s open conversation (the server would refuse)', () => {
    expect(availableActions(alexs('a'), ME, false)).toEqual([]);
  });

  it('lets supervisors assign, transfer and act on anyone\u2019s conversation', () => {
    expect(availableActions(alexs('a'), ME, true)).toEqual(['assign', 'transfer', 'unassign', 'pending', 'snooze', 'resolve']);
    expect(isSupervisor('owner') && isSupervisor('admin') && isSupervisor('supervisor')).toBe(true);
    expect(isSupervisor('agent')).toBe(false);
    expect(isSupervisor(undefined)).toBe(false);
  });

  it('offers Reopen on resolved and snoozed conversations', () => {
    expect(availableActions(conversation({ id: 'r', status: 'resolved' }), ME, false)).toEqual(['reopen']);
    expect(availableActions(conversation({ id: 's', status: 'snoozed' }), ME, false)).toEqual(['resolve', 'reopen']);
  });
});

describe('labels', () => {
  it('normalizes what is typed', () => {
    expect(normalizeLabel('  VIP ')).toBe('vip');
  });

  it('accepts [a-z0-9][a-z0-9-]{0,31}', () => {
    expect(labelError('vip', [])).toBeNull();
    expect(labelError('needs-refund-2', [])).toBeNull();
    expect(labelError('a'.repeat(32), [])).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(labelError('', [])).toBe('Type a label first.');
    expect(labelError('-vip', [])).toMatch(/starts with a letter or digit/);
    expect(labelError('needs refund', [])).toMatch(/lower-case letters, digits and dashes/);
    expect(labelError('a'.repeat(33), [])).toMatch(/at most 32 characters/);
    expect(labelError('vip', ['vip'])).toMatch(/already there/);
    expect(labelError('eleven', Array.from({ length: 10 }, (_, i) => `l${i}`))).toMatch(/at most 10 labels/);
  });
});

describe('snooze', () => {
  it('offers 1 hour, tomorrow 9:00 and next Monday 9:00', () => {
    const [hour, tomorrow, nextWeek] = snoozePresets(NOW);
    expect(hour!.until.getTime()).toBe(NOW + 3_600_000);
    expect(tomorrow!.until).toEqual(new Date(2026, 4, 14, 9, 0, 0));
    expect(nextWeek!.until).toEqual(new Date(2026, 4, 18, 9, 0, 0));
    expect(nextWeek!.until.getDay()).toBe(1);
  });

  it('on a Monday, next week is the Monday after', () => {
    const monday = new Date(2026, 4, 18, 8, 0, 0).getTime();
    expect(snoozePresets(monday)[2]!.until).toEqual(new Date(2026, 4, 25, 9, 0, 0));
  });

  it('on a Sunday, next week is the next day', () => {
    const sunday = new Date(2026, 4, 17, 20, 0, 0).getTime();
    expect(snoozePresets(sunday)[2]!.until).toEqual(new Date(2026, 4, 18, 9, 0, 0));
  });

  it('checks a custom time: set, in the future, at most 90 days', () => {
    expect(snoozeUntilError('', NOW)).toBe('Pick a date and time.');
    expect(snoozeUntilError('2026-05-13T15:00', NOW)).toBe('Pick a time in the future.');
    expect(snoozeUntilError('2026-05-14T09:00', NOW)).toBeNull();
    expect(snoozeUntilError('2026-09-01T09:00', NOW)).toMatch(/90 days/);
    expect(snoozeUntilError('not a date', NOW)).toBe('That is not a date and time.');
  });
});
