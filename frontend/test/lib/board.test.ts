import { describe, expect, it } from 'vitest';
import {
  addSample,
  alertsAt,
  chatsByAgent,
  clockText,
  freshAlerts,
  liveSummary,
  loadFraction,
  parseBoard,
  parseBoardFrame,
  queueOrder,
  secondsSince,
  slaStateAt,
  sortAgents,
  sparklinePoints,
  sparklineSpan,
  waitAlertAt,
  type Board,
  type BoardAgent,
  type BoardConversation,
  type BoardSummary,
  type SlaClock,
} from '../../src/lib/board';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const summary = (overrides: Partial<BoardSummary> = {}): BoardSummary => ({
  waiting: 0, longestWaitSince: null, open: 0, agentsAvailable: 0, agentsAway: 0, agentsOffline: 0, slaAtRisk: 0, slaBreached: 0,
  offeredToday: 0, answeredInTimeToday: 0, serviceLevelToday: null, ...overrides,
});

const conversation = (overrides: Partial<BoardConversation> = {}): BoardConversation => ({
  id: 'c1', status: 'open', teamId: 't1', priority: 0, queuedAt: at(0), assigneeDeviceId: null, assignedAt: null, waitAlert: null, responseClock: null, slas: [], ...overrides,
});

const sla = (overrides: Partial<SlaClock> = {}): SlaClock => ({ target: 'first_response', targetSeconds: 300, state: 'ok', warnAt: at(240), dueAt: at(300), ...overrides });

const agent = (overrides: Partial<BoardAgent> = {}): BoardAgent => ({
  deviceId: 'a1', person: 'Ana', role: 'agent', status: 'available', presence: 'available', connections: 1, load: 0, capacity: 3, teamIds: ['t1'], lastAssignedAt: null, ...overrides,
});

const board = (conversations: BoardConversation[]): Board => ({ generatedAt: at(0), overall: summary(), teams: [], agents: [], conversations });

describe('the board on the wire', () => {
  it('takes a board and refuses what is not one', () => {
    expect(parseBoard({ generatedAt: at(0), overall: summary(), teams: [], agents: [], conversations: [{ id: 'c1' }] })?.conversations[0]?.slas).toEqual([]);
    expect(parseBoard({ type: 'board' })).toBeNull();
    expect(parseBoard(null)).toBeNull();
  });
});

describe('clocks tick from instants', () => {
  it('counts whole seconds since an instant and writes them as a clock', () => {
    expect(secondsSince(at(0), T0 + 65_900)).toBe(65);
    expect(secondsSince(null, T0)).toBeNull();
    expect(secondsSince(at(10), T0)).toBe(0);
    expect(clockText(65)).toBe('1:05');
    expect(clockText(3723)).toBe('1:02:03');
  });

  it('flips an SLA to at risk and breached when its instants pass, without a frame', () => {
    expect(slaStateAt(sla(), T0 + 239_000)).toBe('ok');
    expect(slaStateAt(sla(), T0 + 240_000)).toBe('at_risk');
    expect(slaStateAt(sla(), T0 + 300_000)).toBe('breached');
    expect(slaStateAt(sla({ state: 'breached' }), T0)).toBe('breached');
  });

  it('counts each conversation once by its worst clock, per team', () => {
    const rows = [
      conversation({ id: 'c1', slas: [sla(), sla({ target: 'resolution', warnAt: at(50), dueAt: at(100) })] }),
      conversation({ id: 'c2', slas: [sla()] }),
      conversation({ id: 'c3', teamId: 't2', slas: [sla()] }),
    ];
    const live = liveSummary(summary({ waiting: 3 }), rows, (row) => row.teamId === 't1', T0 + 250_000);
    expect(live).toMatchObject({ waiting: 3, slaBreached: 1, slaAtRisk: 1 });
  });
});

describe('alerts', () => {
  const thresholds = new Map([['t1', { waitWarningSeconds: 60, waitCriticalSeconds: 300 }]]);

  it('compares a wait with its team thresholds, and falls back to the frame without them', () => {
    const row = conversation();
    expect(waitAlertAt(row, thresholds.get('t1'), T0 + 59_000)).toBeNull();
    expect(waitAlertAt(row, thresholds.get('t1'), T0 + 60_000)).toBe('warning');
    expect(waitAlertAt(row, thresholds.get('t1'), T0 + 300_000)).toBe('critical');
    expect(waitAlertAt(conversation({ waitAlert: 'warning' }), undefined, T0)).toBe('warning');
    expect(waitAlertAt(conversation({ assigneeDeviceId: 'a1' }), thresholds.get('t1'), T0 + 900_000)).toBeNull();
  });

  it('lists waits and SLAs over their thresholds, critical first', () => {
    const rows = [conversation({ id: 'c1' }), conversation({ id: 'c2', assigneeDeviceId: 'a1', slas: [sla({ warnAt: at(10), dueAt: at(20) })] })];
    const alerts = alertsAt(board(rows), thresholds, T0 + 90_000);
    expect(alerts.map((alert) => [alert.conversationId, alert.kind, alert.level])).toEqual([
      ['c2', 'first_response', 'critical'],
      ['c1', 'wait', 'warning'],
    ]);
  });

  it('announces an alert once, and again after it ended and came back or got worse', () => {
    const announced = new Set<string>();
    const rows = [conversation()];
    expect(freshAlerts(alertsAt(board(rows), thresholds, T0 + 61_000), announced)).toHaveLength(1);
    expect(freshAlerts(alertsAt(board(rows), thresholds, T0 + 62_000), announced)).toHaveLength(0);
    expect(freshAlerts(alertsAt(board(rows), thresholds, T0 + 301_000), announced).map((alert) => alert.level)).toEqual(['critical']);
    expect(freshAlerts([], announced)).toHaveLength(0);
    expect(freshAlerts(alertsAt(board(rows), thresholds, T0 + 301_000), announced)).toHaveLength(1);
  });
});

