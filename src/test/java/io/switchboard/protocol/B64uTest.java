package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class B64uTest {

    @Test
    void encodesUrlSafeWithoutPadding() {
        assertEquals("", B64u.encode(new byte[0]));
        assertEquals("Zg", B64u.encode("f".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("Zm8", B64u.encode("fo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("Zm9v", B64u.encode("foo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("-_8", B64u.encode(new byte[] {(byte) 0xfb, (byte) 0xff}));
    }

    @Test
    void decodesWhatItEncodes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        for (int length = 0; length <= 5; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertArrayEquals(prefix, B64u.decode(B64u.encode(prefix)));
        }
        assertArrayEquals(bytes, B64u.decode(B64u.encode(bytes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zg==", "Zm8=", "Zg=", "Z", "Zm9v\n", "Zm 9v", "+/8", "Zh", "Zm9"})
    void refusesPaddingForeignCharactersAndNonCanonicalText(String text) {
        // "Zh" and "Zm9" decode to the same bytes as "Zg" and "Zm8" but have unused bits set.
        assertThrows(ProtocolException.class, () -> B64u.decode(text));
    }

    @Test
    void aTextIsAcceptedExactlyWhenItIsTheEncodingOfWhatItDecodesTo() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (String prefix : new String[] {"Q", "QU", "QUJDR", "QUJDRE", "QUJDREVGR"}) {
            for (char last : alphabet.toCharArray()) {
                String text = prefix + last;
                byte[] lenient = java.util.Base64.getUrlDecoder().decode(text);
                boolean canonical = B64u.encode(lenient).equals(text);
                if (canonical) {
                    assertArrayEquals(lenient, B64u.decode(text), text);
                } else {
                    assertThrows(ProtocolException.class, () -> B64u.decode(text), text);
                }
            }
        }
    }

    @Test
    void decodeExactChecksTheLength() {
        assertEquals(32, B64u.decodeExact(B64u.encode(new byte[32]), 32).length);
        assertThrows(ProtocolException.class, () -> B64u.decodeExact(B64u.encode(new byte[31]), 32));
    }
}
