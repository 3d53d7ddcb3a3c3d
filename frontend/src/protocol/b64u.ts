import type { Bytes } from './bytes';
import { ProtocolError } from './protocolError';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

function encode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict: no padding, no whitespace, and unused trailing bits must be zero, so every byte string
 * has exactly one text form and comparing encodings is the same as comparing bytes.
 */
function decode(text: string): Bytes {
  if (!ALPHABET.test(text) || text.length % 4 === 1) {
    throw new ProtocolError('invalid-b64u', 'not unpadded base64url');
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (encode(bytes) !== text) throw new ProtocolError('invalid-b64u', 'non-canonical base64url');
  return bytes;
}

/** Decodes and insists on the length the protocol prescribes for this value (keys, signatures, ivs). */
function decodeExact(text: string, length: number): Bytes {
  const bytes = decode(text);
  if (bytes.length !== length) {
    throw new ProtocolError('invalid-b64u', `expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export const B64u = { encode, decode, decodeExact } as const;
