package io.switchboard.protocol.mimi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One body part of MIMI content (content draft §"Message Bodies"): a disposition, a language and one of
 * the four cardinalities. Parts nest at most {@link #MAX_NESTING} levels deep.
 */
public record NestedPart(int disposition, String language, Part part) {

    public static final int MAX_NESTING = 4;

    /** Dispositions of the draft's registry that this project writes. */
    public static final int RENDER = 1;
    public static final int REACTION = 2;
    public static final int INLINE = 4;
    public static final int ATTACHMENT = 6;

    public NestedPart {
        if (disposition < 0 || disposition > 255) {
            throw new IllegalArgumentException("a disposition is 0..255");
        }
        Objects.requireNonNull(language);
        Objects.requireNonNull(part);
    }

    public static NestedPart text(String contentType, String text) {
        return new NestedPart(RENDER, "", new Single(contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The body's cardinality and what it carries. */
    public sealed interface Part {
    }

    /** Cardinality 0: no content, as in a delete or an unlike. */
    public record Null() implements Part {
    }

    /** Cardinality 1: the content inline. */
    public record Single(String contentType, byte[] content) implements Part {
        public Single {
            Objects.requireNonNull(contentType);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Single single && contentType.equals(single.contentType) && Arrays.equals(content, single.content);
        }

        @Override
        public int hashCode() {
            return contentType.hashCode() * 31 + Arrays.hashCode(content);
        }
    }

    /**
     * Cardinality 2: content stored elsewhere, encrypted with {@code encAlg} (an IANA AEAD number, 1 is
     * AES-128-GCM, 0 means not encrypted) under {@code key}, {@code nonce} and {@code aad}, and hashed with
     * {@code hashAlg} (an IANA named-information number, 1 is SHA-256). {@code expires} is seconds since
     * the epoch or 0, {@code size} is octets or 0 when unknown.
     */
    public record External(String contentType, String url, long expires, long size, int encAlg, byte[] key, byte[] nonce,
                           byte[] aad, int hashAlg, byte[] contentHash, String description, String filename) implements Part {
        public External {
            Objects.requireNonNull(contentType);
            Objects.requireNonNull(url);
            Objects.requireNonNull(description);
            Objects.requireNonNull(filename);
            requireRange("expires", expires, 0xffffffffL);
            requireRange("size", size, Long.MAX_VALUE);
            requireRange("encAlg", encAlg, 0xffff);
            requireRange("hashAlg", hashAlg, 0xff);
            key = key.clone();
            nonce = nonce.clone();
            aad = aad.clone();
            contentHash = contentHash.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] aad() {
            return aad.clone();
        }

        @Override
        public byte[] contentHash() {
            return contentHash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof External that && contentType.equals(that.contentType) && url.equals(that.url)
                    && expires == that.expires && size == that.size && encAlg == that.encAlg && Arrays.equals(key, that.key)
                    && Arrays.equals(nonce, that.nonce) && Arrays.equals(aad, that.aad) && hashAlg == that.hashAlg
                    && Arrays.equals(contentHash, that.contentHash) && description.equals(that.description)
                    && filename.equals(that.filename);
        }

        @Override
        public int hashCode() {
            return Objects.hash(contentType, url, expires, size, encAlg, hashAlg, description, filename, Arrays.hashCode(contentHash));
        }
    }

    /** Cardinality 3: at least two parts, with {@code semantics} 0 (choose one), 1 (single unit) or 2 (process all). */
    public record Multi(int semantics, List<NestedPart> parts) implements Part {
        public static final int CHOOSE_ONE = 0;
        public static final int SINGLE_UNIT = 1;
        public static final int PROCESS_ALL = 2;

        public Multi {
            if (semantics < CHOOSE_ONE || semantics > PROCESS_ALL) {
                throw new IllegalArgumentException("part semantics are 0, 1 or 2");
            }
            parts = List.copyOf(parts);
            if (parts.size() < 2) {
                throw new IllegalArgumentException("a multipart holds at least two parts");
            }
        }
    }

    private static void requireRange(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " is out of range");
        }
    }
}
