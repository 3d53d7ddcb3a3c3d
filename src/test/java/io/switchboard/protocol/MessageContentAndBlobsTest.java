package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static final String KEY = B64u.encode(filled(32, 1));
    private static final String HASH = B64u.encode(filled(32, 2));
    private static final MessageContent.Attachment IMAGE = new MessageContent.Attachment("b_7f3a", KEY, HASH, "image/jpeg", 123456,
            "invoice.jpg", new MessageContent.BlobReference("b_7f3b", KEY, HASH, "image/jpeg", 2048));

    @Test
    void attachmentContentIsTheCanonicalJsonOfTextAndAttachment() {
        MessageContent.Attachment document = new MessageContent.Attachment("b_1", KEY, HASH, "application/pdf", 0, "", null);
        assertEquals("{\"attachment\":{\"blobId\":\"b_1\",\"key\":\"" + KEY + "\",\"mime\":\"application/pdf\",\"name\":\"\","
                + "\"sha256\":\"" + HASH + "\",\"size\":0},\"text\":\"\"}", utf8(MessageContent.attachment("", document)));
        assertEquals(new MessageContent.AttachmentContent("", document), MessageContent.readAttachment(MessageContent.attachment("", document)));
        MessageContent.AttachmentContent withThumbnail = MessageContent.readAttachment(MessageContent.attachment("the invoice ☃", IMAGE));
        assertEquals(new MessageContent.AttachmentContent("the invoice ☃", IMAGE), withThumbnail);
        assertEquals(2048, withThumbnail.attachment().thumbnail().size());
    }

    @Test
    void attachmentOfAFileHashesAndMeasuresThePlaintext() {
        byte[] file = "%PDF-1.7 ...".getBytes(StandardCharsets.UTF_8);
        byte[] key = Blobs.generateKey(RANDOM);
        MessageContent.Attachment attachment = MessageContent.Attachment.of("blob", key, file, "application/pdf", "a.pdf");
        assertArrayEquals(Primitives.sha256(file), attachment.sha256Bytes());
        assertArrayEquals(key, attachment.keyBytes());
        assertEquals(file.length, attachment.size());
    }

    @Test
    void textAndAttachmentContentAreNotInterchangeable() {
        assertThrows(ProtocolException.class, () -> MessageContent.readAttachment(MessageContent.text("a")));
        assertThrows(ProtocolException.class, () -> MessageContent.readText(MessageContent.attachment("a", IMAGE)));
        assertTrue(MessageContent.isAttachmentKind(MessageHeader.KIND_VOICE));
        assertFalse(MessageContent.isAttachmentKind(MessageHeader.KIND_NOTE));
    }

    @Test
    void readAttachmentRefusesWhatTheTypeScriptReaderRefuses() {
        String good = utf8(MessageContent.attachment("a", IMAGE));
        String thumbnail = "{\"blobId\":\"b_7f3b\",\"key\":\"" + KEY + "\",\"mime\":\"image/jpeg\",\"sha256\":\"" + HASH + "\",\"size\":2048}";
        assertTrue(good.contains(thumbnail), good);
        for (String content : new String[] {
            good.replace(KEY, B64u.encode(new byte[16])),                              // a short key
            good.replace(HASH, HASH.substring(0, 42) + "B"),                          // sha256 with unused bits set
            good.replace("\"size\":123456", "\"size\":-1"),                          // a negative size
            good.replace("\"size\":123456", "\"size\":1.5"),                         // a fractional size
            good.replace("\"size\":123456", "\"size\":123456.0"),                    // an integer in another form
            good.replace("\"size\":123456", "\"size\":1e3"),
            good.replace("\"size\":123456", "\"size\":-0"),
            good.replace("\"size\":123456", "\"size\":9007199254740992"),            // beyond 2^53 - 1
            good.replace("\"size\":123456", "\"size\":\"123456\""),                  // a string size
            good.replace("\"blobId\":\"b_7f3a\"", "\"blobId\":\"\""),                // an empty blobId
            good.replace("\"mime\":\"image/jpeg\",\"name\"", "\"mime\":\"\",\"name\""), // an empty mime
            good.replace("\"name\":\"invoice.jpg\",", ""),                           // a missing name
            good.replace("\"name\":\"invoice.jpg\"", "\"name\":7"),                  // a name that is not a string
            good.replace("\"name\":\"invoice.jpg\"", "\"extra\":\"x\",\"name\":\"invoice.jpg\""), // an unknown member
            good.replace(thumbnail, thumbnail.replace("\"mime\"", "\"name\":\"x\",\"mime\"")),        // a thumbnail with a name
            good.replace(thumbnail, "null"),                                         // a null thumbnail
            good.replace("\"text\":\"a\"", "\"text\":1"),                            // a caption that is not a string
            good.replace(",\"text\":\"a\"", ""),                                     // no caption
            good.replace("\"text\":\"a\"", "\"text\":\"a\",\"text\":\"a\""),          // a duplicate member
            good.replace("\"text\":\"a\"", "\"text\":\"\\u0061\""),                  // an escape CJSON does not use
            good.replace(":", ": "),                                                 // whitespace
            "{\"attachment\":{},\"text\":\"a\"}", "{\"attachment\":null,\"text\":\"a\"}", good + " ", "not json", "",
        }) {
            assertThrows(ProtocolException.class, () -> MessageContent.readAttachment(content.getBytes(StandardCharsets.UTF_8)), content);
        }
        byte[] invalidUtf8 = MessageContent.attachment("a", IMAGE);
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0xff;
        assertThrows(ProtocolException.class, () -> MessageContent.readAttachment(invalidUtf8));
    }

    @Test
    void anAttachmentThatBreaksARuleCannotBeBuilt() {
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("", KEY, HASH, "image/png", 1, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", "key", HASH, "image/png", 1, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", KEY, null, "image/png", 1, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", KEY, HASH, "", 1, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", KEY, HASH, "image/png", -1, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", KEY, HASH, "image/png", 1L << 53, "a", null));
        assertThrows(ProtocolException.class, () -> new MessageContent.Attachment("b", KEY, HASH, "image/png", 1, null, null));
        assertThrows(ProtocolException.class, () -> new MessageContent.BlobReference("b", KEY, HASH, "image/png", -5));
        assertThrows(ProtocolException.class, () -> MessageContent.attachment(null, IMAGE));
        assertThrows(ProtocolException.class, () -> MessageContent.attachment("a", null));
        assertThrows(ProtocolException.class, () -> MessageContent.attachment("lone \uD800 surrogate", IMAGE));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
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
