package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * The recovery key and the wrap of the account authority key (protocol §7.2). The recovery key is 256
 * random bits the owner writes down; it is shown as 56 characters of the pairing-code alphabet in 14
 * groups of 4, the key followed by a 24-bit check so that a mistyped key is refused before any
 * decryption. It decrypts the authority key's Ed25519 seed, which the server keeps only as this wrap.
 */
public final class RecoveryKey {

    public static final int SIZE = 32;
    public static final int CHECK_SIZE = 3;
    public static final int WRAPPED_SIZE = Primitives.GCM_NONCE_SIZE + SIZE + Primitives.GCM_TAG_SIZE;
    public static final int GROUP_LENGTH = 4;
    /** (32 + 3) bytes are 280 bits, exactly 56 characters of 5 bits. */
    public static final int TEXT_LENGTH = (SIZE + CHECK_SIZE) * 8 / 5;

    private static final String ALPHABET = PairingCode.ALPHABET;

    private RecoveryKey() {
    }

    public static byte[] generate(SecureRandom random) {
        byte[] key = new byte[SIZE];
        random.nextBytes(key);
        return key;
    }

    /** The readable form: 14 groups of 4 characters separated by single spaces. */
    public static String format(byte[] key) {
        Primitives.requireLength(key, SIZE, "recovery key");
        byte[] checked = Arrays.copyOf(key, SIZE + CHECK_SIZE);
        System.arraycopy(check(key), 0, checked, SIZE, CHECK_SIZE);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < TEXT_LENGTH; i++) {
            if (i > 0 && i % GROUP_LENGTH == 0) {
                text.append(' ');
            }
            text.append(ALPHABET.charAt(fiveBits(checked, i * 5)));
        }
        return text.toString();
    }

    /**
     * Reads a typed recovery key: case, spaces and {@code -} do not matter.
     *
     * @throws ProtocolException when it is not 56 characters of the alphabet or its check does not match
     */
    public static byte[] parse(String input) {
        if (input == null) {
            throw new ProtocolException("not a recovery key");
        }
        String text = input.toUpperCase(Locale.ROOT).replaceAll("[ \\t\\r\\n-]", "");
        if (text.length() != TEXT_LENGTH || !text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new ProtocolException("a recovery key is " + TEXT_LENGTH + " characters of " + ALPHABET);
        }
        byte[] checked = new byte[SIZE + CHECK_SIZE];
        for (int i = 0; i < TEXT_LENGTH; i++) {
            int value = ALPHABET.indexOf(text.charAt(i));
            for (int bit = 0; bit < 5; bit++) {
                if ((value >> (4 - bit) & 1) == 1) {
                    int position = i * 5 + bit;
                    checked[position / 8] |= (byte) (0x80 >> (position % 8));
                }
            }
        }
        byte[] key = Arrays.copyOf(checked, SIZE);
        if (!Arrays.equals(check(key), Arrays.copyOfRange(checked, SIZE, SIZE + CHECK_SIZE))) {
            throw new ProtocolException("the recovery key's check does not match: a character is wrong");
        }
        return key;
    }

    /** A fresh authority key's Ed25519 seed. */
    public static byte[] generateAuthoritySeed(SecureRandom random) {
        byte[] seed = new byte[SIZE];
        random.nextBytes(seed);
        return seed;
    }

    /** {@code nonce || AES-256-GCM(wrapKey, nonce, authoritySeed, aad)}, 60 bytes. */
    public static byte[] wrap(byte[] recoveryKey, String account, byte[] authoritySeed, byte[] nonce) {
        byte[] authorityKey = Primitives.ed25519PublicKey(Primitives.requireLength(authoritySeed, SIZE, "authority seed"));
        byte[] sealed = Primitives.aes256GcmEncrypt(wrapKey(recoveryKey, account), nonce, authoritySeed, aad(authorityKey));
        byte[] out = Arrays.copyOf(nonce, WRAPPED_SIZE);
        System.arraycopy(sealed, 0, out, Primitives.GCM_NONCE_SIZE, sealed.length);
        return out;
    }

    public static byte[] wrap(byte[] recoveryKey, String account, byte[] authoritySeed, SecureRandom random) {
        byte[] nonce = new byte[Primitives.GCM_NONCE_SIZE];
        random.nextBytes(nonce);
        return wrap(recoveryKey, account, authoritySeed, nonce);
    }

    /**
     * The authority key's seed.
     *
     * @throws ProtocolException for a wrong recovery key, another account or authority key, or a changed wrap
     */
    public static byte[] unwrap(byte[] recoveryKey, String account, byte[] authorityKey, byte[] wrapped) {
        Primitives.requireLength(wrapped, WRAPPED_SIZE, "wrapped authority key");
        byte[] seed = Primitives.aes256GcmDecrypt(wrapKey(recoveryKey, account), Arrays.copyOf(wrapped, Primitives.GCM_NONCE_SIZE),
                Arrays.copyOfRange(wrapped, Primitives.GCM_NONCE_SIZE, WRAPPED_SIZE), aad(authorityKey));
        if (!Arrays.equals(Primitives.ed25519PublicKey(seed), authorityKey)) {
            throw new ProtocolException("the unwrapped seed is not the authority key's");
        }
        return seed;
    }

    private static byte[] wrapKey(byte[] recoveryKey, String account) {
        return Primitives.hkdfSha256(Primitives.requireLength(recoveryKey, SIZE, "recovery key"), new byte[0],
                Labels.labelled(Labels.RECOVERY_WRAP, account.getBytes(StandardCharsets.UTF_8)), SIZE);
    }

    private static byte[] aad(byte[] authorityKey) {
        return Labels.labelled(Labels.RECOVERY_WRAP, Primitives.requireLength(authorityKey, SIZE, "authority key"));
    }

    private static byte[] check(byte[] key) {
        return Arrays.copyOf(Primitives.sha256(Labels.labelled(Labels.RECOVERY_KEY, key)), CHECK_SIZE);
    }

    private static int fiveBits(byte[] bytes, int bitOffset) {
        int value = 0;
        for (int bit = 0; bit < 5; bit++) {
            int position = bitOffset + bit;
            value = value << 1 | (bytes[position / 8] >> (7 - position % 8) & 1);
        }
        return value;
    }
}
