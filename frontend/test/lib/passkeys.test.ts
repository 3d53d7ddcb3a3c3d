import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api';
import { createPasskeys, PasskeyCancelled, PasskeyChallengeMismatch, type Authenticator, type PasskeyHttp } from '../../src/lib/passkeys';
import { B64u, passkeyApprovalChallenge } from '../../src/protocol';

const ACCOUNT = '+4915112345678';
const NONCE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

/** A server that issues challenges exactly as protocol §7.1 says (or a wrong one, when told) and records every call. */
function fakeServer(options: { wrongChallenge?: boolean } = {}) {
  const calls: Array<{ method: string; path: string; body?: any }> = [];
  const http = {
    get: vi.fn(async <T,>(path: string): Promise<T> => {
      calls.push({ method: 'GET', path });
      return { required: true, passkeys: [] } as T;
    }),
    post: vi.fn(async <T,>(path: string, body?: any): Promise<T> => {
      calls.push({ method: 'POST', path, body });
      if (path === '/api/passkeys/challenges') {
        const subject = options.wrongChallenge ? 'another-change' : body.subject;
        const challenge = B64u.encode(await passkeyApprovalChallenge(ACCOUNT, body.change, subject, NONCE));
        return { challenge, nonce: NONCE, rpId: 'localhost', allowCredentials: ['cred-1'], expiresAt: 0 } as T;
      }
      if (path === '/api/passkeys/registrations') {
        return { challenge: 'cmVn', rpId: 'localhost', rpName: 'Switchboard', userId: 'dXNlcg', userName: ACCOUNT, userDisplayName: 'Shop', algorithms: [-7], excludeCredentials: [], expiresAt: 0 } as T;
      }
      if (path === '/api/passkeys') return { id: 'cred-2', name: body.name, createdAt: '2026-12-05T00:00:00Z', lastUsedAt: null } as T;
      return undefined as T;
    }),
    delete: vi.fn(async <T,>(path: string): Promise<T> => {
      calls.push({ method: 'DELETE', path });
      return undefined as T;
    }),
  };
  return { calls, http };
}

function fakeAuthenticator(overrides: Partial<Authenticator> = {}): Authenticator {
  return {
    available: () => true,
    create: vi.fn(async () => ({ id: 'cred-2', clientDataJSON: new Uint8Array([1]), attestationObject: new Uint8Array([2]) })),
    get: vi.fn(async () => ({ id: 'cred-1', clientDataJSON: new Uint8Array([3]), authenticatorData: new Uint8Array([4]), signature: new Uint8Array([5]) })),
    ...overrides,
  };
}

describe('passkeys', () => {
  it('approves a change: the authenticator signs the challenge recomputed for exactly this change', async () => {
    const server = fakeServer();
    const authenticator = fakeAuthenticator();
    await createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator }).approve('list', 'subject-1');

    const expected = await passkeyApprovalChallenge(ACCOUNT, 'list', 'subject-1', NONCE);
    expect(authenticator.get).toHaveBeenCalledWith({ challenge: expected, rpId: 'localhost', allowCredentials: ['cred-1'] });
    expect(server.calls.map((call) => call.path)).toEqual(['/api/passkeys/challenges', '/api/passkeys/assertions']);
    expect(server.calls[1].body).toEqual({
      challenge: B64u.encode(expected),
      credentialId: 'cred-1',
      clientDataJSON: B64u.encode(new Uint8Array([3])),
      authenticatorData: B64u.encode(new Uint8Array([4])),
      signature: B64u.encode(new Uint8Array([5])),
    });
  });

  it('never asks the authenticator to sign a challenge for another change', async () => {
    const server = fakeServer({ wrongChallenge: true });
    const authenticator = fakeAuthenticator();
    await expect(createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator }).approve('link', 'subject-1')).rejects.toBeInstanceOf(
      PasskeyChallengeMismatch,
    );
    expect(authenticator.get).not.toHaveBeenCalled();
    expect(server.calls.map((call) => call.path)).toEqual(['/api/passkeys/challenges']);
  });

  it('says the passkey was not used when the owner closes the prompt, and sends nothing', async () => {
    const server = fakeServer();
    const authenticator = fakeAuthenticator({ get: vi.fn(async () => Promise.reject(new DOMException('closed', 'NotAllowedError'))) });
    await expect(createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator }).approve('list', 's')).rejects.toBeInstanceOf(
      PasskeyCancelled,
    );
    expect(server.calls.some((call) => call.path === '/api/passkeys/assertions')).toBe(false);
  });

  it('registers a first passkey with one prompt', async () => {
    const server = fakeServer();
    const authenticator = fakeAuthenticator();
    const added = await createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator }).register('Laptop', false);
    expect(added.name).toBe('Laptop');
    expect(authenticator.get).not.toHaveBeenCalled();
    expect(server.calls.map((call) => call.path)).toEqual(['/api/passkeys/registrations', '/api/passkeys']);
    expect(server.calls[1].body).toEqual({ challenge: 'cmVn', clientDataJSON: 'AQ', attestationObject: 'Ag', name: 'Laptop' });
  });

  it('has a further passkey approved by an existing one before it is registered', async () => {
    const server = fakeServer();
    const authenticator = fakeAuthenticator();
    await createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator }).register('Phone', true);
    expect(server.calls.map((call) => call.path)).toEqual([
      '/api/passkeys/registrations',
      '/api/passkeys/challenges',
      '/api/passkeys/assertions',
      '/api/passkeys',
    ]);
    expect(server.calls[1].body).toEqual({ change: 'passkey-add', subject: 'cred-2' });
  });

  it('removes a passkey only after approving its removal', async () => {
    const server = fakeServer();
    await createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator: fakeAuthenticator() }).remove('cred-1');
    expect(server.calls[0].body).toEqual({ change: 'passkey-removal', subject: 'cred-1' });
    expect(server.calls.at(-1)).toEqual({ method: 'DELETE', path: '/api/passkeys/cred-1' });
  });

  it('passes the server’s refusal of an assertion on', async () => {
    const server = fakeServer();
    server.http.post.mockImplementationOnce(async () => {
      throw new ApiError(409, 'passkey_not_registered', 'none');
    });
    await expect(createPasskeys({ http: server.http as unknown as PasskeyHttp, account: () => ACCOUNT, authenticator: fakeAuthenticator() }).approve('list', 's')).rejects.toMatchObject({
      code: 'passkey_not_registered',
    });
  });
});
