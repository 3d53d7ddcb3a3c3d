import { concatBytes, utf8, type Bytes } from './bytes';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  GCM_NONCE_LENGTH,
  GCM_TAG_LENGTH,
  hmacSha256,
  importX25519Private,
  KEY_LENGTH,
  publicKeyOfExtractablePrivate,
  x25519,
} from './primitives';
import { ProtocolError } from './protocolError';

/**
 * HPKE (RFC 9180), base mode only, on WebCrypto: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and an
 * AES-GCM AEAD. The protocol's suite (§13.2) is AES-256-GCM; the AES-128-GCM suite exists only so
 * the RFC's Appendix A.1 vector can check the KEM and the key schedule.
 *
 * Only the single-shot API is public (one message per context, sequence number 0); the context
 * with sequence numbers lives in HpkeInternals for the accumulated-encryption test vectors.
 */

const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const HASH_LENGTH = 32;
const MODE_BASE = 0x00;
/** Nenc and Npk of DHKEM(X25519): the encapsulated key is the raw ephemeral public key. */
const ENC_LENGTH = KEY_LENGTH;

export interface HpkeSuite {
  readonly aeadId: number;
  /** Nk: AEAD key length. */
  readonly keyLength: number;
}

export const AES_256_GCM_SUITE: HpkeSuite = { aeadId: 0x0002, keyLength: 32 };
/** RFC 9180 Appendix A.1's suite, for tests. */
export const AES_128_GCM_SUITE: HpkeSuite = { aeadId: 0x0001, keyLength: 16 };

function i2osp(value: number, length: number): Bytes {
  const out = new Uint8Array(length);
  for (let i = length - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 256)) out[i] = rest & 0xff;
  return out;
}

const HPKE_V1 = utf8('HPKE-v1');
const KEM_SUITE_ID = concatBytes(utf8('KEM'), i2osp(KEM_ID, 2));

function hpkeSuiteId(suite: HpkeSuite): Bytes {
  return concatBytes(utf8('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(suite.aeadId, 2));
}

/** HKDF-Extract (RFC 5869); an empty salt means HashLen zero bytes (WebCrypto refuses empty HMAC keys). */
function hkdfExtract(salt: Bytes, ikm: Bytes): Promise<Bytes> {
  return hmacSha256(salt.length === 0 ? new Uint8Array(HASH_LENGTH) : salt, ikm);
}

/** HKDF-Expand (RFC 5869). WebCrypto's HKDF always extracts first, so HPKE needs the bare expand. */
async function hkdfExpand(prk: Bytes, info: Bytes, length: number): Promise<Bytes> {
  if (length > 255 * HASH_LENGTH) throw new ProtocolError('invalid-length', 'HKDF-Expand output too long');
  const out = new Uint8Array(length);
  const key = await globalThis.crypto.subtle.importKey('raw', prk, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  let block: Bytes = new Uint8Array();
  for (let counter = 1, offset = 0; offset < length; counter++, offset += HASH_LENGTH) {
    const input = concatBytes(block, info, new Uint8Array([counter]));
    block = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, input));
    out.set(block.subarray(0, Math.min(HASH_LENGTH, length - offset)), offset);
  }
  return out;
}

function labeledExtract(suiteId: Bytes, salt: Bytes, label: string, ikm: Bytes): Promise<Bytes> {
  return hkdfExtract(salt, concatBytes(HPKE_V1, suiteId, utf8(label), ikm));
}

function labeledExpand(suiteId: Bytes, prk: Bytes, label: string, info: Bytes, length: number): Promise<Bytes> {
  return hkdfExpand(prk, concatBytes(i2osp(length, 2), HPKE_V1, suiteId, utf8(label), info), length);
}

async function extractAndExpand(dh: Bytes, kemContext: Bytes): Promise<Bytes> {
  const eaePrk = await labeledExtract(KEM_SUITE_ID, new Uint8Array(), 'eae_prk', dh);
  return labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', kemContext, HASH_LENGTH);
}

interface KeyPair {
  privateKey: CryptoKey;
  publicKey: Bytes;
}

async function keyPairFromPrivate(privateKey: Bytes): Promise<KeyPair> {
  return {
    privateKey: await importX25519Private(privateKey),
    publicKey: await publicKeyOfExtractablePrivate(await importX25519Private(privateKey, true)),
  };
}

async function generateKeyPair(): Promise<KeyPair> {
  const subtle = globalThis.crypto.subtle;
  const pair = (await subtle.generateKey('X25519', false, ['deriveBits'])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)) };
}

