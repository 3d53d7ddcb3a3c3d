import { B64u } from './b64u';
import { concatBytes, type Bytes } from './bytes';
import { isCanonicalScalar, isPrimeOrderPoint } from './edwards25519';
import { ProtocolError } from './protocolError';

const subtle = globalThis.crypto.subtle;

// DER prefixes of a PKCS#8 OneAsymmetricKey holding a raw 32-byte private key (RFC 8410).
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const X25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

export const KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

function requireLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length) {
    throw new ProtocolError('invalid-length', `${what} must be ${length} bytes, got ${bytes.length}`);
  }
}

export async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle.digest('SHA-256', data));
}

function importHmacKey(key: Bytes, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function hmacSha256(key: Bytes, data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle.sign('HMAC', await importHmacKey(key, 'sign'), data));
}

/** WebCrypto's verify compares in constant time, unlike comparing two computed MACs in script. */
export async function hmacSha256Verify(key: Bytes, data: Bytes, mac: Bytes): Promise<boolean> {
  return subtle.verify('HMAC', await importHmacKey(key, 'verify'), mac, data);
}

const HKDF_MAX_LENGTH = 255 * 32;

/** RFC 5869 allows at most 255 blocks of output; a longer request is refused, as in the Java wrapper. */
export async function hkdfSha256(ikm: Bytes, salt: Bytes, info: Bytes, length: number): Promise<Bytes> {
  if (!Number.isInteger(length) || length < 0 || length > HKDF_MAX_LENGTH) {
    throw new ProtocolError('invalid-length', `HKDF-SHA256 output must be 0–${HKDF_MAX_LENGTH} bytes`);
  }
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, length * 8);
  return new Uint8Array(bits);
}

export async function pbkdf2Sha256(
  password: Bytes,
  salt: Bytes,
  iterations: number,
  length: number,
): Promise<Bytes> {
  const key = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** AES-256-CTR; the IV is the whole initial counter block, incremented as one 128-bit integer. */
export async function aes256Ctr(key: Bytes, iv: Bytes, data: Bytes): Promise<Bytes> {
  requireLength(key, 32, 'AES-256 key');
  requireLength(iv, 16, 'CTR counter block');
  const cryptoKey = await subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
  const out = await subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 128 }, cryptoKey, data);
  return new Uint8Array(out);
}

export const GCM_NONCE_LENGTH = 12;
export const GCM_TAG_LENGTH = 16;

function requireAesGcmInputs(key: Bytes, nonce: Bytes): void {
  if (key.length !== 16 && key.length !== 32) {
    throw new ProtocolError('invalid-length', `AES-GCM key must be 16 or 32 bytes, got ${key.length}`);
  }
  requireLength(nonce, GCM_NONCE_LENGTH, 'AES-GCM nonce');
}

/**
 * AES-GCM with a 12-byte nonce and the 16-byte tag appended to the ciphertext. The key length picks
 * the variant (16 bytes AES-128, 32 bytes AES-256); the protocol itself only uses AES-256.
 */
export async function aesGcmEncrypt(
  key: Bytes,
  nonce: Bytes,
  plaintext: Bytes,
  aad: Bytes = new Uint8Array(),
): Promise<Bytes> {
  requireAesGcmInputs(key, nonce);
  const cryptoKey = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 };
  return new Uint8Array(await subtle.encrypt(params, cryptoKey, plaintext));
}

/** Inverse of aesGcmEncrypt; a wrong key, nonce, aad or any changed byte throws 'decryption-failed'. */
export async function aesGcmDecrypt(
  key: Bytes,
  nonce: Bytes,
  ciphertext: Bytes,
  aad: Bytes = new Uint8Array(),
): Promise<Bytes> {
  requireAesGcmInputs(key, nonce);
  if (ciphertext.length < GCM_TAG_LENGTH) throw new ProtocolError('decryption-failed', 'ciphertext shorter than the tag');
  const cryptoKey = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 };
  try {
    return new Uint8Array(await subtle.decrypt(params, cryptoKey, ciphertext));
  } catch {
    throw new ProtocolError('decryption-failed', 'AES-GCM authentication failed');
  }
}

/** AES-256-GCM (protocol §13): message content and blobs. */
export async function aes256GcmEncrypt(key: Bytes, nonce: Bytes, plaintext: Bytes, aad?: Bytes): Promise<Bytes> {
  requireLength(key, 32, 'AES-256 key');
  return aesGcmEncrypt(key, nonce, plaintext, aad);
}

export async function aes256GcmDecrypt(key: Bytes, nonce: Bytes, ciphertext: Bytes, aad?: Bytes): Promise<Bytes> {
  requireLength(key, 32, 'AES-256 key');
  return aesGcmDecrypt(key, nonce, ciphertext, aad);
}

export async function ed25519Sign(privateKey: CryptoKey, message: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle.sign('Ed25519', privateKey, message));
}

