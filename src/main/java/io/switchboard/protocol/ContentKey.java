package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The per-message content key {@code K} (protocol §13.2): it encrypts the content with AES-256-GCM under
 * the header as aad, and it is wrapped with HPKE for every recipient device. Fresh for every message.
 */
public final class ContentKey {

    public static final int SIZE = 32;
    public static final int NONCE_SIZE = Primitives.GCM_NONCE_SIZE;
    /** {@code nonce || tag} of empty content. */
    public static final int MIN_CIPHERTEXT_SIZE = NONCE_SIZE + Primitives.GCM_TAG_SIZE;
    /** {@code enc} (32) {@code ||} HPKE ciphertext of {@code K} (32 + 16). */
    public static final int WRAP_SIZE = Hpke.ENC_SIZE + SIZE + Hpke.TAG_SIZE;

    private ContentKey() {
    }

    public static byte[] generate(SecureRandom random) {
        byte[] key = new byte[SIZE];
        random.nextBytes(key);
        return key;
    }

    /** {@code "switchboard/message-content/v1" || 0x00 || CJSON(header)}. */
    public static byte[] aad(MessageHeader header) {
        return Labels.labelled(Labels.MESSAGE_CONTENT, header.canonicalBytes());
    }

    /** {@code nonce || AES-256-GCM(K, nonce, content, aad(header))}; the nonce must never repeat under a key. */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] content, MessageHeader header) {
        byte[] sealed = Primitives.aes256GcmEncrypt(Primitives.requireLength(key, SIZE, "content key"), nonce, content, aad(header));
        byte[] out = Arrays.copyOf(nonce, NONCE_SIZE + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE_SIZE, sealed.length);
        return out;
    }

    /** {@link #encrypt(byte[], byte[], byte[], MessageHeader)} with a random nonce. */
    public static byte[] encrypt(byte[] key, byte[] content, MessageHeader header, SecureRandom random) {
        byte[] nonce = new byte[NONCE_SIZE];
        random.nextBytes(nonce);
        return encrypt(key, nonce, content, header);
    }

    /**
     * @throws ProtocolException when the tag does not verify: another key, another header, or any changed byte
     */
    public static byte[] decrypt(byte[] key, byte[] ciphertext, MessageHeader header) {
        if (ciphertext.length < MIN_CIPHERTEXT_SIZE) {
            throw new ProtocolException("ciphertext is shorter than a nonce and a tag");
        }
        byte[] nonce = Arrays.copyOf(ciphertext, NONCE_SIZE);
        return Primitives.aes256GcmDecrypt(Primitives.requireLength(key, SIZE, "content key"), nonce,
                Arrays.copyOfRange(ciphertext, NONCE_SIZE, ciphertext.length), aad(header));
    }

    /** HPKE {@code info} of a wrap: {@code "switchboard/key-wrap/v1" || 0x00 || deviceId}. */
    public static byte[] wrapInfo(String deviceId) {
        return Labels.labelled(Labels.KEY_WRAP, deviceId.getBytes(StandardCharsets.UTF_8));
    }

    /** HPKE {@code aad} of a wrap: {@code SHA-256(CJSON(header))}. */
    public static byte[] wrapAad(MessageHeader header) {
        return Primitives.sha256(header.canonicalBytes());
    }

    /** {@code enc || ct}, K sealed to one device's agreement key, bound to its device id and the header. */
    public static byte[] wrap(byte[] key, MessageHeader header, String deviceId, byte[] agreementKey, SecureRandom random) {
        byte[] ephemeralPrivate = new byte[Primitives.KEY_SIZE];
        random.nextBytes(ephemeralPrivate);
        return wrapWithEphemeral(key, header, deviceId, agreementKey, ephemeralPrivate);
    }

    /** {@link #wrap} with a fixed HPKE ephemeral private key: deterministic, for test vectors only. */
    public static byte[] wrapWithEphemeral(byte[] key, MessageHeader header, String deviceId, byte[] agreementKey,
                                           byte[] ephemeralPrivate) {
        MessageHeader.requireId(deviceId, "device id");
        return Hpke.sealWithEphemeral(agreementKey, wrapInfo(deviceId), wrapAad(header),
                Primitives.requireLength(key, SIZE, "content key"), ephemeralPrivate).concatenated();
    }

    /**
     * Opens the wrap addressed to {@code me} (its own device id is the one bound in the wrap).
     *
     * @throws ProtocolException when it was made for another key or device id, another header, or was changed
     */
    public static byte[] unwrap(byte[] wrap, MessageHeader header, DeviceKeys me) {
        Primitives.requireLength(wrap, WRAP_SIZE, "wrap");
        byte[] enc = Arrays.copyOf(wrap, Hpke.ENC_SIZE);
        byte[] sealed = Arrays.copyOfRange(wrap, Hpke.ENC_SIZE, WRAP_SIZE);
        return me.hpkeOpen(enc, wrapInfo(me.deviceId()), wrapAad(header), sealed);
    }
}
