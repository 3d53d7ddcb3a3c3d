package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageContentAndBlobsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void textContentIsTheCanonicalJsonOfOneMember() {
        assertEquals("{\"text\":\"Olá \\\"you\\\"\\n☃\"}", utf8(MessageContent.text("Olá \"you\"\n☃")));
        assertEquals("Olá \"you\"\n☃", MessageContent.readText(MessageContent.text("Olá \"you\"\n☃")));
        assertEquals("", MessageContent.readText(MessageContent.text("")));
    }

    @Test
    void readTextRefusesAnythingElse() {
        for (String content : new String[] {
            "{\"text\": \"hi\"}", "{\"text\":\"hi\",\"extra\":1}", "{\"caption\":\"hi\"}", "{\"text\":1}", "[\"hi\"]",
            "{\"text\":\"hi\",\"text\":\"ho\"}", "{\"text\":\"\\u00e9\"}", "{\"text\":\"hi\"} ", "not json", "",
        }) {
            assertThrows(ProtocolException.class, () -> MessageContent.readText(content.getBytes(StandardCharsets.UTF_8)), content);
        }
        assertThrows(ProtocolException.class, () -> MessageContent.text("lone \uD800 surrogate"));
    }

    @Test
    void blobRoundTrip() {
        byte[] key = Blobs.generateKey(RANDOM);
        byte[] plaintext = new byte[100_000];
        RANDOM.nextBytes(plaintext);
        byte[] encrypted = Blobs.encrypt(key, plaintext, RANDOM);
        assertEquals(plaintext.length + Blobs.OVERHEAD, encrypted.length);
        assertArrayEquals(plaintext, Blobs.decrypt(key, encrypted));
        assertArrayEquals(new byte[0], Blobs.decrypt(key, Blobs.encrypt(key, new byte[0], RANDOM)));
    }

    @Test
    void blobIsNonceThenAesGcmWithTheBlobLabelAsAad() {
        byte[] key = Fixtures.fixedBytes("unit/blob-key", 32);
        byte[] nonce = Fixtures.fixedBytes("unit/blob-nonce", 12);
        byte[] plaintext = "a JPEG, say".getBytes(StandardCharsets.UTF_8);
        byte[] aad = "switchboard/blob/v1\0".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Arrays.copyOf(nonce, 12 + plaintext.length + 16);
        System.arraycopy(Primitives.aes256GcmEncrypt(key, nonce, plaintext, aad), 0, expected, 12, plaintext.length + 16);
        assertArrayEquals(expected, Blobs.encrypt(key, nonce, plaintext));
    }

    @Test
    void blobRefusesAnotherKeyAnyChangedByteAndTruncation() {
        byte[] key = Blobs.generateKey(RANDOM);
        byte[] encrypted = Blobs.encrypt(key, "photo".getBytes(StandardCharsets.UTF_8), RANDOM);
        assertThrows(ProtocolException.class, () -> Blobs.decrypt(Blobs.generateKey(RANDOM), encrypted));
        for (int i = 0; i < encrypted.length; i++) {
            byte[] tampered = encrypted.clone();
            tampered[i] ^= 1;
            assertThrows(ProtocolException.class, () -> Blobs.decrypt(key, tampered));
        }
        assertThrows(ProtocolException.class, () -> Blobs.decrypt(key, Arrays.copyOf(encrypted, Blobs.OVERHEAD - 1)));
        assertThrows(ProtocolException.class, () -> Blobs.decrypt(key, Arrays.copyOf(encrypted, encrypted.length - 1)));
    }

    @Test
    void aBlobIsNotAMessageContentUnderTheSameKey() {
        // Domain separation: the aads differ, so neither ciphertext passes as the other.
        byte[] key = Blobs.generateKey(RANDOM);
        MessageHeader header = Fixtures.header(Fixtures.COMPANION1, MessageHeader.KIND_IMAGE, "image");
        byte[] blob = Blobs.encrypt(key, MessageContent.text("x"), RANDOM);
        assertThrows(ProtocolException.class, () -> ContentKey.decrypt(key, blob, header));
        byte[] content = ContentKey.encrypt(key, MessageContent.text("x"), header, RANDOM);
        assertThrows(ProtocolException.class, () -> Blobs.decrypt(key, content));
    }

    @Test
    void headerRulesAreEnforcedOnConstruction() {
        MessageHeader valid = Fixtures.header(Fixtures.COMPANION1, MessageHeader.KIND_TEXT, "text");
        assertEquals(22, MessageHeader.randomId(RANDOM).length());
        assertEquals(valid, MessageHeader.fromJson(valid.toJson()));
        String id = valid.conversation();
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id.substring(1), valid.sender(), valid.clientMessageId(), 2, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender() + "A", valid.clientMessageId(), 2, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), B64u.encode(new byte[17]), 2, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), valid.clientMessageId(), 0, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), valid.clientMessageId(), 2, 0, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), valid.clientMessageId(), 2, 1, "Text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), valid.clientMessageId(), 2, 1, "text", -1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(id, valid.sender(), valid.clientMessageId(), 1L << 53, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> new MessageHeader("switchboard/message/v2", id, valid.sender(), valid.clientMessageId(),
                2, 1, "text", 1));
        assertThrows(ProtocolException.class, () -> MessageHeader.of(null, valid.sender(), valid.clientMessageId(), 2, 1, "text", 1));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
