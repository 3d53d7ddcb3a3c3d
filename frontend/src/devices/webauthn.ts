import type { Authenticator } from '../lib/passkeys';
import { B64u, type Bytes } from '../protocol';

/** The browser's WebAuthn as the passkey flow needs it: user verification is always required (protocol §7.1). */
export function browserAuthenticator(): Authenticator {
  const buffer = (b64u: string): ArrayBuffer => B64u.decode(b64u).slice().buffer as ArrayBuffer;
  const bytes = (data: ArrayBuffer): Bytes => new Uint8Array(data);
  return {
    available: () => typeof PublicKeyCredential !== 'undefined' && typeof navigator.credentials?.create === 'function',

    async create(options) {
      const credential = (await navigator.credentials.create({
        publicKey: {
          challenge: buffer(options.challenge),
          rp: { id: options.rpId, name: options.rpName },
          user: { id: buffer(options.userId), name: options.userName, displayName: options.userDisplayName },
          pubKeyCredParams: options.algorithms.map((alg) => ({ type: 'public-key' as const, alg })),
          excludeCredentials: options.excludeCredentials.map((id) => ({ type: 'public-key' as const, id: buffer(id) })),
          authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
          attestation: 'none',
          timeout: 120_000,
        },
      })) as PublicKeyCredential | null;
      if (!credential) throw new DOMException('no credential', 'NotAllowedError');
      const response = credential.response as AuthenticatorAttestationResponse;
      return {
        id: B64u.encode(bytes(credential.rawId)),
        clientDataJSON: bytes(response.clientDataJSON),
        attestationObject: bytes(response.attestationObject),
      };
    },

    async get(request) {
      const credential = (await navigator.credentials.get({
        publicKey: {
          challenge: request.challenge.slice().buffer as ArrayBuffer,
          rpId: request.rpId,
          allowCredentials: request.allowCredentials.map((id) => ({ type: 'public-key' as const, id: buffer(id) })),
          userVerification: 'required',
          timeout: 120_000,
        },
      })) as PublicKeyCredential | null;
      if (!credential) throw new DOMException('no credential', 'NotAllowedError');
      const response = credential.response as AuthenticatorAssertionResponse;
      return {
        id: B64u.encode(bytes(credential.rawId)),
        clientDataJSON: bytes(response.clientDataJSON),
        authenticatorData: bytes(response.authenticatorData),
        signature: bytes(response.signature),
      };
    },
  };
}
