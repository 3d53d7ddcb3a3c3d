package io.switchboard.protocol.mimi;

import io.switchboard.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message in the MIMI content format (draft-ietf-mimi-content-08, media type
 * {@code application/mimi-content}): the CBOR array {@code [salt, replaces, topicId, expires, inReplyTo,
 * extensions, body]}. Third-party chats carry it inside this project's end-to-end envelope (docs/interop.md),
 * so only clients encode and decode it; the servers relay it as ciphertext. {@link #decode} followed by
 * {@link #encode} gives back the input bytes, for every example file of the draft.
 *
 * @param replaces   the message id this one edits or deletes, or {@code null}
 * @param expires    when the message expires, or {@code null} for never
 * @param inReplyTo  the message id this one answers, or {@code null}
 * @param extensions the extensions map (key 1 is the sender URI, 2 the room URI, in the draft's examples)
 */
public record MimiContent(byte[] salt, byte[] replaces, byte[] topicId, Expiration expires, byte[] inReplyTo,
                          CborValue.Map extensions, NestedPart body) {

    public static final String MEDIA_TYPE = "application/mimi-content";
    public static final String MARKDOWN = "text/markdown;variant=GFM-MIMI";
    public static final String PLAIN_TEXT = "text/plain;charset=utf-8";
    public static final int SALT_LENGTH = 16;
    public static final int MESSAGE_ID_LENGTH = 32;
    /** The first byte of a message id: the IANA named-information number of SHA-256. */
    public static final int SHA_256 = 1;

    public MimiContent {
        salt = requireLength("salt", salt, SALT_LENGTH);
        replaces = replaces == null ? null : requireLength("replaces", replaces, MESSAGE_ID_LENGTH);
        topicId = topicId.clone();
        inReplyTo = inReplyTo == null ? null : requireLength("inReplyTo", inReplyTo, MESSAGE_ID_LENGTH);
        Objects.requireNonNull(extensions);
        Objects.requireNonNull(body);
        requireDepth(body, 1);
    }

    /** {@code relative} false: {@code time} is seconds since the epoch; true: seconds the message stays visible after it is read. */
    public record Expiration(boolean relative, long time) {
        public Expiration {
            if (time < 0 || time > 0xffffffffL) {
                throw new IllegalArgumentException("an expiry time is a 32-bit unsigned number");
            }
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] replaces() {
        return replaces == null ? null : replaces.clone();
    }

    @Override
    public byte[] topicId() {
        return topicId.clone();
    }

    @Override
    public byte[] inReplyTo() {
        return inReplyTo == null ? null : inReplyTo.clone();
    }

    public byte[] encode() {
        return Cbor.encode(new CborValue.Array(List.of(
                new CborValue.Bytes(salt), orNull(replaces), new CborValue.Bytes(topicId),
                expires == null ? CborValue.NULL
                        : new CborValue.Array(List.of(expires.relative() ? CborValue.TRUE : CborValue.FALSE, new CborValue.Int(expires.time()))),
                orNull(inReplyTo), extensions, part(body))));
    }

    /** Refuses with {@link ProtocolException} anything that is not deterministic CBOR of the draft's schema. */
    public static MimiContent decode(byte[] encoded) {
        List<CborValue> fields = array(Cbor.decode(encoded), 7, "the message");
        try {
            return new MimiContent(bytes(fields.get(0), "salt"), nullableBytes(fields.get(1), "replaces"),
                    bytes(fields.get(2), "topicId"), expiration(fields.get(3)), nullableBytes(fields.get(4), "inReplyTo"),
                    fields.get(5) instanceof CborValue.Map map ? map : fail("extensions is not a map"),
                    nestedPart(fields.get(6), 1));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("MIMI content: " + e.getMessage(), e);
        }
    }

    /**
     * The message id (content draft §"Message ID"): {@code 0x01} then the first 31 bytes of SHA-256 over
     * the sender URI and the room URI (each after its 16-bit big-endian length), the encoded message and
     * the salt again.
     */
    public byte[] messageId(String senderUri, String roomUri) {
        return messageId(encode(), salt, senderUri, roomUri);
    }

    static byte[] messageId(byte[] encodedMessage, byte[] salt, String senderUri, String roomUri) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(lengthPrefixed(senderUri));
            sha256.update(lengthPrefixed(roomUri));
            sha256.update(encodedMessage);
            sha256.update(salt);
            byte[] id = new byte[MESSAGE_ID_LENGTH];
            id[0] = SHA_256;
            System.arraycopy(sha256.digest(), 0, id, 1, MESSAGE_ID_LENGTH - 1);
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a body that is a single text/plain or text/markdown part, or {@code null}. */
    public String text() {
        if (body.part() instanceof NestedPart.Single single
                && (single.contentType().startsWith("text/plain") || single.contentType().startsWith("text/markdown"))) {
            return new String(single.content(), StandardCharsets.UTF_8);
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MimiContent that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    private static byte[] lengthPrefixed(String uri) {
        byte[] bytes = uri.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("a URI longer than 65535 bytes");
        }
        return ByteBuffer.allocate(2 + bytes.length).putShort((short) bytes.length).put(bytes).array();
    }

    private static CborValue part(NestedPart nested) {
        List<CborValue> items = new ArrayList<>(List.of(new CborValue.Int(nested.disposition()), new CborValue.Text(nested.language())));
        NestedPart.Part part = nested.part();
        if (part instanceof NestedPart.Null) {
            items.add(new CborValue.Int(0));
        } else if (part instanceof NestedPart.Single single) {
            items.addAll(List.of(new CborValue.Int(1), new CborValue.Text(single.contentType()), new CborValue.Bytes(single.content())));
        } else if (part instanceof NestedPart.External external) {
            items.addAll(List.of(new CborValue.Int(2),
                    new CborValue.Text(external.contentType()), new CborValue.Text(external.url()),
                    new CborValue.Int(external.expires()), new CborValue.Int(external.size()), new CborValue.Int(external.encAlg()),
                    new CborValue.Bytes(external.key()), new CborValue.Bytes(external.nonce()), new CborValue.Bytes(external.aad()),
                    new CborValue.Int(external.hashAlg()), new CborValue.Bytes(external.contentHash()),
                    new CborValue.Text(external.description()), new CborValue.Text(external.filename())));
        } else {
            NestedPart.Multi multi = (NestedPart.Multi) part;
            items.addAll(List.of(new CborValue.Int(3), new CborValue.Int(multi.semantics()),
                    new CborValue.Array(multi.parts().stream().map(MimiContent::part).toList())));
        }
        return new CborValue.Array(items);
    }

    private static NestedPart nestedPart(CborValue value, int depth) {
        if (depth > NestedPart.MAX_NESTING) {
            throw new ProtocolException("MIMI content: parts nest deeper than " + NestedPart.MAX_NESTING);
        }
        if (!(value instanceof CborValue.Array array) || array.items().size() < 3) {
            throw new ProtocolException("MIMI content: a part is not an array of at least 3 items");
        }
        List<CborValue> items = array.items();
        int disposition = (int) integer(items.get(0), "disposition", 255);
        String language = text(items.get(1), "language");
        long cardinality = integer(items.get(2), "cardinality", 3);
        NestedPart.Part part = switch ((int) cardinality) {
            case 0 -> {
                size(items, 3);
                yield new NestedPart.Null();
            }
            case 1 -> {
                size(items, 5);
                yield new NestedPart.Single(text(items.get(3), "contentType"), bytes(items.get(4), "content"));
            }
            case 2 -> {
                size(items, 15);
                yield new NestedPart.External(text(items.get(3), "contentType"), text(items.get(4), "url"),
                        integer(items.get(5), "expires", 0xffffffffL), integer(items.get(6), "size", Long.MAX_VALUE),
                        (int) integer(items.get(7), "encAlg", 0xffff), bytes(items.get(8), "key"), bytes(items.get(9), "nonce"),
                        bytes(items.get(10), "aad"), (int) integer(items.get(11), "hashAlg", 0xff),
                        bytes(items.get(12), "contentHash"), text(items.get(13), "description"), text(items.get(14), "filename"));
            }
            default -> {
                size(items, 5);
                List<NestedPart> parts = array(items.get(4), -1, "parts").stream().map(item -> nestedPart(item, depth + 1)).toList();
                yield new NestedPart.Multi((int) integer(items.get(3), "partSemantics", 2), parts);
            }
        };
        return new NestedPart(disposition, language, part);
    }

    private static void requireDepth(NestedPart part, int depth) {
        if (depth > NestedPart.MAX_NESTING) {
            throw new IllegalArgumentException("parts nest deeper than " + NestedPart.MAX_NESTING);
        }
        if (part.part() instanceof NestedPart.Multi multi) {
            multi.parts().forEach(child -> requireDepth(child, depth + 1));
        }
    }

    private static Expiration expiration(CborValue value) {
        if (value.equals(CborValue.NULL)) {
            return null;
        }
        List<CborValue> fields = array(value, 2, "expires");
        if (!fields.get(0).equals(CborValue.TRUE) && !fields.get(0).equals(CborValue.FALSE)) {
            throw new ProtocolException("MIMI content: expires.relative is not a boolean");
        }
        return new Expiration(fields.get(0).equals(CborValue.TRUE), integer(fields.get(1), "expires.time", 0xffffffffL));
    }

    private static List<CborValue> array(CborValue value, int size, String what) {
        if (!(value instanceof CborValue.Array array) || (size >= 0 && array.items().size() != size)) {
            throw new ProtocolException("MIMI content: " + what + " is not an array" + (size >= 0 ? " of " + size : ""));
        }
        return array.items();
    }

    private static void size(List<CborValue> items, int size) {
        if (items.size() != size) {
            throw new ProtocolException("MIMI content: a part of this cardinality has " + size + " items, not " + items.size());
        }
    }

    private static long integer(CborValue value, String field, long max) {
        if (!(value instanceof CborValue.Int integer) || integer.value() < 0 || integer.value() > max) {
            throw new ProtocolException("MIMI content: " + field + " is not an unsigned integer up to " + max);
        }
        return integer.value();
    }

    private static String text(CborValue value, String field) {
        if (!(value instanceof CborValue.Text text)) {
            throw new ProtocolException("MIMI content: " + field + " is not a text string");
        }
        return text.value();
    }

    private static byte[] bytes(CborValue value, String field) {
        if (!(value instanceof CborValue.Bytes bytes)) {
            throw new ProtocolException("MIMI content: " + field + " is not a byte string");
        }
        return bytes.value();
    }

    private static byte[] nullableBytes(CborValue value, String field) {
        return value.equals(CborValue.NULL) ? null : bytes(value, field);
    }

    private static CborValue orNull(byte[] bytes) {
        return bytes == null ? CborValue.NULL : new CborValue.Bytes(bytes);
    }

    private static <T> T fail(String message) {
        throw new ProtocolException("MIMI content: " + message);
    }

    private static byte[] requireLength(String field, byte[] value, int length) {
        if (value.length != length) {
            throw new IllegalArgumentException(field + " is " + length + " bytes");
        }
        return value.clone();
    }
}
