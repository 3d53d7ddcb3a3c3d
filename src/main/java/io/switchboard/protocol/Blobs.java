package io.switchboard.protocol;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Attachment blobs (protocol §13.3): {@code nonce || AES-256-GCM(key, nonce, plaintext, aad)} under the
 * blob's own random 32-byte key, with {@code aad = "switchboard/blob/v1" || 0x00}. The key travels inside
 * the message content, so the server stores only ciphertext.
 */
public final class Blobs {

    public static final int KEY_SIZE = 32;
    public static final int NONCE_SIZE = Primitives.GCM_NONCE_SIZE;
    public static final int OVERHEAD = NONCE_SIZE + Primitives.GCM_TAG_SIZE;

    private static final byte[] AAD = Labels.labelled(Labels.BLOB);

    private Blobs() {
    }

    public static byte[] generateKey(SecureRandom random) {
        byte[] key = new byte[KEY_SIZE];
        random.nextBytes(key);
        return key;
    }

    /** Encrypts with a fresh random nonce. */
    public static byte[] encrypt(byte[] key, byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[NONCE_SIZE];
        random.nextBytes(nonce);
        return encrypt(key, nonce, plaintext);
    }

    /** Encrypts with a given nonce: deterministic, for test vectors only. */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext) {
        byte[] sealed = Primitives.aes256GcmEncrypt(Primitives.requireLength(key, KEY_SIZE, "blob key"), nonce, plaintext, AAD.clone());
        byte[] out = Arrays.copyOf(nonce, NONCE_SIZE + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_SIZE, sealed.length);
        return out;
    }

    /** @throws ProtocolException when the blob is too short or its tag does not verify */
    public static byte[] decrypt(byte[] key, byte[] encrypted) {
        if (encrypted.length < OVERHEAD) {
            throw new ProtocolException("blob is shorter than a nonce and a tag");
        }
        return Primitives.aes256GcmDecrypt(Primitives.requireLength(key, KEY_SIZE, "blob key"), Arrays.copyOf(encrypted, NONCE_SIZE),
                Arrays.copyOfRange(encrypted, NONCE_SIZE, encrypted.length), AAD.clone());
    }
}
