import { concatBytes, randomBytes, type Bytes } from './bytes';
import { Labels, labelled } from './labels';
import { aes256GcmDecrypt, aes256GcmEncrypt, GCM_NONCE_LENGTH, GCM_TAG_LENGTH, KEY_LENGTH } from './primitives';
import { ProtocolError } from './protocolError';

/**
 * Attachment blobs (§13.3): `nonce (12 bytes) || AES-256-GCM(key, nonce, data, aad)` under the blob's
 * own random 32-byte key, with `aad = "switchboard/blob/v1" || 0x00`. The key travels inside the
 * message content, so the server stores only ciphertext.
 */

export const BLOB_KEY_LENGTH = KEY_LENGTH;
/** Bytes an encrypted blob has on top of its plaintext: nonce and tag. */
export const BLOB_OVERHEAD = GCM_NONCE_LENGTH + GCM_TAG_LENGTH;

const BLOB_AAD = labelled(Labels.BLOB, new Uint8Array());

export interface BlobOptions {
  /** Fixed nonce instead of a fresh one: golden vectors and tests only. */
  nonce?: Bytes;
}

export function generateBlobKey(): Bytes {
  return randomBytes(BLOB_KEY_LENGTH);
}

export async function encryptBlob(key: Bytes, data: Uint8Array, options: BlobOptions = {}): Promise<Bytes> {
  const nonce = options.nonce ?? randomBytes(GCM_NONCE_LENGTH);
  return concatBytes(nonce, await aes256GcmEncrypt(key, nonce, Uint8Array.from(data), BLOB_AAD));
}

/** Throws ProtocolError('decryption-failed') for a wrong key, a short blob or any changed byte. */
export async function decryptBlob(key: Bytes, blob: Uint8Array): Promise<Bytes> {
  if (blob.length < BLOB_OVERHEAD) throw new ProtocolError('decryption-failed', 'blob shorter than nonce and tag');
  const bytes = Uint8Array.from(blob);
  return aes256GcmDecrypt(key, bytes.subarray(0, GCM_NONCE_LENGTH), bytes.subarray(GCM_NONCE_LENGTH), BLOB_AAD);
}

export const Blobs = { generateKey: generateBlobKey, encrypt: encryptBlob, decrypt: decryptBlob } as const;