/** DeriveKeyPair of DHKEM(X25519) (RFC 9180 §7.1.3): the raw private scalar and its public key. */
async function deriveKeyPair(ikm: Bytes): Promise<{ privateKey: Bytes; publicKey: Bytes }> {
  const dkpPrk = await labeledExtract(KEM_SUITE_ID, new Uint8Array(), 'dkp_prk', ikm);
  const privateKey = await labeledExpand(KEM_SUITE_ID, dkpPrk, 'sk', new Uint8Array(), KEY_LENGTH);
  return { privateKey, publicKey: (await keyPairFromPrivate(privateKey)).publicKey };
}

/** Encap(pkR) with the ephemeral key fixed when `ephemeralPrivate` is given (test vectors only). */
async function encap(recipientPublic: Bytes, ephemeralPrivate?: Bytes): Promise<{ sharedSecret: Bytes; enc: Bytes }> {
  if (recipientPublic.length !== KEY_LENGTH) throw new ProtocolError('invalid-length', 'HPKE pkR must be 32 bytes');
  const ephemeral = ephemeralPrivate === undefined ? await generateKeyPair() : await keyPairFromPrivate(ephemeralPrivate);
  const dh = await x25519(ephemeral.privateKey, recipientPublic);
  const enc = ephemeral.publicKey;
  return { sharedSecret: await extractAndExpand(dh, concatBytes(enc, recipientPublic)), enc };
}

/** The recipient's side: its private key may be a non-extractable CryptoKey, so the public key comes along. */
export interface HpkeRecipient {
  privateKey: CryptoKey;
  /** Raw 32-byte X25519 public key matching privateKey (pkRm, part of the KEM context). */
  publicKey: Bytes;
}

async function decap(enc: Bytes, recipient: HpkeRecipient): Promise<Bytes> {
  if (enc.length !== ENC_LENGTH) throw new ProtocolError('hpke-open-failed', 'enc must be 32 bytes');
  const dh = await x25519(recipient.privateKey, enc);
  return extractAndExpand(dh, concatBytes(enc, recipient.publicKey));
}

export interface HpkeKeySchedule {
  key: Bytes;
  baseNonce: Bytes;
  exporterSecret: Bytes;
}

/** KeySchedule for mode_base (no PSK), RFC 9180 §5.1. */
async function keySchedule(suite: HpkeSuite, sharedSecret: Bytes, info: Bytes): Promise<HpkeKeySchedule> {
  const suiteId = hpkeSuiteId(suite);
  const empty = new Uint8Array();
  const pskIdHash = await labeledExtract(suiteId, empty, 'psk_id_hash', empty);
  const infoHash = await labeledExtract(suiteId, empty, 'info_hash', info);
  const context = concatBytes(new Uint8Array([MODE_BASE]), pskIdHash, infoHash);
  const secret = await labeledExtract(suiteId, sharedSecret, 'secret', empty);
  return {
    key: await labeledExpand(suiteId, secret, 'key', context, suite.keyLength),
    baseNonce: await labeledExpand(suiteId, secret, 'base_nonce', context, GCM_NONCE_LENGTH),
    exporterSecret: await labeledExpand(suiteId, secret, 'exp', context, HASH_LENGTH),
  };
}

/** ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn). */
function computeNonce(baseNonce: Bytes, sequence: number): Bytes {
  const sequenceBytes = i2osp(sequence, GCM_NONCE_LENGTH);
  return baseNonce.map((byte, i) => byte ^ sequenceBytes[i]!);
}

