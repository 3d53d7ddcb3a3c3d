package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The pairing-code key exchange (protocol §6.2). Each side's ephemeral X25519 public key travels
 * encrypted under a key derived from the code, so a relay that does not know the code cannot sit in
 * the middle, and each relayed exchange tests at most one guess of the code.
 */
public final class Pairing {

    public static final int PASSWORD_ITERATIONS = 100_000;
    public static final int SALT_SIZE = 32;
    public static final int SEALED_SIZE = Primitives.AES_BLOCK_SIZE + Primitives.KEY_SIZE;

    private static final int MASK_BYTE = 31;
    private static final int MASK = 0x80;

    private Pairing() {
    }

    /** {@code PK = PBKDF2(code, salt, 100000, 32)}; the code is normalized first. */
    public static byte[] passwordKey(String code, byte[] salt) {
        byte[] password = PairingCode.normalize(code).getBytes(StandardCharsets.US_ASCII);
        return Primitives.pbkdf2HmacSha256(password, Primitives.requireLength(salt, SALT_SIZE, "salt"), PASSWORD_ITERATIONS, Primitives.KEY_SIZE);
    }

    /**
     * {@code iv || AES-CTR(PK, iv, E')}, where {@code E'} has bit 7 of byte 31 set to {@code maskBit}.
     * An X25519 public key always has that bit clear, so without the mask a wrong guess of the code
     * would show through a decryption with that bit set, which would allow an offline search.
     */
    public static byte[] seal(byte[] passwordKey, byte[] ephemeralPublic, byte[] iv, boolean maskBit) {
        byte[] masked = Primitives.requireLength(ephemeralPublic, Primitives.KEY_SIZE, "ephemeral public key").clone();
        masked[MASK_BYTE] = (byte) ((masked[MASK_BYTE] & ~MASK) | (maskBit ? MASK : 0));
        byte[] ciphertext = Primitives.aes256Ctr(passwordKey, iv, masked);
        byte[] sealed = Arrays.copyOf(iv, SEALED_SIZE);
        System.arraycopy(ciphertext, 0, sealed, iv.length, ciphertext.length);
        return sealed;
    }

    /** {@link #seal(byte[], byte[], byte[], boolean)} with a fresh iv and a random mask bit. */
    public static byte[] seal(byte[] passwordKey, byte[] ephemeralPublic, SecureRandom random) {
        byte[] iv = new byte[Primitives.AES_BLOCK_SIZE];
        random.nextBytes(iv);
        return seal(passwordKey, ephemeralPublic, iv, random.nextBoolean());
    }

    /** Decrypts a sealed ephemeral public key and clears the mask bit. */
    public static byte[] open(byte[] passwordKey, byte[] sealed) {
        Primitives.requireLength(sealed, SEALED_SIZE, "sealed ephemeral key");
        byte[] iv = Arrays.copyOf(sealed, Primitives.AES_BLOCK_SIZE);
        byte[] ephemeralPublic = Primitives.aes256Ctr(passwordKey, iv, Arrays.copyOfRange(sealed, Primitives.AES_BLOCK_SIZE, SEALED_SIZE));
        ephemeralPublic[MASK_BYTE] &= (byte) ~MASK;
        return ephemeralPublic;
    }

    /** {@code LK = HKDF(shared, salt, "switchboard/pairing/v1" || 0x00 || ref, 32)}. */
    public static byte[] linkKey(byte[] shared, byte[] salt, String ref) {
        byte[] info = Labels.labelled(Labels.PAIRING, ref.getBytes(StandardCharsets.UTF_8));
        return Primitives.hkdfSha256(shared, Primitives.requireLength(salt, SALT_SIZE, "salt"), info, Primitives.KEY_SIZE);
    }

    /**
     * The new device's confirmation that it derived the same link key, binding its identity keys and
     * both sealed messages. Keys and {@code pake1}/{@code pake2} are b64u as sent.
     */
    public static byte[] confirm(byte[] linkKey, String ref, String account, String deviceId, String signingKey,
                                 String agreementKey, String pake1, String pake2) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("ref", ref);
        json.put("account", account);
        json.put("deviceId", deviceId);
        json.put("signingKey", signingKey);
        json.put("agreementKey", agreementKey);
        json.put("pake1", pake1);
        json.put("pake2", pake2);
        return Primitives.hmacSha256(linkKey, Labels.labelled(Labels.PAIRING_CONFIRM, CanonicalJson.canonicalJsonBytes(json)));
    }

    /** Constant-time; false means the two sides used different codes. */
    public static boolean verifyConfirm(byte[] linkKey, String ref, String account, String deviceId, String signingKey,
                                        String agreementKey, String pake1, String pake2, byte[] confirm) {
        byte[] expected = Pairing.confirm(linkKey, ref, account, deviceId, signingKey, agreementKey, pake1, pake2);
        return Primitives.constantTimeEquals(expected, confirm);
    }
}
