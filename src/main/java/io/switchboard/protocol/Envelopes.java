package io.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.EnvelopeException.Reason;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sealing, verifying and opening message envelopes (protocol §13.2). A receiver runs
 * {@link #receive(MessageEnvelope, byte[], DeviceKeys)}, which checks in the spec's order and reports the
 * first failure, so a defective envelope gets the same reason on every implementation.
 */
public final class Envelopes {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Envelopes() {
    }

    /**
     * Encrypts {@code content} under a fresh content key and nonce, wraps the key for every recipient and
     * signs. {@code recipients} maps device ids to their X25519 agreement keys; see {@link #recipients}.
     */
    public static MessageEnvelope seal(DeviceKeys sender, MessageHeader header, byte[] content, Map<String, byte[]> recipients,
                                       SecureRandom random) {
        byte[] contentKey = ContentKey.generate(random);
        byte[] nonce = new byte[ContentKey.NONCE_SIZE];
        random.nextBytes(nonce);
        Map<String, byte[]> ephemeralPrivateKeys = new TreeMap<>();
        for (String deviceId : recipients.keySet()) {
            byte[] ephemeralPrivate = new byte[Primitives.KEY_SIZE];
            random.nextBytes(ephemeralPrivate);
            ephemeralPrivateKeys.put(deviceId, ephemeralPrivate);
        }
        return seal(sender, header, content, recipients, contentKey, nonce, ephemeralPrivateKeys);
    }

    /**
     * {@link #seal(DeviceKeys, MessageHeader, byte[], Map, SecureRandom)} with every random input given:
     * deterministic, for test vectors only. {@code ephemeralPrivateKeys} holds one HPKE ephemeral private
     * key per recipient device id.
     *
     * @throws ProtocolException when the header's sender is not {@code sender} or the ephemeral keys are not
     *     exactly one per recipient
     */
    public static MessageEnvelope seal(DeviceKeys sender, MessageHeader header, byte[] content, Map<String, byte[]> recipients,
                                       byte[] contentKey, byte[] nonce, Map<String, byte[]> ephemeralPrivateKeys) {
        if (!header.sender().equals(sender.deviceId())) {
            throw new ProtocolException("the header's sender is not the signing device");
        }
        if (!ephemeralPrivateKeys.keySet().equals(recipients.keySet())) {
            throw new ProtocolException("one ephemeral key per recipient is needed");
        }
        byte[] ciphertext = ContentKey.encrypt(contentKey, nonce, content, header);
        Map<String, String> wraps = new TreeMap<>();
        recipients.forEach((deviceId, agreementKey) -> wraps.put(deviceId, B64u.encode(
                ContentKey.wrapWithEphemeral(contentKey, header, deviceId, agreementKey, ephemeralPrivateKeys.get(deviceId)))));
        return new MessageEnvelope(header, B64u.encode(ciphertext), B64u.encode(signature(sender, header, ciphertext)), wraps);
    }

    /**
     * {@code Ed25519(sender, "switchboard/envelope/v1" || 0x00 || CJSON({"header": header,
     * "ciphertextHash": b64u(SHA-256(ciphertext))}))}. The wraps are not covered, so a key re-wrapped for
     * a new device (history sync) leaves the signature valid.
     */
    public static byte[] signature(DeviceKeys sender, MessageHeader header, byte[] ciphertext) {
        return sender.sign(Labels.ENVELOPE, signedPayload(header, ciphertext));
    }

    static byte[] signedPayload(MessageHeader header, byte[] ciphertext) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("header", header.toJson());
        json.put("ciphertextHash", B64u.encode(Primitives.sha256(ciphertext)));
        return CanonicalJson.canonicalJsonBytes(json);
    }

    /**
     * True when the envelope is signed by {@code senderSigningKey} and that key is the header's sender
     * (its device id is {@code header.sender}). The caller takes the key from the sender's entry in the
     * list version the header names.
     */
    public static boolean verify(MessageEnvelope envelope, byte[] senderSigningKey) {
        try {
            if (!DeviceId.of(senderSigningKey).equals(envelope.header().sender())) {
                return false;
            }
            return DeviceKeys.verify(senderSigningKey, Labels.ENVELOPE,
                    signedPayload(envelope.header(), envelope.ciphertextBytes()), B64u.decode(envelope.signature()));
        } catch (ProtocolException undecodable) {
            return false;
        }
    }

    /**
     * The content key from the wrap addressed to {@code me}.
     *
     * @throws EnvelopeException {@code not-a-recipient} without a wrap for this device, {@code bad-wrap}
     *     when it does not open
     */
    public static byte[] unwrapKey(MessageEnvelope envelope, DeviceKeys me) {
        byte[] wrap = envelope.wrapFor(me.deviceId())
                .orElseThrow(() -> new EnvelopeException(Reason.NOT_A_RECIPIENT, "no wrap for " + me.deviceId()));
        try {
            return ContentKey.unwrap(wrap, envelope.header(), me);
        } catch (ProtocolException e) {
            throw new EnvelopeException(Reason.BAD_WRAP, "the wrap for " + me.deviceId() + " does not open", e);
        }
    }

    /**
     * Decrypts the content with a known content key, checking it against the header.
     *
     * @throws EnvelopeException {@code bad-ciphertext} when AES-GCM fails
     */
    public static byte[] decrypt(MessageEnvelope envelope, byte[] contentKey) {
        try {
            return ContentKey.decrypt(contentKey, envelope.ciphertextBytes(), envelope.header());
        } catch (ProtocolException e) {
            throw new EnvelopeException(Reason.BAD_CIPHERTEXT, "the content does not decrypt under this header", e);
        }
    }

    /** Unwraps the key and decrypts; does not check the signature (see {@link #receive}). */
    public static byte[] open(MessageEnvelope envelope, DeviceKeys me) {
        return decrypt(envelope, unwrapKey(envelope, me));
    }

    /**
     * Everything a receiving device checks, in order: the signature ({@code bad-signature}), a wrap for
     * this device ({@code not-a-recipient}), the wrap opens ({@code bad-wrap}), the content decrypts
     * ({@code bad-ciphertext}). Parsing comes first ({@link #parse}, {@code malformed}).
     *
     * @return the content bytes
     * @throws EnvelopeException with the first reason that applies
     */
    public static byte[] receive(MessageEnvelope envelope, byte[] senderSigningKey, DeviceKeys me) {
        if (!verify(envelope, senderSigningKey)) {
            throw new EnvelopeException(Reason.BAD_SIGNATURE, "the signature does not verify as " + envelope.header().sender());
        }
        return open(envelope, me);
    }

    /** A new wrap of a known content key for one more device (history sync); add it with {@link MessageEnvelope#withWrap}. */
    public static byte[] rewrap(byte[] contentKey, MessageHeader header, String deviceId, byte[] agreementKey, SecureRandom random) {
        return ContentKey.wrap(contentKey, header, deviceId, agreementKey, random);
    }

    /**
     * The devices a message is wrapped for (§13.2 "Recipients"): for a {@code note} or a {@code whisper} every device of the
     * business list, where the sender must be; for every other kind every device of both lists, the
     * sender on one of them. The sender is a recipient too (protocol 1.1): its own copy lets it read the
     * message again from the server and makes it a holder that history sync can ask. The lists are
     * verified bodies of the versions the header names.
     *
     * @return device id to agreement key, sorted by device id
     * @throws ProtocolException when a list's version is not the header's or the sender is not where it must be
     */
    public static Map<String, byte[]> recipients(MessageHeader header, DeviceList businessList, DeviceList customerList) {
        if (businessList.version() != header.businessListVersion() || customerList.version() != header.customerListVersion()) {
            throw new ProtocolException("the lists are not the versions the header names");
        }
        String sender = header.sender();
        boolean note = MessageHeader.isInternal(header.kind());
        boolean senderKnown = businessList.entry(sender).isPresent() || (!note && customerList.entry(sender).isPresent());
        if (!senderKnown) {
            throw new ProtocolException(note ? "a note's sender must be a business device" : "the sender is on neither list");
        }
        Map<String, byte[]> recipients = new TreeMap<>();
        for (DeviceList list : note ? List.of(businessList) : List.of(businessList, customerList)) {
            list.devices().forEach(device -> recipients.put(device.id(), B64u.decodeExact(device.agreementKey(), Primitives.KEY_SIZE)));
        }
        return recipients;
    }

    /**
     * Reads an envelope from the wire, refusing unknown or missing members, non-integer numbers and any
     * header rule broken.
     *
     * @throws EnvelopeException with reason {@code malformed}
     */
    public static MessageEnvelope parse(JsonNode json) {
        try {
            return MessageEnvelope.fromJson(json);
        } catch (ProtocolException e) {
            throw new EnvelopeException(Reason.MALFORMED, e.getMessage(), e);
        }
    }

    /** {@link #parse(JsonNode)} from JSON text; duplicate member names are refused too. */
    public static MessageEnvelope parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new EnvelopeException(Reason.MALFORMED, "not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