function contextSeal(schedule: HpkeKeySchedule, sequence: number, aad: Bytes, plaintext: Bytes): Promise<Bytes> {
  return aesGcmEncrypt(schedule.key, computeNonce(schedule.baseNonce, sequence), plaintext, aad);
}

async function contextOpen(schedule: HpkeKeySchedule, sequence: number, aad: Bytes, ciphertext: Bytes): Promise<Bytes> {
  try {
    return await aesGcmDecrypt(schedule.key, computeNonce(schedule.baseNonce, sequence), ciphertext, aad);
  } catch {
    throw new ProtocolError('hpke-open-failed', 'HPKE ciphertext does not open');
  }
}

/** Context.Export(exporter_context, L), RFC 9180 §5.3. */
function exportSecret(suite: HpkeSuite, schedule: HpkeKeySchedule, exporterContext: Bytes, length: number): Promise<Bytes> {
  return labeledExpand(hpkeSuiteId(suite), schedule.exporterSecret, 'sec', exporterContext, length);
}

export interface HpkeSealed {
  /** The encapsulated key, 32 bytes. */
  enc: Bytes;
  /** AEAD ciphertext with its 16-byte tag. */
  ciphertext: Bytes;
}

export interface HpkeSealOptions {
  /** Fixed ephemeral private scalar instead of a fresh one: golden vectors and tests only. */
  ephemeralPrivate?: Bytes;
}

async function sealBaseWith(
  suite: HpkeSuite,
  recipientPublic: Bytes,
  info: Bytes,
  aad: Bytes,
  plaintext: Bytes,
  options: HpkeSealOptions = {},
): Promise<HpkeSealed> {
  const { sharedSecret, enc } = await encap(recipientPublic, options.ephemeralPrivate);
  const schedule = await keySchedule(suite, sharedSecret, info);
  return { enc, ciphertext: await contextSeal(schedule, 0, aad, plaintext) };
}

/** Any failure (bad enc, low-order point, wrong key, changed byte) throws ProtocolError('hpke-open-failed'). */
async function openBaseWith(
  suite: HpkeSuite,
  recipient: HpkeRecipient,
  enc: Bytes,
  info: Bytes,
  aad: Bytes,
  ciphertext: Bytes,
): Promise<Bytes> {
  let sharedSecret: Bytes;
  try {
    sharedSecret = await decap(enc, recipient);
  } catch {
    throw new ProtocolError('hpke-open-failed', 'HPKE decapsulation failed');
  }
  return contextOpen(await keySchedule(suite, sharedSecret, info), 0, aad, ciphertext);
}

/**
 * The protocol's HPKE suite, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM
 * (0x0020, 0x0001, 0x0002), base mode, single shot.
 */
export const Hpke = {
  KEM_ID,
  KDF_ID,
  AEAD_ID: AES_256_GCM_SUITE.aeadId,
  ENC_LENGTH,
  TAG_LENGTH: GCM_TAG_LENGTH,

  /** SealBase(pkR, info, aad, pt) → (enc, ct). */
  sealBase(recipientPublic: Bytes, info: Bytes, aad: Bytes, plaintext: Bytes, options?: HpkeSealOptions) {
    return sealBaseWith(AES_256_GCM_SUITE, recipientPublic, info, aad, plaintext, options);
  },

  /** OpenBase(enc, skR, info, aad, ct) → pt; works with a non-extractable X25519 CryptoKey. */
  openBase(recipient: HpkeRecipient, enc: Bytes, info: Bytes, aad: Bytes, ciphertext: Bytes): Promise<Bytes> {
    return openBaseWith(AES_256_GCM_SUITE, recipient, enc, info, aad, ciphertext);
  },

  deriveKeyPair,
} as const;

/** The RFC 9180 building blocks, exposed for the RFC test vectors; not part of the protocol API. */
export const HpkeInternals = {
  encap,
  decap,
  keySchedule,
  contextSeal,
  contextOpen,
  exportSecret,
  sealBaseWith,
  openBaseWith,
  keyPairFromPrivate,
} as const;
