import { t } from '../i18n';
import { B64u, passkeyApprovalChallenge, type Bytes, type PasskeyChange } from '../protocol';

/**
 * The owner's passkeys (protocol §7.1), the one copy of the flow: register one, approve one change with
 * one, remove one. The authenticator (WebAuthn in the browser, a fake in tests) is passed in. No DOM.
 */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PasskeysStatus {
  /** Whether a change needs an approval now (a passkey is registered, or the server requires one). */
  required: boolean;
  passkeys: PasskeyView[];
}

export interface RegistrationOptions {
  challenge: string;
  rpId: string;
  rpName: string;
  userId: string;
  userName: string;
  userDisplayName: string;
  algorithms: number[];
  excludeCredentials: string[];
  expiresAt: number;
}

export interface ApprovalChallenge {
  challenge: string;
  nonce: string;
  rpId: string;
  allowCredentials: string[];
  expiresAt: number;
}

export interface CreatedCredential {
  id: string;
  clientDataJSON: Bytes;
  attestationObject: Bytes;
}

export interface AssertionRequest {
  challenge: Bytes;
  rpId: string;
  allowCredentials: string[];
}

export interface MadeAssertion {
  id: string;
  clientDataJSON: Bytes;
  authenticatorData: Bytes;
  signature: Bytes;
}

/** `navigator.credentials` as the flow needs it; both calls must ask for user verification. */
export interface Authenticator {
  available(): boolean;
  create(options: RegistrationOptions): Promise<CreatedCredential>;
  get(request: AssertionRequest): Promise<MadeAssertion>;
}

/** The owner closed the prompt or the authenticator refused: nothing was sent. */
export class PasskeyCancelled extends Error {
  constructor() {
    super(t('devices:passkeys.cancelled'));
    this.name = 'PasskeyCancelled';
  }
}

/** The server's challenge is not the one this change needs: the page refuses to ask the authenticator. */
export class PasskeyChallengeMismatch extends Error {
  constructor() {
    super(t('devices:passkeys.mismatch'));
    this.name = 'PasskeyChallengeMismatch';
  }
}

export interface PasskeyHttp {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export interface PasskeyDeps {
  http: PasskeyHttp;
  /** The business number the challenge commits to. */
  account(): string;
  authenticator: Authenticator;
}

async function asked<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) throw new PasskeyCancelled();
    throw error;
  }
}

export function createPasskeys(deps: PasskeyDeps) {
  /**
   * Approves one change: asks the server for its challenge, recomputes it from the nonce (so the page knows the
   * authenticator signs exactly this change), asks the authenticator, and sends the assertion.
   */
  async function approve(change: PasskeyChange, subject: string): Promise<void> {
    const issued = await deps.http.post<ApprovalChallenge>('/api/passkeys/challenges', { change, subject });
    const expected = await passkeyApprovalChallenge(deps.account(), change, subject, issued.nonce);
    if (B64u.encode(expected) !== issued.challenge) throw new PasskeyChallengeMismatch();
    const assertion = await asked(() =>
      deps.authenticator.get({ challenge: expected, rpId: issued.rpId, allowCredentials: issued.allowCredentials }),
    );
    await deps.http.post('/api/passkeys/assertions', {
      challenge: issued.challenge,
      credentialId: assertion.id,
      clientDataJSON: B64u.encode(assertion.clientDataJSON),
      authenticatorData: B64u.encode(assertion.authenticatorData),
      signature: B64u.encode(assertion.signature),
    });
  }

  return {
    approve,

    status(): Promise<PasskeysStatus> {
      return deps.http.get<PasskeysStatus>('/api/passkeys');
    },

    /** Registers a passkey; a further one is approved by an existing passkey first (a second prompt). */
    async register(name: string, othersRegistered: boolean): Promise<PasskeyView> {
      const options = await deps.http.post<RegistrationOptions>('/api/passkeys/registrations');
      const created = await asked(() => deps.authenticator.create(options));
      if (othersRegistered) await approve('passkey-add', created.id);
      return deps.http.post<PasskeyView>('/api/passkeys', {
        challenge: options.challenge,
        clientDataJSON: B64u.encode(created.clientDataJSON),
        attestationObject: B64u.encode(created.attestationObject),
        name,
      });
    },

    async remove(id: string): Promise<void> {
      await approve('passkey-removal', id);
      await deps.http.delete(`/api/passkeys/${encodeURIComponent(id)}`);
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
