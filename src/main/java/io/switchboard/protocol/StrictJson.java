package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads wire documents member by member. A general-purpose mapper would silently drop unknown
 * members or coerce 2.5 to 2, and the signature would then cover something other than what was sent.
 */
final class StrictJson {

    private StrictJson() {
    }

    static JsonNode object(JsonNode node, String what, String... members) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(what + " must be an object");
        }
        Set<String> present = new HashSet<>();
        node.fieldNames().forEachRemaining(present::add);
        if (!present.equals(Set.of(members))) {
            throw new ProtocolException(what + " must have exactly the members " + Set.of(members) + ", has " + present);
        }
        return node;
    }

    static String string(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || !value.isTextual()) {
            throw new ProtocolException(member + " must be a string");
        }
        return value.textValue();
    }

    static boolean bool(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || !value.isBoolean()) {
            throw new ProtocolException(member + " must be a boolean");
        }
        return value.booleanValue();
    }

    static long integer(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.longValue() < -CanonicalJson.MAX_SAFE_INTEGER || value.longValue() > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new ProtocolException(member + " must be an integer within ±(2^53−1)");
        }
        return value.longValue();
    }

    static JsonNode array(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || !value.isArray()) {
            throw new ProtocolException(member + " must be an array");
        }
        return value;
    }
}
