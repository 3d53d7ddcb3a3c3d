package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.EnvelopeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code messages} section of the golden vectors (protocol §11): envelopes sealed from fixed
 * content keys, nonces and HPKE ephemeral keys, envelopes with one defect each, and blobs.
 */
final class MessageVectors {

    static final String CONVERSATION = B64u.encode(Fixtures.fixedBytes("messages/conversation", 16));
    static final long BUSINESS_LIST_VERSION = Fixtures.VERSION;
    static final long CUSTOMER_LIST_VERSION = 1;
    static final long SENT_AT = Fixtures.NOW + 20;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A valid message: every private input is fixed, so the envelope is deterministic. */
    record Case(String name, String description, String sender, String kind, String text, List<String> recipients) {

        DeviceKeys senderKeys() {
            return keys(sender);
        }

        MessageHeader header() {
            return header(SENT_AT);
        }

        MessageHeader header(long sentAt) {
            return MessageHeader.of(CONVERSATION, senderKeys().deviceId(),
                    B64u.encode(Fixtures.fixedBytes("messages/" + name + "/client-message-id", 16)),
                    BUSINESS_LIST_VERSION, CUSTOMER_LIST_VERSION, kind, sentAt);
        }

        byte[] contentKey() {
            return Fixtures.fixedBytes("messages/" + name + "/content-key", ContentKey.SIZE);
        }

        byte[] nonce() {
            return Fixtures.fixedBytes("messages/" + name + "/nonce", ContentKey.NONCE_SIZE);
        }

        byte[] ephemeralPrivate(String recipient) {
            return Fixtures.fixedBytes("messages/" + name + "/ephemeral/" + recipient, 32);
        }

        byte[] content() {
            return MessageContent.text(text);
        }

        Map<String, byte[]> recipientKeys() {
            Map<String, byte[]> keys = new TreeMap<>();
            recipients.forEach(name -> keys.put(keys(name).deviceId(), keys(name).agreementKey()));
            return keys;
        }

        Map<String, byte[]> ephemeralKeys() {
            Map<String, byte[]> ephemeral = new TreeMap<>();
            recipients.forEach(name -> ephemeral.put(keys(name).deviceId(), ephemeralPrivate(name)));
            return ephemeral;
        }

        MessageEnvelope envelope() {
            return Envelopes.seal(senderKeys(), header(), content(), recipientKeys(), contentKey(), nonce(), ephemeralKeys());
        }
    }

    /** An envelope with one defect: receiving it as {@code recipient} from {@code sender} fails with {@code reason}. */
    record Invalid(String description, Reason reason, String sender, String recipient, ObjectNode envelope) {

        /** The reason the receiver gives, or null if it accepts the envelope. */
        Reason verdict() {
            try {
                Envelopes.receive(Envelopes.parse(envelope), keys(sender).signingKey(), keys(recipient));
                return null;
            } catch (EnvelopeException e) {
                return e.reason();
            }
        }
    }

    private MessageVectors() {
    }

    static final Case TEXT = new Case("text", "text from companion1 to primary and companion2", "companion1", MessageHeader.KIND_TEXT,
            "Olá! Your order #1042 ships today ☃", List.of("primary", "companion2"));
    static final Case NOTE = new Case("note", "note from primary to companion1 and companion2", "primary", MessageHeader.KIND_NOTE,
            "Customer asked for a call back after 18:00 — «urgent»", List.of("companion1", "companion2"));
    static final Case ESCAPES = new Case("escapes", "text from primary to companion1 only, with escapes and a non-BMP character",
            "primary", MessageHeader.KIND_TEXT, "Line 1\nLine 2\t\"quoted\" \\ \u0001 😀 </script>", List.of("companion1"));

    static List<Case> cases() {
        return List.of(TEXT, NOTE, ESCAPES);
    }

