package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The cleartext header of a message envelope (protocol §13.2). The server routes by it, the sender
 * signs it and it is the aad of both the content and every key wrap, so changing any member breaks
 * the message. The constructor enforces every rule, so a header that exists is well formed.
 */
public record MessageHeader(String type, String conversation, String sender, String clientMessageId,
                            long businessListVersion, long customerListVersion, String kind, long sentAt) {

    public static final String TYPE = "switchboard/message/v1";

    public static final String KIND_TEXT = "text";
    public static final String KIND_NOTE = "note";
    public static final String KIND_IMAGE = "image";
    public static final String KIND_VIDEO = "video";
    public static final String KIND_VOICE = "voice";
    public static final String KIND_DOCUMENT = "document";
    /** A supervisor's private note to the assigned agent (protocol 1.2): wrapped like a note, business devices only. */
    public static final String KIND_WHISPER = "whisper";
    /** The comment a customer leaves with a satisfaction rating (protocol 1.2): wrapped like text. */
    public static final String KIND_FEEDBACK = "feedback";
    public static final Set<String> KINDS = Set.of(KIND_TEXT, KIND_NOTE, KIND_IMAGE, KIND_VIDEO, KIND_VOICE, KIND_DOCUMENT,
            KIND_WHISPER, KIND_FEEDBACK);

    /** Notes and whispers are the business's own: sent by and wrapped for business devices only, never a customer's. */
    public static boolean isInternal(String kind) {
        return KIND_NOTE.equals(kind) || KIND_WHISPER.equals(kind);
    }

    /** Conversation ids, device ids and client message ids are b64u of 16 bytes: 22 characters. */
    public static final int ID_BYTES = 16;

    /** @throws ProtocolException when a member breaks a header rule */
    public MessageHeader {
        DeviceEntry.requirePresent(type, "type");
        DeviceEntry.requirePresent(conversation, "conversation");
        DeviceEntry.requirePresent(sender, "sender");
        DeviceEntry.requirePresent(clientMessageId, "clientMessageId");
        DeviceEntry.requirePresent(kind, "kind");
        require(TYPE.equals(type), "type must be " + TYPE);
        requireId(conversation, "conversation");
        requireId(sender, "sender");
        requireId(clientMessageId, "clientMessageId");
        require(businessListVersion >= 1 && businessListVersion <= CanonicalJson.MAX_SAFE_INTEGER,
                "businessListVersion must be a positive safe integer");
        require(customerListVersion >= 1 && customerListVersion <= CanonicalJson.MAX_SAFE_INTEGER,
                "customerListVersion must be a positive safe integer");
        require(KINDS.contains(kind), "kind must be one of " + KINDS);
        require(sentAt >= 0 && sentAt <= CanonicalJson.MAX_SAFE_INTEGER, "sentAt must be a non-negative safe integer");
    }

    /** A header of the current type. */
    public static MessageHeader of(String conversation, String sender, String clientMessageId, long businessListVersion,
                                   long customerListVersion, String kind, long sentAt) {
        return new MessageHeader(TYPE, conversation, sender, clientMessageId, businessListVersion, customerListVersion, kind, sentAt);
    }

    /** A fresh 22-character id (16 random bytes), for {@code clientMessageId} and new conversations. */
    public static String randomId(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        return B64u.encode(id);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("conversation", conversation);
        json.put("sender", sender);
        json.put("clientMessageId", clientMessageId);
        json.put("businessListVersion", businessListVersion);
        json.put("customerListVersion", customerListVersion);
        json.put("kind", kind);
        json.put("sentAt", sentAt);
        return json;
    }

    /** {@code CJSON(header)}, which the content aad, the wrap aad and the signature cover. */
    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalJsonBytes(toJson());
    }

    /** Strict: exactly the eight members, integers as integers, and every header rule. */
    public static MessageHeader fromJson(JsonNode json) {
        StrictJson.object(json, "message header", "type", "conversation", "sender", "clientMessageId",
                "businessListVersion", "customerListVersion", "kind", "sentAt");
        return new MessageHeader(
                StrictJson.string(json, "type"),
                StrictJson.string(json, "conversation"),
                StrictJson.string(json, "sender"),
                StrictJson.string(json, "clientMessageId"),
                StrictJson.integer(json, "businessListVersion"),
                StrictJson.integer(json, "customerListVersion"),
                StrictJson.string(json, "kind"),
                StrictJson.integer(json, "sentAt"));
    }

    static void requireId(String id, String member) {
        try {
            B64u.decodeExact(id, ID_BYTES);
        } catch (ProtocolException e) {
            throw new ProtocolException(member + " must be b64u of " + ID_BYTES + " bytes");
        }
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new ProtocolException(message);
        }
    }
}
