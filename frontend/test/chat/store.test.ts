// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const answers = new Map<string, unknown>();
const posted: Array<{ path: string; body: unknown }> = [];
vi.mock('../../src/lib/api', async (original) => {
  const actual = await original<typeof import('../../src/lib/api')>();
  return {
    ...actual,
    api: {
      get: async (path: string) => answers.get(`GET ${path}`),
      post: async (path: string, body?: unknown) => {
        posted.push({ path, body });
        const answer = answers.get(`POST ${path}`);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
});

const { ChatStore } = await import('../../src/chat/store');
const { ApiError } = await import('../../src/lib/api');
const { createLinkStore } = await import('../../src/link/store');
import type { LocalMessage } from '../../src/lib/messageStore';

function message(seq: number, side: 'customer' | 'business'): LocalMessage {
  return { device: 'd', conversation: 'c1', seq, clientMessageId: `m${seq}`, sender: side, side, senderName: null, kind: 'text', text: 'hi', status: 'received', sentAt: seq, storedAt: null };
}

beforeEach(() => {
  answers.clear();
  posted.length = 0;
  sessionStorage.clear();
});

describe('ChatStore sign-up', () => {
  it('asks for the international format before asking the server', async () => {
    const store = new ChatStore();
    await store.submitPhone('0151 1234', 'Maria');
    expect(store.fieldErrors.value.phone).toContain('+4915112345678');
    expect(posted).toEqual([]);
  });

  it('moves to the code step and remembers the verification for a reload', async () => {
    answers.set('POST /api/customers/verifications', { verificationId: 'v1', expiresAt: Math.floor(Date.now() / 1000) + 600 });
    const store = new ChatStore();
    await store.submitPhone('+4915112345678', 'Maria');
    expect(store.signupStep.value).toBe('code');
    expect(JSON.parse(sessionStorage.getItem('switchboard.chat.verification')!).verificationId).toBe('v1');
  });

  it('says how many tries are left after a wrong code', async () => {
    answers.set('POST /api/customers/verifications', { verificationId: 'v1', expiresAt: Math.floor(Date.now() / 1000) + 600 });
    answers.set('POST /api/customers/verifications/v1/confirm', new ApiError(400, 'verification_code_wrong', 'wrong', { attemptsLeft: 2 }));
    const store = new ChatStore();
    await store.submitPhone('+4915112345678', 'Maria');
    await store.submitCode('123456');
    expect(store.signupError.value).toEqual({ text: 'That code is not right. 2 tries left.', code: 'verification_code_wrong' });
    expect(store.signupStep.value).toBe('code');
  });
});

describe('ChatStore place in line', () => {
  it('says an agent joined only once the business answered, not when the router assigned', () => {
    const store = new ChatStore();
    store.queue.value = { conversation: 'c1', status: 'open', position: null, estimatedWaitSeconds: null, assigned: true };
    store.messages.value = [message(1, 'customer')];
    expect(store.queueView.value).toEqual({ kind: 'assigned', text: 'An agent will reply shortly' });
    store.messages.value = [message(1, 'customer'), message(2, 'business')];
    expect(store.queueView.value).toEqual({ kind: 'assigned', text: 'An agent has joined' });
  });

  it('shows the place in line while waiting', () => {
    const store = new ChatStore();
    store.queue.value = { conversation: 'c1', status: 'open', position: 1, estimatedWaitSeconds: null, assigned: false };
    expect(store.queueView.value).toMatchObject({ kind: 'waiting', position: 1 });
  });
});

describe('ChatStore linking this browser instead of signing up', () => {
  function linkStore() {
    return createLinkStore(
      {
        account: async () => ({ setUp: true, businessNumber: '+4915112345678', displayName: 'Acme' }),
        hasIdentity: async () => false,
        open: vi.fn(),
        status: vi.fn(),
        respond: vi.fn(),
        complete: vi.fn(),
        fingerprint: async () => '',
        nowMs: () => 0,
        sleep: async () => undefined,
        navigate: vi.fn(),
      },
      'customer',
    );
  }

  it('carries the number typed for sign-up over to the link form, and goes back to sign-up', async () => {
    const store = new ChatStore(linkStore);
    store.phase.value = 'signup';
    store.signupError.value = { text: 'exists', code: 'customer_exists' };
    store.startLinking(' +351912345678 ');
    expect(store.phase.value).toBe('link');
    expect(store.link.value!.accountNumber.value).toBe('+351912345678');
    expect(store.signupError.value).toBeNull();
    await vi.waitFor(() => expect(store.link.value!.phase.value).toBe('form'));

    store.backToSignUp();
    expect(store.phase.value).toBe('signup');
    expect(store.link.value).toBeNull();
  });
});

describe('ChatStore satisfaction rating', () => {
  function ratable() {
    const store = new ChatStore();
    store.conversation = 'c1';
    const messenger = { sendText: vi.fn(async () => ({})), messages: vi.fn(async () => []), markRead: vi.fn(async () => null) };
    store.messenger = messenger as unknown as NonNullable<typeof store.messenger>;
    return { store, messenger };
  }

  it('asks only once the conversation is resolved, and forgets it when it opens again', async () => {
    const { store } = ratable();
    answers.set('GET /api/conversations/c1/csat', { resolvedAt: '2026-12-05T10:00:00Z', rating: null });
    store.queue.value = { conversation: 'c1', status: 'open', position: null, estimatedWaitSeconds: null, assigned: true };
    await store.refreshCsat();
    expect(store.csat.value).toBeNull();
    store.queue.value = { conversation: 'c1', status: 'resolved', position: null, estimatedWaitSeconds: null, assigned: false };
    await store.refreshCsat();
    expect(store.csat.value).toEqual({ resolvedAt: '2026-12-05T10:00:00Z', rating: null });
    store.queue.value = { conversation: 'c1', status: 'open', position: 1, estimatedWaitSeconds: null, assigned: false };
    await store.refreshCsat();
    expect(store.csat.value).toBeNull();
  });

  it('sends the rating as metadata and the comment as an encrypted feedback message', async () => {
    const { store, messenger } = ratable();
    answers.set('POST /api/conversations/c1/csat', { resolvedAt: '2026-12-05T10:00:00Z', rating: 4 });
    await store.rate(4, '  Quick and kind  ');
    expect(posted).toEqual([{ path: '/api/conversations/c1/csat', body: { rating: 4 } }]);
    expect(messenger.sendText).toHaveBeenCalledWith('c1', 'Quick and kind', 'feedback');
    expect(store.csatThanks.value).toBe(true);
  });

  it('sends no message without a comment, and thanks when the rating was already given elsewhere', async () => {
    const { store, messenger } = ratable();
    answers.set('POST /api/conversations/c1/csat', new ApiError(409, 'csat_already_rated', 'rated'));
    await store.rate(2, '');
    expect(messenger.sendText).not.toHaveBeenCalled();
    expect(store.csatThanks.value).toBe(true);
    expect(store.csatError.value).toBeNull();
  });
});
