import { describe, expect, it, vi } from 'vitest';
import { createBoardStore, type BoardDeps } from '../../src/board/store';
import { ApiError } from '../../src/lib/api';
import type { LocalMessage } from '../../src/lib/messageStore';
import type { Board } from '../../src/lib/board';
import { at, boardOf, fakeServer, row, summary, T0 } from './fixtures';

const whole = (version: number, board: Board) => ({ type: 'board', version, board });
const patch = (from: number, version: number, changes: object) => ({ type: 'board-patch', from, version, generatedAt: at(version), ...changes });

const message = (seq: number, text: string): LocalMessage =>
  ({ seq, conversation: 'c1', kind: 'text', text, sender: 'customer-device', senderName: null, sentAt: T0 / 1000, status: 'ok' }) as unknown as LocalMessage;

function setup(initial = boardOf([row()]), extra: Partial<BoardDeps> = {}) {
  const server = fakeServer(initial);
  const reader = {
    deviceId: 'sup1',
    conversation: vi.fn(async () => ({})),
    messages: vi.fn(async () => [message(1, 'Hello?')]),
    receipt: () => undefined,
    sendNote: vi.fn(async () => ({})),
    sendWhisper: vi.fn(async () => ({})),
    markRead: vi.fn(),
  };
  const alerts: string[] = [];
  const store = createBoardStore({ http: server.http, isLoggedOut: () => false, reader, onAlert: (_alert, text) => alerts.push(text), storage: null, ...extra });
  store.now.value = T0;
  return { store, server, reader, alerts };
}

