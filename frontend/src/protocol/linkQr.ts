import { B64u } from './b64u';
import type { Bytes } from './bytes';
import { KEY_LENGTH } from './primitives';
import { ProtocolError } from './protocolError';

const PREFIX = 'SWB1';

/** The QR text of protocol §6.1; the link secret travels only through it, never via the server. */
export interface LinkQr {
  ref: string;
  signingKey: Bytes;
  agreementKey: Bytes;
  linkSecret: Bytes;
}

export function formatLinkQr(qr: LinkQr): string {
  const keys = [qr.signingKey, qr.agreementKey, qr.linkSecret].map(B64u.encode);
  return [PREFIX, qr.ref, ...keys].join(':');
}

export function parseLinkQr(text: string): LinkQr {
  const parts = text.trim().split(':');
  if (parts.length !== 5 || parts[0] !== PREFIX || parts[1] === '') {
    throw new ProtocolError('invalid-link-qr', 'not a Switchboard link code');
  }
  try {
    return {
      ref: parts[1]!,
      signingKey: B64u.decodeExact(parts[2]!, KEY_LENGTH),
      agreementKey: B64u.decodeExact(parts[3]!, KEY_LENGTH),
      linkSecret: B64u.decodeExact(parts[4]!, KEY_LENGTH),
    };
  } catch {
    throw new ProtocolError('invalid-link-qr', 'a key in the link code is not b64u of 32 bytes');
  }
}
