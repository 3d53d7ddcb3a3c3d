// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ method: string; path: string; body?: unknown }> = [];
const answers = new Map<string, unknown>();
vi.mock('../../src/lib/api', async (original) => {
  const actual = await original<typeof import('../../src/lib/api')>();
  const answer = (method: string) => async (path: string, body?: unknown) => {
    calls.push({ method, path, body });
    return answers.get(`${method} ${path}`);
  };
  return { ...actual, api: { get: answer('GET'), post: answer('POST'), put: answer('PUT'), delete: answer('DELETE') } };
});

const { InboxStore } = await import('../../src/inbox/store');
const { announceSettingsChange } = await import('../../src/lib/settingsChanges');
import type { Messenger } from '../../src/lib/messaging';
import type { ConversationRouting } from '../../src/lib/routingTypes';

const NOW = Date.now();
function queued(id: string): ConversationRouting {
  return {
    id, phone: '+351912345678', name: 'Maria', createdAt: new Date(NOW - 60_000).toISOString(), lastSeq: 1, status: 'open', teamId: null, topicId: null, priority: 0,
    queuedAt: new Date(NOW - 60_000).toISOString(), assignee: null, assignedAt: null, offerExpiresAt: null, reason: null, snoozedUntil: null, labels: [],
  };
}

/** A messenger that stores nothing and records what was sent. */
function fakeMessenger(sent: string[]): Messenger {
  const store = { getMeta: async () => 0, setMeta: async () => undefined, searchMessages: async () => [] };
  return {
    deviceId: 'me',
    store,
    messages: async () => [],
    knownReceipt: async () => undefined,
    receipt: () => undefined,
    conversation: async () => ({}),
    cached: () => undefined,
    markRead: async () => null,
    sendText: async (_conversation: string, text: string) => {
      sent.push(`send ${text}`);
      calls.push({ method: 'SEND', path: text });
      return {};
    },
  } as unknown as Messenger;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  calls.length = 0;
  answers.clear();
  answers.set('GET /api/conversations', [queued('c1')]);
  answers.set('GET /api/agents', []);
  answers.set('GET /api/teams', []);
  answers.set('GET /api/canned-replies', [{ shortcut: 'thanks', text: 'Thank you!' }]);
});

describe('InboxStore', () => {
  it('hears about canned replies added in Settings while the inbox is open', async () => {
    const store = new InboxStore(fakeMessenger([]), { myDeviceId: 'me', myPerson: 'Ana', supervisor: false, admin: false });
    await store.start();
    expect(store.cannedReplies.value.map((reply) => reply.shortcut)).toEqual(['thanks']);
    answers.set('GET /api/canned-replies', [{ shortcut: 'thanks', text: 'Thank you!' }, { shortcut: 'hours', text: 'We are open 9–17.' }]);
    announceSettingsChange('canned-replies');
    await settle();
    expect(store.cannedReplies.value.map((reply) => reply.shortcut)).toEqual(['thanks', 'hours']);
  });

  it('never sends a lone "/shortcut" that matches no canned reply to the customer', async () => {
    const sent: string[] = [];
    const store = new InboxStore(fakeMessenger(sent), { myDeviceId: 'me', myPerson: 'Ana', supervisor: false, admin: false });
    await store.start();
    expect(() => store.send('/ho', false, 'c1')).toThrow('/ho');
    await settle();
    expect(sent).toEqual([]);
    // a note may say anything
    store.send('/ho', true, 'c1');
    await settle();
    expect(sent).toEqual(['send /ho']);
  });

  it('claims a queued conversation before the reply goes out', async () => {
    const sent: string[] = [];
    answers.set('POST /api/conversations/c1/claim', { ...queued('c1'), queuedAt: null, assignee: { deviceId: 'me', person: 'Ana' } });
    const store = new InboxStore(fakeMessenger(sent), { myDeviceId: 'me', myPerson: 'Ana', supervisor: false, admin: false });
    await store.start();
    store.send('Hello Maria', false, 'c1');
    await settle();
    await settle();
    const order = calls.filter((call) => call.method === 'POST' || call.method === 'SEND').map((call) => `${call.method} ${call.path}`);
    expect(order).toEqual(['POST /api/conversations/c1/claim', 'SEND Hello Maria']);
    expect(store.conversation('c1')!.assignee?.deviceId).toBe('me');
  });

  it('does not claim for a private note', async () => {
    const store = new InboxStore(fakeMessenger([]), { myDeviceId: 'me', myPerson: 'Ana', supervisor: false, admin: false });
    await store.start();
    store.send('checking stock', true, 'c1');
    await settle();
    expect(calls.some((call) => call.path.endsWith('/claim'))).toBe(false);
  });

  it('treats a stall while the server is away as reconnecting, and a refusal as a reason', async () => {
    const { ApiError } = await import('../../src/lib/api');
    const store = new InboxStore(fakeMessenger([]), { myDeviceId: 'me', myPerson: 'Ana', supervisor: false, admin: false });
    store.onStalled(new ApiError(0, 'network_error', 'The server could not be reached.'));
    expect(store.connectionView.value).toBe('reconnecting');
    expect(store.stalledReason.value).toBeNull();
    store.onStalled(new Error('The business device list is not signed.'));
    expect(store.connectionView.value).toBe('stalled');
    store.onCaughtUp();
    expect(store.connectionView.value).toBe(store.connection.value);
  });
});
