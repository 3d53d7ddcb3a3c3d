package io.switchboard.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * HPKE (RFC 9180) in base mode with the one suite the protocol uses (§2, §13):
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (0x0020, 0x0001, 0x0002), single-shot.
 * {@code enc} is the sender's 32-byte ephemeral X25519 public key; the ciphertext carries a 16-byte tag.
 */
public final class Hpke {

    public static final int ENC_SIZE = 32;
    public static final int TAG_SIZE = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Hpke() {
    }

    /** The result of a single-shot seal: the encapsulated key and the AEAD ciphertext with its tag. */
    public record Sealed(byte[] enc, byte[] ciphertext) {

        /** {@code enc || ciphertext}, the form the protocol sends. */
        public byte[] concatenated() {
            byte[] out = Arrays.copyOf(enc, enc.length + ciphertext.length);
            System.arraycopy(ciphertext, 0, out, enc.length, ciphertext.length);
            return out;
        }
    }

    /** {@code SealBase(pkR, info, aad, pt)} with a fresh ephemeral key pair. */
    public static Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext) {
        return seal(recipientPublicKey, info, aad, plaintext, RANDOM);
    }

    /** {@code SealBase(pkR, info, aad, pt)} with an ephemeral key pair drawn from {@code random}. */
    public static Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext, SecureRandom random) {
        byte[] ephemeralPrivate = new byte[Primitives.KEY_SIZE];
        random.nextBytes(ephemeralPrivate);
        return sealWithEphemeral(recipientPublicKey, info, aad, plaintext, ephemeralPrivate);
    }

    /**
     * {@code SealBase} with a given ephemeral X25519 private key (32 bytes, clamped as X25519 does), so
     * the output is deterministic: for test vectors only. Reusing an ephemeral key for two messages
     * would reuse the AEAD key and nonce.
     */
    public static Sealed sealWithEphemeral(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext,
                                           byte[] ephemeralPrivate) {
        Primitives.requireLength(recipientPublicKey, Primitives.KEY_SIZE, "HPKE recipient public key");
        Primitives.requireLength(ephemeralPrivate, Primitives.KEY_SIZE, "HPKE ephemeral private key");
        HPKE hpke = suite();
        try {
            AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(ephemeralPrivate, null);
            HPKEContextWithEncapsulation context = hpke.setupBaseS(hpke.deserializePublicKey(recipientPublicKey), info, ephemeral);
            byte[] ciphertext = context.seal(aad, plaintext);
            return new Sealed(context.getEncapsulation(), ciphertext);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // A small-order recipient key makes the DH output all zero, which RFC 9180 §7.1.4 says to refuse.
            throw new ProtocolException("HPKE seal failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code OpenBase(enc, skR, info, aad, ct)}.
     *
     * @throws ProtocolException when the ciphertext does not open: another recipient, info or aad, or any
     *     changed byte
     */
    public static byte[] open(byte[] recipientPrivateKey, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) {
        Primitives.requireLength(recipientPrivateKey, Primitives.KEY_SIZE, "HPKE recipient private key");
        Primitives.requireLength(enc, ENC_SIZE, "HPKE enc");
        HPKE hpke = suite();
        try {
            AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(recipientPrivateKey, null);
            return hpke.setupBaseR(enc, recipient, info).open(aad, ciphertext);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new ProtocolException("HPKE open failed", e);
        }
    }

    /** A new instance per call: Bouncy Castle's HPKE keeps per-operation state and is not thread-safe. */
    private static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }
}
