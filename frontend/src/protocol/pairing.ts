import { B64u } from './b64u';
import { concatBytes, randomBytes, utf8, type Bytes } from './bytes';
import { canonicalJsonBytes } from './canonicalJson';
import { Labels, labelled } from './labels';
import {
  aes256Ctr,
  hkdfSha256,
  hmacSha256,
  hmacSha256Verify,
  importX25519Private,
  KEY_LENGTH,
  pbkdf2Sha256,
  publicKeyOfExtractablePrivate,
  x25519,
} from './primitives';
import { ProtocolError } from './protocolError';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

const PAIRING_SALT_LENGTH = 32;
const PBKDF2_ITERATIONS = 100_000;
const IV_LENGTH = 16;
const SEALED_LENGTH = IV_LENGTH + KEY_LENGTH;
const MASK_BIT = 0x80;

/** The 40-bit code the new device shows and the owner types on the primary (protocol §6.2). */
export const PairingCode = {
  generate(): string {
    // 32 symbols divide 256, so taking 5 bits of each random byte is unbiased.
    return Array.from(randomBytes(CODE_LENGTH), (byte) => CODE_ALPHABET[byte & 31]).join('');
  },

  /** `XXXX-XXXX`, for display. */
  format(code: string): string {
    const normalized = PairingCode.normalize(code);
    return `${normalized.slice(0, 4)}-${normalized.slice(4)}`;
  },

  /** Upper-cases, drops dashes and spaces, and throws unless 8 symbols of the alphabet remain. */
  normalize(input: string): string {
    const normalized = input.toUpperCase().replace(/[-\s]/g, '');
    if (!CODE_PATTERN.test(normalized)) {
      const rule = 'a pairing code is 8 characters from 2-9 and A-Z without I and O';
      throw new ProtocolError('invalid-pairing-code', rule);
    }
    return normalized;
  },
} as const;

export function generatePairingSalt(): Bytes {
  return randomBytes(PAIRING_SALT_LENGTH);
}

/** PK = PBKDF2(code, salt, 100000, 32 bytes); the key that encrypts both ephemeral public keys. */
export async function pairingPasswordKey(code: string, salt: Bytes): Promise<Bytes> {
  if (salt.length !== PAIRING_SALT_LENGTH) throw new ProtocolError('invalid-length', 'salt must be 32 bytes');
  return pbkdf2Sha256(utf8(PairingCode.normalize(code)), salt, PBKDF2_ITERATIONS, KEY_LENGTH);
}

export interface EphemeralKeyPair {
  privateKey: CryptoKey;
  /** Raw 32-byte X25519 public key. */
  publicKey: Bytes;
}

export async function generateEphemeralKeyPair(): Promise<EphemeralKeyPair> {
  const pair = (await globalThis.crypto.subtle.generateKey('X25519', false, ['deriveBits'])) as CryptoKeyPair;
  return {
    privateKey: pair.privateKey,
    publicKey: new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey)),
  };
}

/** Fixed ephemeral key from a raw private scalar: for tests and golden vectors only. */
export async function ephemeralKeyPairFromPrivate(privateKey: Bytes): Promise<EphemeralKeyPair> {
  return {
    privateKey: await importX25519Private(privateKey),
    publicKey: await publicKeyOfExtractablePrivate(await importX25519Private(privateKey, true)),
  };
}

/** Fixed iv and mask bit, so tests and golden vectors are reproducible; production leaves them random. */
export interface SealParameters {
  iv: Bytes;
  mask: boolean;
}

/**
 * `iv || AES-CTR(PK, iv, E')`. E' has its always-zero top bit set at random: otherwise a guessed
 * code whose decryption shows that bit set could be ruled out offline.
 */
export async function sealEphemeral(
  passwordKey: Bytes,
  ephemeralPublicKey: Bytes,
  parameters: SealParameters = { iv: randomBytes(IV_LENGTH), mask: (randomBytes(1)[0]! & 1) === 1 },
): Promise<Bytes> {
  if (ephemeralPublicKey.length !== KEY_LENGTH) throw new ProtocolError('invalid-length', 'key must be 32 bytes');
  if (parameters.iv.length !== IV_LENGTH) throw new ProtocolError('invalid-length', 'iv must be 16 bytes');
  const masked = ephemeralPublicKey.slice();
  masked[KEY_LENGTH - 1] = (masked[KEY_LENGTH - 1]! & ~MASK_BIT) | (parameters.mask ? MASK_BIT : 0);
  return concatBytes(parameters.iv, await aes256Ctr(passwordKey, parameters.iv, masked));
}

/** Decrypts a sealed ephemeral public key and clears the mask bit. */
export async function openEphemeral(passwordKey: Bytes, sealed: Bytes): Promise<Bytes> {
  if (sealed.length !== SEALED_LENGTH) throw new ProtocolError('invalid-length', 'sealed key must be 48 bytes');
  const key = await aes256Ctr(passwordKey, sealed.slice(0, IV_LENGTH), sealed.slice(IV_LENGTH));
  key[KEY_LENGTH - 1]! &= ~MASK_BIT;
  return key;
}

/** LK = HKDF(X25519(own, other), salt, "switchboard/pairing/v1" || 0x00 || ref, 32 bytes). */
export async function pairingLinkKey(
  ownEphemeralPrivateKey: CryptoKey,
  otherEphemeralPublicKey: Bytes,
  salt: Bytes,
  ref: string,
): Promise<Bytes> {
  const shared = await x25519(ownEphemeralPrivateKey, otherEphemeralPublicKey);
  return hkdfSha256(shared, salt, labelled(Labels.PAIRING, utf8(ref)), KEY_LENGTH);
}

/** What the new device's confirmation binds; keys and pake messages are b64u as on the wire. */
export interface PairingConfirmFields {
  ref: string;
  account: string;
  deviceId: string;
  signingKey: string;
  agreementKey: string;
  pake1: string;
  pake2: string;
}

function confirmMessage(fields: PairingConfirmFields): Bytes {
  const { ref, account, deviceId, signingKey, agreementKey, pake1, pake2 } = fields;
  return labelled(
    Labels.PAIRING_CONFIRM,
    canonicalJsonBytes({ ref, account, deviceId, signingKey, agreementKey, pake1, pake2 }),
  );
}

export async function pairingConfirm(linkKey: Bytes, fields: PairingConfirmFields): Promise<string> {
  return B64u.encode(await hmacSha256(linkKey, confirmMessage(fields)));
}

/** The primary's check; a mismatch means the owner typed a different code than the device shows. */
export async function verifyPairingConfirm(
  linkKey: Bytes,
  fields: PairingConfirmFields,
  confirm: string,
): Promise<boolean> {
  let mac: Bytes;
  try {
    mac = B64u.decode(confirm);
  } catch {
    return false;
  }
  return hmacSha256Verify(linkKey, confirmMessage(fields), mac);
}
