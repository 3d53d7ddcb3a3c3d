package io.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * The plaintext of a message (protocol §13.3). For {@code text} and {@code note}: the UTF-8 CJSON of
 * {@code {"text": "..."}}. For {@code image}, {@code video}, {@code voice} and {@code document}: the
 * UTF-8 CJSON of {@code {"text": <caption>, "attachment": {...}}}. Reading is strict: exactly those
 * members, each of the right type, and the bytes must be the canonical form, so every content has one
 * encoding. The rules are those of {@code frontend/src/protocol/messageContent.ts}, member for member.
 */
public final class MessageContent {

    public static final Set<String> ATTACHMENT_KINDS = Set.of(MessageHeader.KIND_IMAGE, MessageHeader.KIND_VIDEO,
            MessageHeader.KIND_VOICE, MessageHeader.KIND_DOCUMENT);

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MessageContent() {
    }

    public static boolean isAttachmentKind(String kind) {
        return ATTACHMENT_KINDS.contains(kind);
    }

    /** {@code CJSON({"text": text})} as UTF-8. */
    public static byte[] text(String text) {
        DeviceEntry.requirePresent(text, "text");
        ObjectNode json = JSON.objectNode();
        json.put("text", text);
        return CanonicalJson.canonicalJsonBytes(json);
    }

    /**
     * The text of a {@code text} or {@code note} content.
     *
     * @throws ProtocolException when the bytes are not the CJSON of an object with exactly a string {@code text}
     */
    public static String readText(byte[] content) {
        JsonNode json = parse(content);
        StrictJson.object(json, "text content", "text");
        String text = StrictJson.string(json, "text");
        if (!Arrays.equals(text(text), content)) {
            throw new ProtocolException("content is not in canonical JSON");
        }
        return text;
    }

    /**
     * A blob as the content names it (§13.3): the server's {@code blobId}, the blob's own AES key,
     * and the SHA-256, media type and length in bytes of the <em>plaintext</em> (the file before
     * encryption). {@code key} and {@code sha256} are b64u of 32 bytes.
     */
    public record BlobReference(String blobId, String key, String sha256, String mime, long size) {

        public BlobReference {
            checkBlob(blobId, key, sha256, mime, size, "thumbnail");
        }

        public byte[] keyBytes() {
            return B64u.decodeExact(key, Blobs.KEY_SIZE);
        }

        public byte[] sha256Bytes() {
            return B64u.decodeExact(sha256, Blobs.KEY_SIZE);
        }

        ObjectNode toJson() {
            ObjectNode json = JSON.objectNode();
            json.put("blobId", blobId);
            json.put("key", key);
            json.put("sha256", sha256);
            json.put("mime", mime);
            json.put("size", size);
            return json;
        }
    }

    /** An attachment: a blob reference plus the file name (possibly empty) and an optional thumbnail ({@code null} if none). */
    public record Attachment(String blobId, String key, String sha256, String mime, long size, String name, BlobReference thumbnail) {

        public Attachment {
            checkBlob(blobId, key, sha256, mime, size, "attachment");
            if (name == null) {
                throw new ProtocolException("attachment.name must be a string");
            }
        }

        /** For a file just encrypted under {@code key}: its digest and size are of {@code plaintext}. */
        public static Attachment of(String blobId, byte[] key, byte[] plaintext, String mime, String name) {
            return new Attachment(blobId, B64u.encode(key), B64u.encode(Primitives.sha256(plaintext)), mime, plaintext.length, name, null);
        }

        public byte[] keyBytes() {
            return B64u.decodeExact(key, Blobs.KEY_SIZE);
        }

        public byte[] sha256Bytes() {
            return B64u.decodeExact(sha256, Blobs.KEY_SIZE);
        }

        ObjectNode toJson() {
            ObjectNode json = new BlobReference(blobId, key, sha256, mime, size).toJson();
            json.put("name", name);
            if (thumbnail != null) {
                json.set("thumbnail", thumbnail.toJson());
            }
            return json;
        }
    }

