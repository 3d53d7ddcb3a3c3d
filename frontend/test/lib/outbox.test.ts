import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api';
import { isTransientSendFailure, Outbox, type OutboxEntry } from '../../src/lib/outbox';

/** An outbox whose deliveries the test answers one by one. */
function harness() {
  const calls: Array<{ entry: OutboxEntry<string>; resolve: () => void; reject: (error: unknown) => void }> = [];
  let id = 0;
  const outbox = new Outbox<string>({
    newClientMessageId: () => `id-${++id}`,
    now: () => 1000,
    deliver: (entry) => new Promise<void>((resolve, reject) => calls.push({ entry, resolve, reject })),
  });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { outbox, calls, tick };
}

const offline = new ApiError(0, 'http_0', 'The server could not be reached.');
const refused = new ApiError(400, 'message_too_long', 'The message is too long.');

afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox', () => {
  it('sends at once and forgets the message once stored', async () => {
    const { outbox, calls, tick } = harness();
    const entry = outbox.add('c1', 'text', 'Hello');
    expect(outbox.entries('c1').map((e) => e.state)).toEqual(['sending']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.entry.clientMessageId).toBe(entry.clientMessageId);
    calls[0]!.resolve();
    await tick();
    expect(outbox.entries()).toEqual([]);
  });

  it('keeps a message typed offline waiting and sends it on resume with the same client message id', async () => {
    const { outbox, calls, tick } = harness();
    outbox.add('c1', 'text', 'typed offline');
    calls[0]!.reject(offline);
    await tick();
    expect(outbox.entries()[0]).toMatchObject({ state: 'waiting', error: 'The server could not be reached.' });
    void outbox.resume();
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.entry.clientMessageId).toBe(calls[0]!.entry.clientMessageId);
    calls[1]!.resolve();
    await tick();
    expect(outbox.entries()).toEqual([]);
  });

  it('tries a waiting message again by itself after a pause, even when no reconnect is noticed', async () => {
    vi.useFakeTimers();
    const { outbox, calls } = harness();
    outbox.add('c1', 'text', 'typed offline');
    calls[0]!.reject(offline);
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.entries()[0]!.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.entry.clientMessageId).toBe(calls[0]!.entry.clientMessageId);
    // the pause grows while it keeps failing
    calls[1]!.reject(offline);
    await vi.advanceTimersByTimeAsync(5999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
  });

  it('retries after the device lists changed again, as for a lost connection', async () => {
    const { outbox, calls, tick } = harness();
    outbox.add('c1', 'text', 'hi');
    calls[0]!.reject(new ApiError(409, 'device_list_mismatch', 'The device lists changed.'));
    await tick();
    expect(outbox.entries()[0]!.state).toBe('waiting');
    void outbox.retryNow('id-1');
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.entry.clientMessageId).toBe('id-1');
  });

  it('marks a refused message failed, keeps the ones after it waiting, and lets it be tried again by hand', async () => {
    const { outbox, calls, tick } = harness();
    outbox.add('c1', 'text', 'first');
    outbox.add('c1', 'text', 'second');
    expect(calls).toHaveLength(1); // one at a time, in order
    calls[0]!.reject(refused);
    await tick();
    expect(outbox.entries().map((e) => [e.text, e.state])).toEqual([
      ['first', 'failed'],
      ['second', 'waiting'],
    ]);
    void outbox.resume(); // a reconnect does not resend a refused message, nor jump the queue
    await tick();
    expect(calls).toHaveLength(1);
    void outbox.retryNow('id-1');
    await tick();
    expect(calls[1]!.entry).toMatchObject({ clientMessageId: 'id-1', text: 'first', attempts: 2 });
    calls[1]!.resolve();
    await tick();
    expect(calls[2]!.entry).toMatchObject({ clientMessageId: 'id-2', text: 'second' });
  });

  it('gives the same text written again a new client message id', async () => {
    const { outbox, calls, tick } = harness();
    outbox.add('c1', 'text', 'same');
    calls[0]!.reject(refused);
    await tick();
    outbox.discard('id-1');
    outbox.add('c1', 'text', 'same');
    await tick();
    expect(calls.map((call) => call.entry.clientMessageId)).toEqual(['id-1', 'id-2']);
  });

  it('sends conversations independently of each other', async () => {
    const { outbox, calls } = harness();
    outbox.add('c1', 'text', 'a');
    outbox.add('c2', 'text', 'b');
    expect(calls.map((call) => call.entry.conversation)).toEqual(['c1', 'c2']);
  });

  it('shows an upload\u2019s progress on the entry', async () => {
    let report: (text: string | null) => void = () => undefined;
    const outbox = new Outbox<string>({ newClientMessageId: () => 'x', deliver: (_entry, progress) => ((report = progress), new Promise(() => undefined)) });
    outbox.add('c1', 'image', 'caption', { payload: 'file', attachmentName: 'parcel.png' });
    report('Uploading\u2026 40%');
    expect(outbox.entries()[0]).toMatchObject({ progress: 'Uploading\u2026 40%', attachmentName: 'parcel.png', payload: 'file' });
  });
});

describe('isTransientSendFailure', () => {
  it('waits on the network, the server being away and list races; asks on refusals', () => {
    expect(isTransientSendFailure(offline)).toBe(true);
    expect(isTransientSendFailure(new ApiError(503, 'http_503', 'away'))).toBe(true);
    expect(isTransientSendFailure(new ApiError(410, 'device_list_stale', 'stale'))).toBe(true);
    expect(isTransientSendFailure(refused)).toBe(false);
    expect(isTransientSendFailure(new Error('The server asks to encrypt for devices that no signed device list contains'))).toBe(false);
  });
});