    static ObjectNode generate() {
        ObjectNode messages = JSON.objectNode();
        ArrayNode envelopes = messages.putArray("envelopes");
        cases().forEach(testCase -> envelopes.add(validCase(testCase)));
        ArrayNode invalid = messages.putArray("invalidEnvelopes");
        invalidCases().forEach(testCase -> invalid.add(invalidCase(testCase)));
        ArrayNode blobs = messages.putArray("blobs");
        blobs.add(blob("attachment", "Switchboard test attachment\n".getBytes(StandardCharsets.UTF_8)));
        blobs.add(blob("empty", new byte[0]));
        return messages;
    }

    private static ObjectNode validCase(Case testCase) {
        ObjectNode vector = JSON.objectNode();
        vector.put("description", testCase.description());
        vector.put("sender", testCase.sender());
        vector.set("header", testCase.header().toJson());
        vector.put("contentKey", B64u.encode(testCase.contentKey()));
        vector.put("nonce", B64u.encode(testCase.nonce()));
        vector.set("content", parse(testCase.content()));
        ArrayNode recipients = vector.putArray("recipients");
        testCase.recipients().stream()
                .sorted((a, b) -> keys(a).deviceId().compareTo(keys(b).deviceId()))
                .forEach(name -> {
                    ObjectNode recipient = recipients.addObject();
                    recipient.put("identity", name);
                    recipient.put("ephemeralPrivate", B64u.encode(testCase.ephemeralPrivate(name)));
                });
        vector.set("envelope", testCase.envelope().toJson());
        return vector;
    }

    private static ObjectNode invalidCase(Invalid invalid) {
        ObjectNode vector = JSON.objectNode();
        vector.put("reason", invalid.reason().code());
        vector.put("description", invalid.description());
        vector.put("sender", invalid.sender());
        vector.put("recipient", invalid.recipient());
        vector.set("envelope", invalid.envelope());
        return vector;
    }

    private static ObjectNode blob(String name, byte[] plaintext) {
        byte[] key = Fixtures.fixedBytes("messages/blob/" + name + "/key", Blobs.KEY_SIZE);
        byte[] nonce = Fixtures.fixedBytes("messages/blob/" + name + "/nonce", Blobs.NONCE_SIZE);
        ObjectNode vector = JSON.objectNode();
        vector.put("description", name);
        vector.put("key", B64u.encode(key));
        vector.put("nonce", B64u.encode(nonce));
        vector.put("plaintext", B64u.encode(plaintext));
        vector.put("encrypted", B64u.encode(Blobs.encrypt(key, nonce, plaintext)));
        return vector;
    }

    /** Each is {@link #TEXT} with one defect, received by the primary unless stated otherwise. */
    static List<Invalid> invalidCases() {
        return List.of(ciphertextChangedAfterSigning(), headerChangedAfterSigning(), signedByAnotherDevice(),
                encryptedUnderAnotherHeader(), wrapOfAnotherDevice(), wrapBoundToAnotherDeviceId(), wrapRemoved(),
                unknownKind(), shortWrap());
    }

    static Invalid ciphertextChangedAfterSigning() {
        ObjectNode envelope = TEXT.envelope().toJson();
        byte[] ciphertext = B64u.decode(envelope.get("ciphertext").textValue());
        ciphertext[ciphertext.length - 1] ^= 1;
        envelope.put("ciphertext", B64u.encode(ciphertext));
        return invalid("last byte of the ciphertext flipped after signing", Reason.BAD_SIGNATURE, "primary", envelope);
    }

    static Invalid headerChangedAfterSigning() {
        ObjectNode envelope = TEXT.envelope().toJson();
        ((ObjectNode) envelope.get("header")).put("sentAt", SENT_AT + 1);
        return invalid("header sentAt changed after signing", Reason.BAD_SIGNATURE, "primary", envelope);
    }

    static Invalid signedByAnotherDevice() {
        MessageEnvelope valid = TEXT.envelope();
        ObjectNode envelope = valid.toJson();
        envelope.put("signature", B64u.encode(Envelopes.signature(keys("companion2"), valid.header(), valid.ciphertextBytes())));
        return invalid("signed by companion2, the header names companion1", Reason.BAD_SIGNATURE, "primary", envelope);
    }

