package io.switchboard.protocol;

import java.util.Base64;

/**
 * base64url without padding (protocol §1). Decoding is strict: no padding, no characters outside the
 * alphabet, and unused trailing bits must be zero, so every byte string has exactly one text form and
 * comparing encodings is the same as comparing bytes.
 */
public final class B64u {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private B64u() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    public static byte[] decode(String text) {
        if (text == null || !isAlphabetOnly(text) || text.length() % 4 == 1) {
            throw new ProtocolException("not unpadded base64url");
        }
        if (!unusedBitsZero(text)) {
            throw new ProtocolException("non-canonical base64url (unused bits set)");
        }
        return DECODER.decode(text);
    }

    /**
     * The last character of a text whose length is 2 or 3 modulo 4 carries 4 or 2 bits that encode nothing; they must
     * be zero. Checked on that character alone: encoding the bytes again to compare cost a copy of every ciphertext.
     */
    private static boolean unusedBitsZero(String text) {
        int rest = text.length() % 4;
        if (rest == 0) {
            return true;
        }
        int value = ALPHABET.indexOf(text.charAt(text.length() - 1));
        return (value & (rest == 2 ? 0x0F : 0x03)) == 0;
    }

    /** Decodes a value whose length the protocol fixes (keys, signatures, ivs). */
    public static byte[] decodeExact(String text, int length) {
        byte[] bytes = decode(text);
        if (bytes.length != length) {
            throw new ProtocolException("expected " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    private static boolean isAlphabetOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