describe('the board store', () => {
  it('reads the board once, the names of its conversations, and each team’s thresholds', async () => {
    const { store, server } = setup();
    await store.start();
    await vi.waitFor(() => expect(store.thresholds.value.get('t1')).toMatchObject({ waitWarningSeconds: 60 }));
    expect(store.floor.value.map((state) => state.name)).toEqual(['Carla']);
    expect(server.state.calls.filter((call) => call === '/api/supervision/board')).toHaveLength(1);
  });

  it('follows pushed frames and ignores an older board arriving late', async () => {
    const { store } = setup();
    await store.start();
    store.onBoardFrame(whole(1, boardOf([row(), row({ id: 'c2', queuedAt: at(5) })], at(10))));
    expect(store.overall.value?.waiting).toBe(2);
    // A slow answer to GET, and an older whole board, after a newer frame
    store.applyBoard(boardOf([row()], at(20)));
    store.onBoardFrame(whole(0, boardOf([row()], at(5))));
    expect(store.overall.value?.waiting).toBe(2);
  });

  it('applies patches to the board they start from: changed, added and removed rows, the counters, in queue order', async () => {
    const { store } = setup();
    await store.start();
    store.onBoardFrame(whole(4, boardOf([row(), row({ id: 'c2', queuedAt: at(5) }), row({ id: 'c3', queuedAt: at(7) })], at(10))));
    store.onBoardFrame({
      type: 'board-patch', from: 4, version: 5, generatedAt: at(11),
      overall: summary({ waiting: 2, open: 1 }),
      teams: [{ teamId: 't1', name: 'Sales', summary: summary({ waiting: 2, open: 1 }) }],
      conversations: [row({ id: 'c3', assigneeDeviceId: 'a1', assignedAt: at(11) }), row({ id: 'c0', priority: 2, queuedAt: at(9) })],
      removedConversations: ['c2'],
      agents: [{ ...boardOf([]).agents[0], load: 2 }],
    });
    expect(store.board.value?.conversations.map((c) => [c.id, c.assigneeDeviceId])).toEqual([['c0', null], ['c1', null], ['c3', 'a1']]);
    expect(store.board.value?.overall.open).toBe(1);
    expect(store.teams.value[0].summary.open).toBe(1);
    expect(store.agents.value[0].load).toBe(2);
    expect(store.board.value?.generatedAt).toBe(at(11));
  });

  it('on a missed patch asks once for the whole board, applies nothing meanwhile, and follows patches again after it', async () => {
    const requestBoard = vi.fn();
    const { store } = setup(boardOf([row()]), { requestBoard });
    await store.start();
    store.onBoardFrame(whole(1, boardOf([row()], at(1))));
    // 1 → 2 is lost
    store.onBoardFrame(patch(2, 3, { conversations: [row({ id: 'c2' })] }));
    store.onBoardFrame(patch(3, 4, { removedConversations: ['c1'] }));
    expect(store.board.value?.conversations.map((c) => c.id)).toEqual(['c1']);
    expect(requestBoard).toHaveBeenCalledTimes(1);
    store.onBoardFrame(whole(5, boardOf([row({ id: 'c2' })], at(5))));
    store.onBoardFrame(patch(5, 6, { conversations: [row({ id: 'c4', queuedAt: at(6) })] }));
    expect(store.board.value?.conversations.map((c) => c.id)).toEqual(['c2', 'c4']);
    // a later gap asks again
    store.onBoardFrame(patch(7, 8, {}));
    expect(requestBoard).toHaveBeenCalledTimes(2);
  });

  it('never shows a board the server did not compute when frames come out of order', async () => {
    const requestBoard = vi.fn();
    const { store } = setup(boardOf([row()]), { requestBoard });
    await store.start();
    store.onBoardFrame(whole(1, boardOf([row()], at(1))));
    store.onBoardFrame(patch(2, 3, { removedConversations: ['c1'] }));
    store.onBoardFrame(patch(1, 2, { conversations: [row({ id: 'c2', queuedAt: at(2) })] }));
    // board 2 exactly: 2 → 3 was dropped, not applied on top of board 1
    expect(store.board.value?.conversations.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(requestBoard).toHaveBeenCalledTimes(1);
    store.onBoardFrame(whole(3, boardOf([row({ id: 'c2', queuedAt: at(2) })], at(3))));
    expect(store.board.value?.conversations.map((c) => c.id)).toEqual(['c2']);
  });

  it('after a reconnect takes the new connection’s whole board, whatever its version', async () => {
    const { store } = setup();
    await store.start();
    store.onBoardFrame(whole(9, boardOf([row()], at(1))));
    await store.reconnected();
    store.onBoardFrame(patch(9, 10, { removedConversations: ['c1'] }));
    expect(store.board.value?.conversations).toHaveLength(1);
    store.onBoardFrame(whole(2, boardOf([row({ id: 'c7' })], at(2))));
    expect(store.board.value?.conversations.map((c) => c.id)).toEqual(['c7']);
  });

  it('says a non-supervisor may not see the board', async () => {
    const { store, server } = setup();
    server.state.boardStatus = 403;
    await store.start();
    expect(store.pageError.value).toContain('supervisors');
    expect(store.loaded.value).toBe(false);
  });

  it('flips SLA counts as time passes and rings an alert once when a wait crosses its threshold', async () => {
    const { store, alerts } = setup(boardOf([row({ assigneeDeviceId: 'a1', queuedAt: at(0), slas: [{ target: 'first_response', targetSeconds: 300, state: 'ok', warnAt: at(240), dueAt: at(300) }] }), row({ id: 'c2' })]));
    store.setNotify(true);
    await store.start();
    await vi.waitFor(() => expect(store.thresholds.value.size).toBe(1));
    store.tick(T0 + 30_000);
    expect(store.alerts.value).toEqual([]);
    store.tick(T0 + 61_000);
    expect(store.alerts.value.map((alert) => alert.key)).toEqual(['c2:wait:warning']);
    store.tick(T0 + 62_000);
    expect(alerts).toHaveLength(1);
    store.tick(T0 + 301_000);
    expect(store.overall.value?.slaBreached).toBe(1);
    expect(store.teams.value[0]?.summary.slaBreached).toBe(1);
    expect(alerts.length).toBe(3); // c1's SLA breached, c2's wait critical
  });

  it('does not ring alerts that were already there when the page opened, nor when alerts are off', async () => {
    const { store, alerts } = setup(boardOf([row({ queuedAt: at(-400) })]));
    store.setNotify(true);
    await store.start();
    store.tick(T0 + 1000);
    expect(store.alerts.value).toHaveLength(1);
    expect(alerts).toEqual([]);
    store.setNotify(false);
    store.applyBoard(boardOf([row({ queuedAt: at(-400) }), row({ id: 'c3', queuedAt: at(-400) })], at(20)));
    expect(store.alerts.value).toHaveLength(2);
    expect(alerts).toEqual([]);
  });

  it('rings a burst of crossings as one summary', async () => {
    const { store, alerts } = setup(boardOf(['c1', 'c2', 'c3', 'c4'].map((id) => row({ id }))));
    store.setNotify(true);
    await store.start();
    store.tick(T0 + 61_000);
    expect(store.alerts.value).toHaveLength(4);
    expect(alerts).toEqual(['4 new alerts on the board.']);
  });

  it('keeps the waiting count of every frame for the sparkline', async () => {
    const { store } = setup();
    await store.start();
    store.now.value = T0 + 5000;
    store.applyBoard(boardOf([row(), row({ id: 'c2' }), row({ id: 'c3' })], at(5)));
    expect(store.samples.value.map((sample) => sample.waiting)).toEqual([1, 3]);
  });

  it('opens a conversation silently: reads it on this device and sends nothing back', async () => {
    const { store, reader, server } = setup();
    await store.start();
    const before = server.state.calls.length;
    await store.open('c1');
    expect(reader.conversation).toHaveBeenCalledWith('c1', { force: true });
    expect(store.openedEntries.value.map((entry) => entry.text)).toEqual(['Hello?']);
    expect(reader.markRead).not.toHaveBeenCalled();
    expect(server.state.calls.slice(before)).toEqual([]);
    reader.messages.mockResolvedValueOnce([message(1, 'Hello?'), message(2, 'Anyone?')]);
    await store.reloadOpened();
    expect(store.openedEntries.value).toHaveLength(2);
    store.close();
    expect(store.opened.value).toBeNull();
  });

  it('reassigns the opened conversation with the note for the next agent sent first, and shows a refusal', async () => {
    const { store, reader, server } = setup();
    await store.start();
    await store.open('c1');
    const order: string[] = [];
    reader.sendNote.mockImplementation(async () => order.push('note'));
    const before = server.state.calls.length;
    expect(await store.moveWithNote('assign', { deviceId: 'a1' }, 'VIP, be quick')).toBeNull();
    order.push(...server.state.calls.slice(before));
    expect(order).toEqual(['note', 'POST /api/conversations/c1/assign {"deviceId":"a1"}']);
    expect(reader.sendNote).toHaveBeenCalledWith('c1', 'VIP, be quick');
    expect(store.routing.value.get('c1')?.assignee?.deviceId).toBe('a1');
    server.state.refuse = new ApiError(409, 'agent_at_capacity', 'Ana is at capacity.');
    expect(await store.runAction('assign', { deviceId: 'a1' })).toBe('Ana is at capacity.');
    expect(store.actionError.value).toBe('Ana is at capacity.');
  });

  it('says why a conversation could not be opened', async () => {
    const { store, reader } = setup();
    reader.conversation.mockRejectedValueOnce(new ApiError(403, 'team_out_of_scope', 'Not your team.'));
    await store.open('c1');
    expect(store.openedError.value).toContain('Not your team.');
  });

  it('whispers to the opened conversation through the reader, never when nothing is open', async () => {
    const { store, reader } = setup();
    await store.start();
    expect(await store.whisper('psst')).not.toBeNull();
    expect(reader.sendWhisper).not.toHaveBeenCalled();
    await store.open('c1');
    expect(await store.whisper('Offer the refund')).toBeNull();
    expect(reader.sendWhisper).toHaveBeenCalledWith('c1', 'Offer the refund');
    reader.sendWhisper.mockRejectedValueOnce(new Error('offline'));
    expect(await store.whisper('again')).toContain('offline');
  });

  it('takes over the opened conversation and changes an agent from the board', async () => {
    const { store, server } = setup();
    await store.start();
    await store.open('c1');
    expect(await store.takeOver()).toBeNull();
    expect(server.state.calls).toContain('POST /api/conversations/c1/take-over null');
    expect(await store.changeAgent({ deviceId: 'a1', person: 'Ana' }, { status: 'away' })).toBeNull();
    expect(await store.changeAgent({ deviceId: 'a1', person: 'Ana' }, { capacity: 6 })).toBeNull();
    expect(server.state.calls).toEqual(expect.arrayContaining(['PUT /api/agents/a1/status', 'PUT /api/agents/a1/capacity']));
    server.state.refuse = new ApiError(403, 'team_out_of_scope', 'You supervise other teams.');
    expect(await store.changeAgent({ deviceId: 'a1', person: 'Ana' }, { status: 'available' })).toContain('You supervise other teams.');
    expect(store.agentError.value).toContain('Ana');
  });
});
