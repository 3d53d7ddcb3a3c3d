import { describe, expect, it } from 'vitest';
import { BLOB_OVERHEAD, Blobs, decryptBlob, encryptBlob } from '../../src/protocol/blobs';
import { utf8 } from '../../src/protocol/bytes';
import { aes256GcmDecrypt, aes256GcmEncrypt } from '../../src/protocol/primitives';
import { hex, toHex } from '../support/hex';

describe('blobs (§13.3)', () => {
  it('round trip: nonce || ciphertext || tag, fresh nonce each time', async () => {
    const key = Blobs.generateKey();
    const data = utf8('%PDF-1.7 ...');
    const a = await encryptBlob(key, data);
    const b = await encryptBlob(key, data);
    expect(a.length).toBe(data.length + BLOB_OVERHEAD);
    expect(toHex(a.subarray(0, 12))).not.toBe(toHex(b.subarray(0, 12)));
    expect(await decryptBlob(key, a)).toEqual(data);
    expect(await Blobs.decrypt(key, b)).toEqual(data);
    expect(await decryptBlob(key, await encryptBlob(key, new Uint8Array()))).toEqual(new Uint8Array());
  });

  it('is AES-256-GCM with aad "switchboard/blob/v1" || 0x00', async () => {
    const key = new Uint8Array(32).fill(9);
    const nonce = new Uint8Array(12).fill(4);
    const blob = await encryptBlob(key, utf8('x'), { nonce });
    const aad = new Uint8Array([...utf8('switchboard/blob/v1'), 0]);
    expect(toHex(blob)).toBe(toHex(new Uint8Array([...nonce, ...(await aes256GcmEncrypt(key, nonce, utf8('x'), aad))])));
    await expect(aes256GcmDecrypt(key, nonce, blob.subarray(12))).rejects.toHaveProperty('code', 'decryption-failed');
  });

  it('refuses a wrong key, any changed byte and a short blob', async () => {
    const key = hex('00'.repeat(32));
    const blob = await encryptBlob(key, utf8('voice note'));
    await expect(decryptBlob(new Uint8Array(32).fill(1), blob)).rejects.toHaveProperty('code', 'decryption-failed');
    for (let i = 0; i < blob.length; i++) {
      const tampered = blob.slice();
      tampered[i]! ^= 0x80;
      await expect(decryptBlob(key, tampered)).rejects.toHaveProperty('code', 'decryption-failed');
    }
    await expect(decryptBlob(key, blob.subarray(0, BLOB_OVERHEAD - 1))).rejects.toHaveProperty('code', 'decryption-failed');
    await expect(encryptBlob(key.subarray(1), utf8('x'))).rejects.toHaveProperty('code', 'invalid-length');
  });
});
