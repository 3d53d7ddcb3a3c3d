package io.switchboard.protocol.mimi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The part of the CBOR data model (RFC 8949) that MIMI content uses: integers that fit a {@code long},
 * byte and text strings, arrays, maps, tags, {@code false}, {@code true} and {@code null}. Floats are
 * left out on purpose: the content draft strongly discourages them and none of its fields is one.
 */
public sealed interface CborValue {

    CborValue NULL = new Simple(22);
    CborValue FALSE = new Simple(20);
    CborValue TRUE = new Simple(21);

    /** A major type 0 (non-negative) or 1 (negative) integer. */
    record Int(long value) implements CborValue {
    }

    /** Compared by content, so values holding bytes can be compared in tests and map lookups. */
    record Bytes(byte[] value) implements CborValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "h'" + HexFormat.of().formatHex(value) + "'";
        }
    }

    record Text(String value) implements CborValue {
        public Text {
            Objects.requireNonNull(value);
        }
    }

    record Array(List<CborValue> items) implements CborValue {
        public Array {
            items = List.copyOf(items);
        }
    }

    /**
     * A map in the order its entries are encoded; {@link Cbor} writes and accepts only the deterministic
     * order (RFC 8949 §4.2.1: keys sorted by their encoded bytes), without duplicate keys.
     */
    record Map(List<Entry> entries) implements CborValue {
        public Map {
            entries = List.copyOf(entries);
        }

        public CborValue get(CborValue key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).map(Entry::value).findFirst().orElse(null);
        }
    }

    record Entry(CborValue key, CborValue value) {
        public Entry {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }
    }

    record Tag(long tag, CborValue content) implements CborValue {
        public Tag {
            if (tag < 0) {
                throw new IllegalArgumentException("tag numbers are unsigned");
            }
            Objects.requireNonNull(content);
        }
    }

    /** Major type 7: only 20 (false), 21 (true) and 22 (null) are used. */
    record Simple(int value) implements CborValue {
        public Simple {
            if (value < 20 || value > 22) {
                throw new IllegalArgumentException("only false, true and null are supported");
            }
        }
    }
}