    static Invalid encryptedUnderAnotherHeader() {
        // The tampered-header case that only AES-GCM catches: signature and wraps are for the header sent,
        // the content was encrypted with another header (sentAt one second earlier) as aad.
        MessageHeader sent = TEXT.header();
        byte[] ciphertext = ContentKey.encrypt(TEXT.contentKey(), TEXT.nonce(), TEXT.content(), TEXT.header(SENT_AT - 1));
        Map<String, String> wraps = new TreeMap<>();
        TEXT.recipients().forEach(name -> wraps.put(keys(name).deviceId(), B64u.encode(ContentKey.wrapWithEphemeral(
                TEXT.contentKey(), sent, keys(name).deviceId(), keys(name).agreementKey(), TEXT.ephemeralPrivate(name)))));
        MessageEnvelope envelope = new MessageEnvelope(sent, B64u.encode(ciphertext),
                B64u.encode(Envelopes.signature(TEXT.senderKeys(), sent, ciphertext)), wraps);
        return invalid("content encrypted under the header with sentAt one second earlier; signed and wrapped for the header sent",
                Reason.BAD_CIPHERTEXT, "primary", envelope.toJson());
    }

    static Invalid wrapOfAnotherDevice() {
        ObjectNode envelope = TEXT.envelope().toJson();
        ObjectNode wraps = (ObjectNode) envelope.get("wraps");
        wraps.set(keys("primary").deviceId(), wraps.get(keys("companion2").deviceId()));
        return invalid("the primary's wrap is the one made for companion2", Reason.BAD_WRAP, "primary", envelope);
    }

    static Invalid wrapBoundToAnotherDeviceId() {
        ObjectNode envelope = TEXT.envelope().toJson();
        byte[] misaddressed = ContentKey.wrapWithEphemeral(TEXT.contentKey(), TEXT.header(), keys("companion2").deviceId(),
                keys("primary").agreementKey(), TEXT.ephemeralPrivate("primary"));
        ((ObjectNode) envelope.get("wraps")).put(keys("primary").deviceId(), B64u.encode(misaddressed));
        return invalid("the primary's wrap is sealed to its agreement key but its info names companion2", Reason.BAD_WRAP, "primary",
                envelope);
    }

    static Invalid wrapRemoved() {
        ObjectNode envelope = TEXT.envelope().toJson();
        ((ObjectNode) envelope.get("wraps")).remove(keys("companion2").deviceId());
        return new Invalid("companion2's wrap removed, received by companion2", Reason.NOT_A_RECIPIENT, TEXT.sender(), "companion2",
                envelope);
    }

    static Invalid unknownKind() {
        ObjectNode envelope = TEXT.envelope().toJson();
        ((ObjectNode) envelope.get("header")).put("kind", "sticker");
        return invalid("header kind sticker", Reason.MALFORMED, "primary", envelope);
    }

    static Invalid shortWrap() {
        ObjectNode envelope = TEXT.envelope().toJson();
        ObjectNode wraps = (ObjectNode) envelope.get("wraps");
        byte[] wrap = B64u.decode(wraps.get(keys("primary").deviceId()).textValue());
        wraps.put(keys("primary").deviceId(), B64u.encode(Arrays.copyOf(wrap, wrap.length - 1)));
        return invalid("the primary's wrap is 79 bytes", Reason.MALFORMED, "primary", envelope);
    }

    private static Invalid invalid(String description, Reason reason, String recipient, ObjectNode envelope) {
        return new Invalid(description, reason, TEXT.sender(), recipient, envelope);
    }

    static DeviceKeys keys(String identity) {
        return DeviceKeys.fromPrivate(Fixtures.signingSeed(identity), Fixtures.agreementPrivate(identity));
    }

    private static JsonNode parse(byte[] json) {
        try {
            return GoldenVectors.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