    /** The content of an attachment message: the caption ({@code ""} for none) and the attachment. */
    public record AttachmentContent(String text, Attachment attachment) {

        public AttachmentContent {
            if (text == null) {
                throw new ProtocolException("text must be a string");
            }
            if (attachment == null) {
                throw new ProtocolException("attachment content needs an attachment");
            }
        }
    }

    /** {@code CJSON({"text": caption, "attachment": {...}})} as UTF-8: the content of an image, video, voice or document message. */
    public static byte[] attachment(String caption, Attachment attachment) {
        AttachmentContent content = new AttachmentContent(caption, attachment);
        ObjectNode json = JSON.objectNode();
        json.put("text", content.text());
        json.set("attachment", content.attachment().toJson());
        return CanonicalJson.canonicalJsonBytes(json);
    }

    /**
     * The caption and attachment of an {@code image}, {@code video}, {@code voice} or {@code document}
     * content.
     *
     * @throws ProtocolException when the bytes are not the CJSON of exactly such a document
     */
    public static AttachmentContent readAttachment(byte[] content) {
        JsonNode json = parse(content);
        StrictJson.object(json, "attachment content", "attachment", "text");
        String text = StrictJson.string(json, "text");
        JsonNode attachment = json.get("attachment");
        boolean withThumbnail = attachment != null && attachment.isObject() && attachment.has("thumbnail");
        if (withThumbnail) {
            StrictJson.object(attachment, "attachment", "blobId", "key", "mime", "name", "sha256", "size", "thumbnail");
        } else {
            StrictJson.object(attachment, "attachment", "blobId", "key", "mime", "name", "sha256", "size");
        }
        BlobReference thumbnail = null;
        if (withThumbnail) {
            JsonNode thumb = StrictJson.object(attachment.get("thumbnail"), "thumbnail", "blobId", "key", "mime", "sha256", "size");
            thumbnail = new BlobReference(StrictJson.string(thumb, "blobId"), StrictJson.string(thumb, "key"),
                    StrictJson.string(thumb, "sha256"), StrictJson.string(thumb, "mime"), size(thumb, "thumbnail"));
        }
        AttachmentContent read = new AttachmentContent(text, new Attachment(StrictJson.string(attachment, "blobId"),
                StrictJson.string(attachment, "key"), StrictJson.string(attachment, "sha256"), StrictJson.string(attachment, "mime"),
                size(attachment, "attachment"), StrictJson.string(attachment, "name"), thumbnail));
        if (!Arrays.equals(attachment(read.text(), read.attachment()), content)) {
            throw new ProtocolException("content is not in canonical JSON");
        }
        return read;
    }

    private static long size(JsonNode blob, String what) {
        JsonNode value = blob.get("size");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.longValue() < 0 || value.longValue() > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new ProtocolException(what + ".size must be a non-negative integer");
        }
        return value.longValue();
    }

    private static void checkBlob(String blobId, String key, String sha256, String mime, long size, String what) {
        if (blobId == null || blobId.isEmpty()) {
            throw new ProtocolException(what + ".blobId must be a non-empty string");
        }
        if (!is32Bytes(key) || !is32Bytes(sha256)) {
            throw new ProtocolException(what + ".key and sha256 must be b64u of 32 bytes");
        }
        if (mime == null || mime.isEmpty()) {
            throw new ProtocolException(what + ".mime must be a non-empty string");
        }
        if (size < 0 || size > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new ProtocolException(what + ".size must be a non-negative integer");
        }
    }

    private static boolean is32Bytes(String text) {
        try {
            B64u.decodeExact(text, 32);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static JsonNode parse(byte[] content) {
        try {
            return MAPPER.readTree(content);
        } catch (IOException e) {
            throw new ProtocolException("content is not JSON", e);
        }
    }
}
