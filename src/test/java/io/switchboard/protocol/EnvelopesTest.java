package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.COMPANION2;
import static io.switchboard.protocol.Fixtures.CUSTOMER;
import static io.switchboard.protocol.Fixtures.CUSTOMER_COMPANION;
import static io.switchboard.protocol.Fixtures.PRIMARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.EnvelopeException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EnvelopesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTENT = MessageContent.text("Olá! Your order #1042 ships today ☃");

    private static MessageHeader textHeader() {
        return Fixtures.header(COMPANION1, MessageHeader.KIND_TEXT, "text");
    }

    private static Map<String, byte[]> recipientsOfText() {
        return Envelopes.recipients(textHeader(), Fixtures.businessList(), Fixtures.customerList());
    }

    private static MessageEnvelope sealedText() {
        return Envelopes.seal(COMPANION1, textHeader(), CONTENT, recipientsOfText(), RANDOM);
    }

    @Test
    void everyRecipientReceivesTheContent() {
        MessageEnvelope envelope = sealedText();
        assertEquals(List.of(PRIMARY, COMPANION1, COMPANION2, CUSTOMER, CUSTOMER_COMPANION).stream().map(DeviceKeys::deviceId).sorted().toList(),
                List.copyOf(envelope.wraps().keySet()));
        for (DeviceKeys recipient : List.of(PRIMARY, COMPANION1, COMPANION2, CUSTOMER, CUSTOMER_COMPANION)) {
            assertArrayEquals(CONTENT, Envelopes.receive(envelope, COMPANION1.signingKey(), recipient));
        }
        assertEquals("Olá! Your order #1042 ships today ☃", MessageContent.readText(Envelopes.open(envelope, CUSTOMER)));
    }

    @Test
    void sizesAreTheOnesOfTheSpec() {
        MessageEnvelope envelope = sealedText();
        assertEquals(12 + CONTENT.length + 16, envelope.ciphertextBytes().length);
        envelope.wraps().values().forEach(wrap -> assertEquals(80, B64u.decode(wrap).length));
        assertEquals(64, B64u.decode(envelope.signature()).length);
    }

    @Test
    void eachMessageHasItsOwnKeyNonceAndEphemeralKeys() {
        MessageEnvelope first = sealedText();
        MessageEnvelope second = sealedText();
        assertNotEquals(first.ciphertext(), second.ciphertext());
        first.wraps().forEach((id, wrap) -> assertNotEquals(wrap, second.wraps().get(id)));
        assertFalse(Arrays.equals(Envelopes.unwrapKey(first, PRIMARY), Envelopes.unwrapKey(second, PRIMARY)));
    }

    @Test
    void theConstructionIsExactlyTheOneOfSection13() {
        // Recomputed from the primitives and the spec text, not through ContentKey, so a slip there shows.
        MessageHeader header = textHeader();
        byte[] key = Fixtures.fixedBytes("unit/content-key", 32);
        byte[] nonce = Fixtures.fixedBytes("unit/nonce", 12);
        byte[] ephemeral = Fixtures.fixedBytes("unit/ephemeral", 32);
        MessageEnvelope envelope = Envelopes.seal(COMPANION1, header, CONTENT, Map.of(PRIMARY.deviceId(), PRIMARY.agreementKey()),
                key, nonce, Map.of(PRIMARY.deviceId(), ephemeral));

        byte[] headerCjson = CanonicalJson.canonicalJsonBytes(header.toJson());
        byte[] aad = concat("switchboard/message-content/v1".getBytes(StandardCharsets.UTF_8), new byte[] {0}, headerCjson);
        byte[] ciphertext = concat(nonce, Primitives.aes256GcmEncrypt(key, nonce, CONTENT, aad));
        assertEquals(B64u.encode(ciphertext), envelope.ciphertext());

        byte[] info = concat("switchboard/key-wrap/v1".getBytes(StandardCharsets.UTF_8), new byte[] {0},
                PRIMARY.deviceId().getBytes(StandardCharsets.US_ASCII));
        Hpke.Sealed wrap = Hpke.sealWithEphemeral(PRIMARY.agreementKey(), info, Primitives.sha256(headerCjson), key, ephemeral);
        assertEquals(B64u.encode(concat(wrap.enc(), wrap.ciphertext())), envelope.wraps().get(PRIMARY.deviceId()));

        String signed = "{\"ciphertextHash\":\"" + B64u.encode(Primitives.sha256(ciphertext)) + "\",\"header\":"
                + new String(headerCjson, StandardCharsets.UTF_8) + "}";
        byte[] signature = Primitives.ed25519Sign(Fixtures.signingSeed("companion1"),
                concat("switchboard/envelope/v1".getBytes(StandardCharsets.UTF_8), new byte[] {0}, signed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(B64u.encode(signature), envelope.signature());
    }

    @Test
    void aDeviceWithoutAWrapIsNotARecipient() {
        MessageEnvelope note = Envelopes.seal(PRIMARY, Fixtures.header(PRIMARY, MessageHeader.KIND_NOTE, "note"),
                MessageContent.text("Prefers short replies"),
                Envelopes.recipients(Fixtures.header(PRIMARY, MessageHeader.KIND_NOTE, "note"), Fixtures.businessList(), Fixtures.customerList()),
                RANDOM);
        assertRejected(Reason.NOT_A_RECIPIENT, () -> Envelopes.receive(note, PRIMARY.signingKey(), CUSTOMER));
        assertArrayEquals(MessageContent.text("Prefers short replies"), Envelopes.receive(note, PRIMARY.signingKey(), PRIMARY),
                "the sender reads its own copy");
        assertArrayEquals(MessageContent.text("Prefers short replies"), Envelopes.receive(note, PRIMARY.signingKey(), COMPANION2));
    }

    @Test
    void aWrapForAnotherDeviceDoesNotOpen() {
        MessageEnvelope envelope = sealedText();
        // The server (or anyone) moves companion2's wrap under the primary's id: HPKE binds key and device id.
        Map<String, String> swapped = new TreeMap<>(envelope.wraps());
        swapped.put(PRIMARY.deviceId(), envelope.wraps().get(COMPANION2.deviceId()));
        MessageEnvelope moved = new MessageEnvelope(envelope.header(), envelope.ciphertext(), envelope.signature(), swapped);
        assertRejected(Reason.BAD_WRAP, () -> Envelopes.receive(moved, COMPANION1.signingKey(), PRIMARY));
        // A wrap sealed to the primary's key but for companion2's id does not open either.
        byte[] key = Envelopes.unwrapKey(envelope, PRIMARY);
        byte[] misaddressed = ContentKey.wrap(key, envelope.header(), COMPANION2.deviceId(), PRIMARY.agreementKey(), RANDOM);
        MessageEnvelope mislabelled = envelope.withWrap(PRIMARY.deviceId(), misaddressed);
        assertRejected(Reason.BAD_WRAP, () -> Envelopes.receive(mislabelled, COMPANION1.signingKey(), PRIMARY));
    }

    @Test
    void aChangedByteOfTheCiphertextIsRefused() {
        MessageEnvelope envelope = sealedText();
        byte[] ciphertext = envelope.ciphertextBytes();
        for (int i = 0; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 1;
            MessageEnvelope changed = new MessageEnvelope(envelope.header(), B64u.encode(tampered), envelope.signature(), envelope.wraps());
            assertRejected(Reason.BAD_SIGNATURE, () -> Envelopes.receive(changed, COMPANION1.signingKey(), PRIMARY));
            // Without the signature check, AES-GCM refuses it.
            assertRejected(Reason.BAD_CIPHERTEXT, () -> Envelopes.open(changed, PRIMARY));
        }
    }

    @Test
    void aChangedHeaderIsRefused() {
        MessageEnvelope envelope = sealedText();
        MessageHeader h = envelope.header();
        MessageHeader later = new MessageHeader(h.type(), h.conversation(), h.sender(), h.clientMessageId(),
                h.businessListVersion(), h.customerListVersion(), h.kind(), h.sentAt() + 1);
        MessageEnvelope changed = new MessageEnvelope(later, envelope.ciphertext(), envelope.signature(), envelope.wraps());
        assertRejected(Reason.BAD_SIGNATURE, () -> Envelopes.receive(changed, COMPANION1.signingKey(), PRIMARY));
        // Without the signature check the wrap (aad = SHA-256 of the header) already refuses it.
        assertRejected(Reason.BAD_WRAP, () -> Envelopes.open(changed, PRIMARY));

        // Signed and wrapped for the changed header, the content still does not decrypt: its aad is the header.
        byte[] key = Envelopes.unwrapKey(envelope, PRIMARY);
        byte[] wrap = ContentKey.wrap(key, later, PRIMARY.deviceId(), PRIMARY.agreementKey(), RANDOM);
        MessageEnvelope resigned = new MessageEnvelope(later, envelope.ciphertext(),
                B64u.encode(Envelopes.signature(COMPANION1, later, envelope.ciphertextBytes())), Map.of(PRIMARY.deviceId(), B64u.encode(wrap)));
        assertRejected(Reason.BAD_CIPHERTEXT, () -> Envelopes.receive(resigned, COMPANION1.signingKey(), PRIMARY));
    }

    @Test
    void aSignatureOfAnotherKeyOrNotASignatureIsRefused() {
        MessageEnvelope envelope = sealedText();
        byte[] ciphertext = envelope.ciphertextBytes();
        String forged = B64u.encode(COMPANION2.sign(Labels.ENVELOPE, Envelopes.signedPayload(envelope.header(), ciphertext)));
        for (String signature : new String[] {forged, "not base64url!", "", B64u.encode(new byte[64])}) {
            MessageEnvelope changed = new MessageEnvelope(envelope.header(), envelope.ciphertext(), signature, envelope.wraps());
            assertFalse(Envelopes.verify(changed, COMPANION1.signingKey()));
            assertRejected(Reason.BAD_SIGNATURE, () -> Envelopes.receive(changed, COMPANION1.signingKey(), PRIMARY));
        }
        // The right signature checked with a key that is not the header's sender's.
        assertFalse(Envelopes.verify(envelope, COMPANION2.signingKey()));
        assertFalse(Envelopes.verify(envelope, new byte[31]));
        assertTrue(Envelopes.verify(envelope, COMPANION1.signingKey()));
    }

    @Test
    void aSignatureUnderAnotherLabelIsRefused() {
        MessageEnvelope envelope = sealedText();
        byte[] payload = Envelopes.signedPayload(envelope.header(), envelope.ciphertextBytes());
        MessageEnvelope relabelled = new MessageEnvelope(envelope.header(), envelope.ciphertext(),
                B64u.encode(COMPANION1.sign(Labels.AUTH, payload)), envelope.wraps());
        assertFalse(Envelopes.verify(relabelled, COMPANION1.signingKey()));
    }

    @Test
    void historySyncRewrapsTheKeyForANewDevice() {
        MessageEnvelope envelope = Envelopes.seal(COMPANION1, textHeader(), CONTENT, Map.of(PRIMARY.deviceId(), PRIMARY.agreementKey()), RANDOM);
        assertRejected(Reason.NOT_A_RECIPIENT, () -> Envelopes.receive(envelope, COMPANION1.signingKey(), COMPANION2));
        byte[] key = Envelopes.unwrapKey(envelope, PRIMARY);
        byte[] wrap = Envelopes.rewrap(key, envelope.header(), COMPANION2.deviceId(), COMPANION2.agreementKey(), RANDOM);
        MessageEnvelope synced = envelope.withWrap(COMPANION2.deviceId(), wrap);
        assertEquals(envelope.signature(), synced.signature());
        assertArrayEquals(CONTENT, Envelopes.receive(synced, COMPANION1.signingKey(), COMPANION2));
        assertArrayEquals(CONTENT, Envelopes.decrypt(synced, key));
    }

    @Test
    void sealRefusesInconsistentInputs() {
        Map<String, byte[]> recipients = recipientsOfText();
        assertThrows(ProtocolException.class, () -> Envelopes.seal(COMPANION2, textHeader(), CONTENT, recipients, RANDOM),
                "the header names another sender");
        assertThrows(ProtocolException.class, () -> Envelopes.seal(COMPANION1, textHeader(), CONTENT,
                Map.of(PRIMARY.deviceId(), PRIMARY.agreementKey()), new byte[32], new byte[12], Map.of()), "an ephemeral key per recipient");
        assertThrows(ProtocolException.class, () -> Envelopes.seal(COMPANION1, textHeader(), CONTENT,
                Map.of("short", PRIMARY.agreementKey()), new byte[32], new byte[12], Map.of("short", new byte[32])), "device ids only");
    }

    @Test
    void recipientsOfANoteAreTheBusinessDevicesTheSenderIncluded() {
        MessageHeader note = Fixtures.header(COMPANION2, MessageHeader.KIND_NOTE, "note");
        Map<String, byte[]> recipients = Envelopes.recipients(note, Fixtures.businessList(), Fixtures.customerList());
        assertEquals(List.of(PRIMARY.deviceId(), COMPANION1.deviceId(), COMPANION2.deviceId()).stream().sorted().toList(),
                List.copyOf(recipients.keySet()));
        assertArrayEquals(COMPANION2.agreementKey(), recipients.get(COMPANION2.deviceId()));
        assertArrayEquals(PRIMARY.agreementKey(), recipients.get(PRIMARY.deviceId()));
    }

    @Test
    void aWhisperIsWrappedLikeANoteAndNeverComesFromACustomer() {
        MessageHeader whisper = Fixtures.header(COMPANION2, MessageHeader.KIND_WHISPER, "whisper");
        assertEquals(List.of(PRIMARY.deviceId(), COMPANION1.deviceId(), COMPANION2.deviceId()).stream().sorted().toList(),
                List.copyOf(Envelopes.recipients(whisper, Fixtures.businessList(), Fixtures.customerList()).keySet()));
        MessageHeader fromCustomer = Fixtures.header(CUSTOMER, MessageHeader.KIND_WHISPER, "whisper");
        assertThrows(ProtocolException.class, () -> Envelopes.recipients(fromCustomer, Fixtures.businessList(), Fixtures.customerList()));
    }

    @Test
    void recipientsOfOtherKindsAreAllDevicesOfBothListsTheSenderIncluded() {
        for (String kind : List.of("text", "image", "video", "voice", "document", "feedback")) {
            MessageHeader fromCustomer = Fixtures.header(CUSTOMER_COMPANION, kind, kind);
            assertEquals(List.of(PRIMARY, COMPANION1, COMPANION2, CUSTOMER, CUSTOMER_COMPANION).stream().map(DeviceKeys::deviceId).sorted().toList(),
                    List.copyOf(Envelopes.recipients(fromCustomer, Fixtures.businessList(), Fixtures.customerList()).keySet()), kind);
        }
    }

    @Test
    void recipientsRefuseASenderInTheWrongPlaceOrListsOfOtherVersions() {
        MessageHeader noteFromCustomer = Fixtures.header(CUSTOMER, MessageHeader.KIND_NOTE, "note");
        assertThrows(ProtocolException.class, () -> Envelopes.recipients(noteFromCustomer, Fixtures.businessList(), Fixtures.customerList()));
        DeviceKeys stranger = DeviceKeys.generate(RANDOM);
        MessageHeader fromStranger = Fixtures.header(stranger, MessageHeader.KIND_TEXT, "text");
        assertThrows(ProtocolException.class, () -> Envelopes.recipients(fromStranger, Fixtures.businessList(), Fixtures.customerList()));
        DeviceList olderBusinessList = DeviceList.of(Fixtures.ACCOUNT, 1, Fixtures.ISSUED_AT, Fixtures.EXPIRES_AT,
                Fixtures.businessList().devices());
        assertThrows(ProtocolException.class, () -> Envelopes.recipients(textHeader(), olderBusinessList, Fixtures.customerList()));
    }

    @Test
    void wireRoundTrip() {
        MessageEnvelope envelope = sealedText();
        MessageEnvelope parsed = Envelopes.parse(envelope.toJson().toString());
        assertEquals(envelope, parsed);
        assertArrayEquals(CONTENT, Envelopes.receive(parsed, COMPANION1.signingKey(), CUSTOMER));
    }

    @Test
    void recordsSerializeWithJacksonExactlyAsTheWireForm() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        MessageEnvelope envelope = sealedText();
        assertEquals(mapper.readTree(envelope.toJson().toString()), mapper.readTree(mapper.writeValueAsString(envelope)));
        assertEquals(envelope, mapper.readValue(mapper.writeValueAsString(envelope), MessageEnvelope.class));
    }

    @Test
    void parseRefusesMalformedEnvelopes() {
        String valid = sealedText().toJson().toString();
        String header = textHeader().toJson().toString();
        String wrapId = COMPANION2.deviceId();
        List<String> malformed = List.of(
                valid.substring(1),
                valid.replace("\"wraps\":", "\"keys\":"),
                valid.replace("\"signature\":", "\"extra\":1,\"signature\":"),
                valid.replace("\"sentAt\":" + Fixtures.SENT_AT, "\"sentAt\":" + Fixtures.SENT_AT + ".0"),
                valid.replace("\"sentAt\":" + Fixtures.SENT_AT, "\"sentAt\":" + Fixtures.SENT_AT + ",\"sentAt\":1"),
                valid.replace("\"kind\":\"text\"", "\"kind\":\"sticker\""),
                valid.replace("\"type\":\"switchboard/message/v1\"", "\"type\":\"switchboard/message/v2\""),
                valid.replace("\"conversation\":\"" + Fixtures.CONVERSATION + "\"", "\"conversation\":\"" + Fixtures.CONVERSATION + "A\""),
                valid.replace("\"businessListVersion\":2", "\"businessListVersion\":0"),
                valid.replace("\"customerListVersion\":1", "\"customerListVersion\":\"1\""),
                valid.replace("\"" + wrapId + "\":\"", "\"" + wrapId.substring(1) + "\":\""),
                valid.replace("\"" + wrapId + "\":\"", "\"" + wrapId + "\":\"AA"),
                valid.replaceFirst("\"ciphertext\":\"[^\"]*\"", "\"ciphertext\":\"" + B64u.encode(new byte[27]) + "\""),
                valid.replaceFirst("\"ciphertext\":\"[^\"]*\"", "\"ciphertext\":\"a+b\""),
                valid.replaceFirst("\"signature\":\"[^\"]*\"", "\"signature\":null"),
                valid.replace(header, "[]"));
        for (String json : malformed) {
            assertNotEquals(valid, json, "the replacement applied");
            assertRejected(Reason.MALFORMED, () -> Envelopes.parse(json));
        }
    }

    @Test
    void everyInvalidVectorIsRejectedWithItsReasonAndEveryReasonHasOne() {
        Set<Reason> covered = new HashSet<>();
        for (MessageVectors.Invalid invalid : MessageVectors.invalidCases()) {
            assertEquals(invalid.reason(), invalid.verdict(), invalid.description());
            covered.add(invalid.reason());
        }
        assertEquals(Set.of(Reason.values()), covered);
    }

    @Test
    void theValidVectorsAreReceivedByEveryRecipient() {
        for (MessageVectors.Case testCase : MessageVectors.cases()) {
            MessageEnvelope envelope = testCase.envelope();
            for (String recipient : testCase.recipients()) {
                assertArrayEquals(testCase.content(), Envelopes.receive(envelope, testCase.senderKeys().signingKey(),
                        MessageVectors.keys(recipient)), testCase.description());
            }
        }
    }

    @Test
    void reasonCodesAreTheOnesOfTheSpec() {
        assertEquals(List.of("malformed", "bad-signature", "not-a-recipient", "bad-wrap", "bad-ciphertext"),
                Arrays.stream(Reason.values()).map(Reason::code).toList());
        assertEquals(Reason.BAD_WRAP, Reason.fromCode("bad-wrap"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void assertRejected(Reason reason, Executable receiving) {
        EnvelopeException rejection = assertThrows(EnvelopeException.class, receiving);
        assertEquals(reason, rejection.reason(), rejection.getMessage());
    }
}
