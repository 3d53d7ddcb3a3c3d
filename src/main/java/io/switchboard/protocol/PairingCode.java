package io.switchboard.protocol;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The pairing code (protocol §6.2): 8 characters from a 32-character alphabet without 0, O, 1 and I,
 * i.e. 40 bits, shown as {@code XXXX-XXXX}.
 */
public final class PairingCode {

    public static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public static final int LENGTH = 8;

    private PairingCode() {
    }

    /** A code in its normalized form (8 characters, no separator). */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        StringBuilder code = new StringBuilder(LENGTH);
        for (byte b : bytes) {
            // 256 is a multiple of 32, so the low five bits are uniform.
            code.append(ALPHABET.charAt(b & 0x1f));
        }
        return code.toString();
    }

    /** Upper-cases the input and removes {@code -} and spaces; refuses anything that is then not a code. */
    public static String normalize(String input) {
        if (input == null) {
            throw new ProtocolException("not a pairing code");
        }
        String code = input.toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new ProtocolException("not a pairing code");
        }
        return code;
    }

    public static boolean isValid(String input) {
        try {
            normalize(input);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    /** {@code XXXX-XXXX}, as the new device shows it. */
    public static String format(String code) {
        String normalized = normalize(code);
        return normalized.substring(0, LENGTH / 2) + "-" + normalized.substring(LENGTH / 2);
    }
}
