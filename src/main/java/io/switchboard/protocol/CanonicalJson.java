package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON (protocol §1): RFC 8785 restricted to objects, arrays, strings, booleans and integers
 * within ±(2^53−1), escaped as ECMAScript {@code JSON.stringify} does. Anything else is rejected with
 * {@link ProtocolException}, because the browser could not reproduce its bytes.
 */
public final class CanonicalJson {

    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger MAX = BigInteger.valueOf(MAX_SAFE_INTEGER);
    private static final BigInteger MIN = MAX.negate();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    public static String canonicalJson(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    public static byte[] canonicalJsonBytes(JsonNode value) {
        return canonicalJson(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, StringBuilder out) {
        if (value == null) {
            throw new ProtocolException("missing value");
        }
        switch (value.getNodeType()) {
            case OBJECT -> writeObject(value, out);
            case ARRAY -> writeArray(value, out);
            case STRING -> writeString(value.textValue(), out);
            case BOOLEAN -> out.append(value.booleanValue() ? "true" : "false");
            case NUMBER -> writeInteger(value, out);
            case NULL -> throw new ProtocolException("null is not allowed");
            default -> throw new ProtocolException(value.getNodeType() + " is not a JSON value");
        }
    }

    private static void writeObject(JsonNode object, StringBuilder out) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        // String.compareTo compares UTF-16 code units, which is the order RFC 8785 prescribes.
        names.sort(String::compareTo);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names.get(i), out);
            out.append(':');
            write(object.get(names.get(i)), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode array, StringBuilder out) {
        out.append('[');
        Iterator<JsonNode> items = array.elements();
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(items.next(), out);
        }
        out.append(']');
    }

    private static void writeInteger(JsonNode number, StringBuilder out) {
        if (!number.isIntegralNumber()) {
            throw new ProtocolException("not an integer: " + number);
        }
        BigInteger integer = number.bigIntegerValue();
        if (integer.compareTo(MIN) < 0 || integer.compareTo(MAX) > 0) {
            throw new ProtocolException("integer outside ±(2^53−1): " + integer);
        }
        out.append(integer);
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate has no UTF-8 encoding, so two implementations could not agree on its bytes.
                        throw new ProtocolException("string contains a lone surrogate");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
