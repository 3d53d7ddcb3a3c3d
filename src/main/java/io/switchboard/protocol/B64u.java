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

    private B64u() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    public static byte[] decode(String text) {
        if (text == null || !isAlphabetOnly(text) || text.length() % 4 == 1) {
            throw new ProtocolException("not unpadded base64url");
        }
        byte[] bytes = DECODER.decode(text);
        if (!encode(bytes).equals(text)) {
            throw new ProtocolException("non-canonical base64url (unused bits set)");
        }
        return bytes;
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
