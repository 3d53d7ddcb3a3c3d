// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/lib/api')>()),
  api: { get: vi.fn(async () => ({})) },
}));

import { connectEvents } from '../../src/lib/events';

/** A WebSocket the test opens and closes by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  close() {
    this.readyState = 3;
  }
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
}

describe('the event connection', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('tells pages of every connect, the first included, and of reconnects only after a drop', async () => {
    const connected = vi.fn();
    const reconnected = vi.fn();
    const connection = connectEvents({ onConnected: connected, onReconnected: reconnected });

    FakeSocket.all[0].open();
    expect(connected).toHaveBeenCalledTimes(1);
    expect(reconnected).not.toHaveBeenCalled();

    FakeSocket.all[0].drop();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(connected).toHaveBeenCalledTimes(2);
    expect(reconnected).toHaveBeenCalledTimes(1);
    connection.close();
  });

  it('asks for batches on every connect and hands each change of a batch to the page as a single frame', () => {
    const routing = vi.fn();
    const connection = connectEvents({ onRouting: routing });
    FakeSocket.all[0].open();
    expect(FakeSocket.all[0].sent.map((frame) => JSON.parse(frame))).toEqual([{ type: 'subscribe', to: 'batches' }]);

    const first = { id: 'c1', status: 'open' };
    const second = { id: 'c2', status: 'resolved' };
    const agent = { deviceId: 'd1', load: 2 };
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ type: 'conversations', conversations: [first, second] }) });
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ type: 'agents', agents: [agent] }) });
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ type: 'conversation', conversation: first }) });

    expect(routing.mock.calls).toEqual([
      [{ type: 'conversation', conversation: first }],
      [{ type: 'conversation', conversation: second }],
      [{ type: 'agent', agent }],
      [{ type: 'conversation', conversation: first }],
    ]);
    connection.close();
  });

  it('hands both board frames, whole and patch, to the page as they came', () => {
    const board = vi.fn();
    const connection = connectEvents({ onBoard: board });
    FakeSocket.all[0].open();
    const whole = { type: 'board', version: 3, board: { generatedAt: 'x' } };
    const patch = { type: 'board-patch', from: 3, version: 4, generatedAt: 'y', removedConversations: ['c1'] };
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify(whole) });
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify(patch) });
    expect(board.mock.calls).toEqual([[whole], [patch]]);
    connection.close();
  });

  it("hands a remote chat's push to the page with the chat's id", () => {
    const remoteChat = vi.fn();
    const connection = connectEvents({ onRemoteChat: remoteChat });
    FakeSocket.all[0].open();
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ type: 'remote-chat', id: 'chat-1' }) });
    expect(remoteChat).toHaveBeenCalledWith('chat-1');
    connection.close();
  });
});
