package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The wire form of a message (protocol §13.2): the cleartext header, {@code nonce || AES-256-GCM(content)},
 * the sender's signature and one HPKE-wrapped content key per recipient device, keyed by device id.
 * Binary values are b64u. The constructor checks the encodings of the ciphertext and the wraps; the
 * signature is only required to be a string: one that is not b64u of a valid signature does not verify.
 */
public record MessageEnvelope(MessageHeader header, String ciphertext, String signature, Map<String, String> wraps) {

    public MessageEnvelope {
        DeviceEntry.requirePresent(header, "header");
        DeviceEntry.requirePresent(ciphertext, "ciphertext");
        DeviceEntry.requirePresent(signature, "signature");
        DeviceEntry.requirePresent(wraps, "wraps");
        if (B64u.decode(ciphertext).length < ContentKey.MIN_CIPHERTEXT_SIZE) {
            throw new ProtocolException("ciphertext must hold a " + ContentKey.NONCE_SIZE + "-byte nonce and a "
                    + Primitives.GCM_TAG_SIZE + "-byte tag");
        }
        wraps.forEach((deviceId, wrap) -> {
            DeviceEntry.requirePresent(deviceId, "wrap device id");
            DeviceEntry.requirePresent(wrap, "wrap");
            MessageHeader.requireId(deviceId, "a wrap's device id");
            B64u.decodeExact(wrap, ContentKey.WRAP_SIZE);
        });
        // Sorted so that the same envelope always serializes the same way.
        wraps = Collections.unmodifiableMap(new TreeMap<>(wraps));
    }

    public byte[] ciphertextBytes() {
        return B64u.decode(ciphertext);
    }

    /** The wrap for {@code deviceId}, if the envelope has one. */
    public Optional<byte[]> wrapFor(String deviceId) {
        return Optional.ofNullable(wraps.get(deviceId)).map(B64u::decode);
    }

    /** The same envelope with one more wrap, as when a device re-wraps the key for a new device (history sync). */
    public MessageEnvelope withWrap(String deviceId, byte[] wrap) {
        Map<String, String> more = new TreeMap<>(wraps);
        more.put(deviceId, B64u.encode(wrap));
        return new MessageEnvelope(header, ciphertext, signature, more);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("header", header.toJson());
        json.put("ciphertext", ciphertext);
        json.put("signature", signature);
        ObjectNode wrapsJson = json.putObject("wraps");
        wraps.forEach(wrapsJson::put);
        return json;
    }

    /** Strict: exactly the four members, a valid header, b64u ciphertext and 80-byte wraps keyed by device ids. */
    public static MessageEnvelope fromJson(JsonNode json) {
        StrictJson.object(json, "message envelope", "header", "ciphertext", "signature", "wraps");
        JsonNode wrapsJson = json.get("wraps");
        if (!wrapsJson.isObject()) {
            throw new ProtocolException("wraps must be an object");
        }
        Map<String, String> wraps = new TreeMap<>();
        wrapsJson.fieldNames().forEachRemaining(id -> wraps.put(id, StrictJson.string(wrapsJson, id)));
        return new MessageEnvelope(MessageHeader.fromJson(json.get("header")), StrictJson.string(json, "ciphertext"),
                StrictJson.string(json, "signature"), wraps);
    }
}