/**
 * The Ed25519 rule of protocol §2: A and R must be canonical encodings of points of prime order L,
 * S must be below L. With A and R in the prime-order subgroup the cofactorless and the cofactored
 * equation give the same verdict, so WebCrypto's verify (whichever equation a browser uses) decides
 * the rest the same way as the Java implementation. False for anything else, including wrong lengths.
 */
export async function ed25519Verify(publicKey: Bytes, message: Bytes, signature: Bytes): Promise<boolean> {
  if (signature.length !== SIGNATURE_LENGTH || !isValidEd25519PublicKey(publicKey)) return false;
  if (!isPrimeOrderPoint(signature.subarray(0, 32)) || !isCanonicalScalar(signature.subarray(32))) return false;
  try {
    const key = await subtle.importKey('raw', publicKey, 'Ed25519', false, ['verify']);
    return await subtle.verify('Ed25519', key, signature, message);
  } catch {
    return false;
  }
}

/** A public key the Ed25519 rule of §2 accepts: the canonical encoding of a point of prime order. */
export function isValidEd25519PublicKey(publicKey: Bytes): boolean {
  return publicKey.length === KEY_LENGTH && isPrimeOrderPoint(publicKey);
}

/** Raw seed import; production keys are generated instead, this serves fixed test identities. */
export function importEd25519Seed(seed: Bytes, extractable = false): Promise<CryptoKey> {
  requireLength(seed, KEY_LENGTH, 'Ed25519 seed');
  return subtle.importKey('pkcs8', concatBytes(ED25519_PKCS8_PREFIX, seed), 'Ed25519', extractable, [
    'sign',
  ]);
}

/** Raw scalar import (clamped by the implementation, RFC 7748 §5), for fixed test inputs. */
export function importX25519Private(scalar: Bytes, extractable = false): Promise<CryptoKey> {
  requireLength(scalar, KEY_LENGTH, 'X25519 private key');
  return subtle.importKey('pkcs8', concatBytes(X25519_PKCS8_PREFIX, scalar), 'X25519', extractable, [
    'deriveBits',
  ]);
}

/** WebCrypto has no "public key of this private key"; the JWK of an extractable private key carries it. */
export async function publicKeyOfExtractablePrivate(privateKey: CryptoKey): Promise<Bytes> {
  const jwk = await subtle.exportKey('jwk', privateKey);
  if (jwk.x === undefined) throw new ProtocolError('invalid-key', 'private key JWK has no public part');
  return B64u.decodeExact(jwk.x, KEY_LENGTH);
}

export async function exportRawPublicKey(publicKey: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await subtle.exportKey('raw', publicKey));
}

export function importEd25519PublicKey(publicKey: Bytes): Promise<CryptoKey> {
  requireLength(publicKey, KEY_LENGTH, 'Ed25519 public key');
  return subtle.importKey('raw', publicKey, 'Ed25519', true, ['verify']);
}

export function importX25519PublicKey(publicKey: Bytes): Promise<CryptoKey> {
  requireLength(publicKey, KEY_LENGTH, 'X25519 public key');
  return subtle.importKey('raw', publicKey, 'X25519', true, []);
}

const FIELD_PRIME = 2n ** 255n - 19n;
/** The u-coordinates of Curve25519's points of order 1, 2, 4 and 8 (0 is both the identity's image and order 2). */
const X25519_LOW_ORDER: readonly bigint[] = [
  0n,
  1n,
  FIELD_PRIME - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
];

/**
 * An agreement key a device list may carry (§2): the canonical encoding of a u-coordinate (below p,
 * top bit clear) that is none of the low-order points, whose shared secret anybody knows.
 */
export function isValidX25519PublicKey(publicKey: Bytes): boolean {
  if (publicKey.length !== KEY_LENGTH) return false;
  let u = 0n;
  for (let i = KEY_LENGTH - 1; i >= 0; i--) u = (u << 8n) | BigInt(publicKey[i]!);
  return u < FIELD_PRIME && !X25519_LOW_ORDER.includes(u);
}

/**
 * X25519 shared secret. An all-zero result means the peer sent a low-order point, which would make
 * the secret known to anybody, so it is refused (RFC 7748 §6.1).
 */
export async function x25519(privateKey: CryptoKey, peerPublicKey: Bytes): Promise<Bytes> {
  let shared: Bytes;
  try {
    const peer = await importX25519PublicKey(peerPublicKey);
    shared = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: peer }, privateKey, 256));
  } catch (cause) {
    if (cause instanceof ProtocolError) throw cause;
    throw new ProtocolError('invalid-agreement-key', 'X25519 failed (low-order or invalid public key)');
  }
  if (shared.every((byte) => byte === 0)) {
    throw new ProtocolError('invalid-agreement-key', 'X25519 produced the all-zero secret');
  }
  return shared;
}