describe('agents', () => {
  it('groups the chats by their agent in queue order, leaving out those waiting', () => {
    const chats = chatsByAgent(board([conversation({ id: 'c1', assigneeDeviceId: 'a1' }), conversation({ id: 'c2' }), conversation({ id: 'c3', assigneeDeviceId: 'a1' })]));
    expect(chats.get('a1')?.map((chat) => chat.id)).toEqual(['c1', 'c3']);
    expect([...chats.keys()]).toEqual(['a1']);
  });

  it('fills the load bar by open ÷ capacity, full when over', () => {
    expect(loadFraction({ load: 1, capacity: 4 })).toBe(0.25);
    expect(loadFraction({ load: 5, capacity: 4 })).toBe(1);
    expect(loadFraction({ load: 0, capacity: 0 })).toBe(0);
  });

  it('lists available agents first, then away, then offline', () => {
    const sorted = sortAgents([agent({ deviceId: 'x', person: 'Zoe', presence: 'offline' }), agent({ deviceId: 'y', person: 'Yan', presence: 'away' }), agent({ deviceId: 'z', person: 'Bea' })]);
    expect(sorted.map((row) => row.person)).toEqual(['Bea', 'Yan', 'Zoe']);
  });
});

describe('the waiting history', () => {
  it('keeps the window and the value that held at its edge, and collapses a flat run', () => {
    let samples = addSample([], { atMs: 0, waiting: 1 }, 1000);
    samples = addSample(samples, { atMs: 100, waiting: 2 }, 1000);
    samples = addSample(samples, { atMs: 200, waiting: 2 }, 1000);
    samples = addSample(samples, { atMs: 300, waiting: 2 }, 1000);
    expect(samples).toEqual([{ atMs: 0, waiting: 1 }, { atMs: 100, waiting: 2 }, { atMs: 300, waiting: 2 }]);
    samples = addSample(samples, { atMs: 1200, waiting: 0 }, 1000);
    expect(samples.map((sample) => sample.atMs)).toEqual([100, 300, 1200]);
  });

  it('draws a step line scaled to the most waiting, ending at now', () => {
    const points = sparklinePoints([{ atMs: 0, waiting: 0 }, { atMs: 500, waiting: 2 }], 1000, 100, 10, 1000);
    expect(points).toBe('0,10 50,10 50,0 100,0');
    expect(sparklinePoints([], 1000, 100, 10, 1000)).toBe('');
  });

  it('spans what the page has seen, in whole minutes from one to ten', () => {
    expect(sparklineSpan([], 0)).toBe(60_000);
    expect(sparklineSpan([{ atMs: 0, waiting: 1 }], 20_000)).toBe(60_000);
    expect(sparklineSpan([{ atMs: 0, waiting: 1 }], 150_000)).toBe(180_000);
    expect(sparklineSpan([{ atMs: 0, waiting: 1 }], 3_600_000)).toBe(600_000);
  });

  it('reads board and patch frames and orders the queue to the nanosecond, as the server does', () => {
    const one = conversation({ id: 'b', priority: 0, queuedAt: '2026-12-05T10:00:00.0001Z' });
    const two = conversation({ id: 'a', priority: 0, queuedAt: '2026-12-05T10:00:00.000012Z' });
    const three = conversation({ id: 'c', priority: 0, queuedAt: '2026-12-05T10:00:00Z' });
    const none = conversation({ id: '0', priority: 0, queuedAt: null });
    const urgent = conversation({ id: 'z', priority: 1, queuedAt: '2026-12-05T11:00:00Z' });
    expect([none, one, two, three, urgent].sort(queueOrder).map((row) => row.id)).toEqual(['z', 'c', 'a', 'b', '0']);

    const frame = parseBoardFrame({ type: 'board-patch', from: 3, version: 4, generatedAt: '2026-12-05T10:00:01Z', conversations: [one], removedAgents: ['x'] });
    expect(frame).toMatchObject({ kind: 'patch', patch: { from: 3, version: 4, overall: undefined, teams: undefined, removedAgents: ['x'], removedConversations: [], agents: [] } });
    expect(parseBoardFrame({ type: 'board', board: { generatedAt: 'x', overall: {}, teams: [], agents: [], conversations: [] } })).toBeNull();
    expect(parseBoardFrame({ type: 'board', version: 1, board: { generatedAt: 'x', overall: {}, teams: [], agents: [], conversations: [] } })?.kind).toBe('board');
  });
});
