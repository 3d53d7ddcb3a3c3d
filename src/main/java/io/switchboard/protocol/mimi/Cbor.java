package io.switchboard.protocol.mimi;

import io.switchboard.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Deterministically encoded CBOR (RFC 8949 §4.2.1), the only encoding MIMI content allows (content draft
 * §"Encoding restrictions"): shortest integer and length forms, definite lengths, map keys sorted by their
 * encoded bytes. {@link #decode} accepts exactly what {@link #encode} writes, so a decoded value encodes
 * back to the same bytes; anything else (a longer form, an indefinite length, unsorted or repeated keys,
 * invalid UTF-8, floats, trailing bytes, nesting deeper than {@link #MAX_DEPTH}) is refused.
 */
public final class Cbor {

    /** Arrays, maps and tags inside each other; MIMI content needs at most 4 body levels plus the container. */
    public static final int MAX_DEPTH = 16;

    private static final Comparator<byte[]> BYTEWISE = Arrays::compareUnsigned;

    private Cbor() {
    }

    public static byte[] encode(CborValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    public static CborValue decode(byte[] encoded) {
        Reader reader = new Reader(encoded);
        CborValue value = reader.read(0);
        if (reader.position != encoded.length) {
            throw new ProtocolException("CBOR: " + (encoded.length - reader.position) + " bytes after the value");
        }
        return value;
    }

    private static void write(CborValue value, ByteArrayOutputStream out) {
        if (value instanceof CborValue.Int integer) {
            long number = integer.value();
            // a negative n is encoded as major type 1 with argument -1 - n, which is ~n
            head(number >= 0 ? 0 : 1, number >= 0 ? number : ~number, out);
        } else if (value instanceof CborValue.Bytes bytes) {
            byte[] content = bytes.value();
            head(2, content.length, out);
            out.writeBytes(content);
        } else if (value instanceof CborValue.Text text) {
            byte[] content = text.value().getBytes(StandardCharsets.UTF_8);
            head(3, content.length, out);
            out.writeBytes(content);
        } else if (value instanceof CborValue.Array array) {
            head(4, array.items().size(), out);
            array.items().forEach(item -> write(item, out));
        } else if (value instanceof CborValue.Map map) {
            writeMap(map, out);
        } else if (value instanceof CborValue.Tag tag) {
            head(6, tag.tag(), out);
            write(tag.content(), out);
        } else {
            out.write(0xe0 | ((CborValue.Simple) value).value());
        }
    }

    private static void writeMap(CborValue.Map map, ByteArrayOutputStream out) {
        List<byte[][]> entries = new ArrayList<>();
        for (CborValue.Entry entry : map.entries()) {
            entries.add(new byte[][] {encode(entry.key()), encode(entry.value())});
        }
        entries.sort((a, b) -> BYTEWISE.compare(a[0], b[0]));
        for (int i = 1; i < entries.size(); i++) {
            if (Arrays.equals(entries.get(i - 1)[0], entries.get(i)[0])) {
                throw new ProtocolException("CBOR: a map repeats a key");
            }
        }
        head(5, entries.size(), out);
        entries.forEach(entry -> {
            out.writeBytes(entry[0]);
            out.writeBytes(entry[1]);
        });
    }

    /** The initial byte and argument in their shortest form. */
    private static void head(int majorType, long argument, ByteArrayOutputStream out) {
        int major = majorType << 5;
        if (argument >= 0 && argument < 24) {
            out.write(major | (int) argument);
        } else if (argument >= 0 && argument <= 0xff) {
            out.write(major | 24);
            out.write((int) argument);
        } else if (argument >= 0 && argument <= 0xffff) {
            out.write(major | 25);
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) argument).array());
        } else if (argument >= 0 && argument <= 0xffffffffL) {
            out.write(major | 26);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) argument).array());
        } else {
            out.write(major | 27);
            out.writeBytes(ByteBuffer.allocate(8).putLong(argument).array());
        }
    }

    private static final class Reader {
        private final byte[] input;
        private int position;

        Reader(byte[] input) {
            this.input = input;
        }

        CborValue read(int depth) {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("CBOR: nested deeper than " + MAX_DEPTH);
            }
            int initial = next();
            int majorType = initial >>> 5;
            int additional = initial & 0x1f;
            if (majorType == 7) {
                if (additional < 20 || additional > 22) {
                    throw new ProtocolException("CBOR: only false, true and null are accepted among simple values and floats");
                }
                return new CborValue.Simple(additional);
            }
            long argument = argument(additional);
            return switch (majorType) {
                case 0 -> new CborValue.Int(argument);
                case 1 -> new CborValue.Int(~argument);
                case 2 -> new CborValue.Bytes(take(argument));
                case 3 -> new CborValue.Text(utf8(take(argument)));
                case 4 -> {
                    List<CborValue> items = new ArrayList<>();
                    for (long i = 0; i < argument; i++) {
                        items.add(read(depth + 1));
                    }
                    yield new CborValue.Array(items);
                }
                case 5 -> readMap(argument, depth);
                default -> new CborValue.Tag(argument, read(depth + 1));
            };
        }

        private CborValue readMap(long size, int depth) {
            List<CborValue.Entry> entries = new ArrayList<>();
            byte[] previousKey = null;
            for (long i = 0; i < size; i++) {
                int keyStart = position;
                CborValue key = read(depth + 1);
                byte[] encodedKey = Arrays.copyOfRange(input, keyStart, position);
                if (previousKey != null && BYTEWISE.compare(previousKey, encodedKey) >= 0) {
                    throw new ProtocolException("CBOR: map keys are not in deterministic order or repeat");
                }
                previousKey = encodedKey;
                entries.add(new CborValue.Entry(key, read(depth + 1)));
            }
            return new CborValue.Map(entries);
        }

        /** The argument of the initial byte, refused unless in its shortest form and definite. */
        private long argument(int additional) {
            if (additional < 24) {
                return additional;
            }
            long value;
            long smallest;
            switch (additional) {
                case 24 -> {
                    value = next();
                    smallest = 24;
                }
                case 25 -> {
                    value = ((long) next() << 8) | next();
                    smallest = 0x100;
                }
                case 26 -> {
                    value = 0;
                    for (int i = 0; i < 4; i++) {
                        value = (value << 8) | next();
                    }
                    smallest = 0x10000;
                }
                case 27 -> {
                    value = 0;
                    for (int i = 0; i < 8; i++) {
                        value = (value << 8) | next();
                    }
                    if (value < 0) {
                        throw new ProtocolException("CBOR: integers beyond 2^63 - 1 are not supported");
                    }
                    smallest = 0x100000000L;
                }
                default -> throw new ProtocolException("CBOR: indefinite lengths and reserved forms are not accepted");
            }
            if (value < smallest) {
                throw new ProtocolException("CBOR: an argument is not in its shortest form");
            }
            return value;
        }

        private int next() {
            if (position >= input.length) {
                throw new ProtocolException("CBOR: the value ends early");
            }
            return input[position++] & 0xff;
        }

        private byte[] take(long length) {
            if (length > input.length - position) {
                throw new ProtocolException("CBOR: the value ends early");
            }
            byte[] taken = Arrays.copyOfRange(input, position, position + (int) length);
            position += (int) length;
            return taken;
        }

        private static String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException("CBOR: a text string is not valid UTF-8", e);
            }
        }
    }
}
