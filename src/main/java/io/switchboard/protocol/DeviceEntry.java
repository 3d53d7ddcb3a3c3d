package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One device in a {@link DeviceList} (protocol §4). The constructor only refuses missing members;
 * the list rules (roles, lengths, key sizes) are checked by {@link DeviceListVerifier}, which reports
 * them as {@code malformed}, so the role stays the string that was signed (see {@link Role}).
 */
public record DeviceEntry(String id, boolean primary, String role, String person, String label,
                          String signingKey, String agreementKey) {

    public DeviceEntry {
        requirePresent(id, "id");
        requirePresent(role, "role");
        requirePresent(person, "person");
        requirePresent(label, "label");
        requirePresent(signingKey, "signingKey");
        requirePresent(agreementKey, "agreementKey");
    }

    /** The entry for a device whose keys are known, with its id derived from its signing key. */
    public static DeviceEntry of(byte[] signingKey, byte[] agreementKey, boolean primary, String role, String person, String label) {
        return new DeviceEntry(DeviceId.of(signingKey), primary, role, person, label,
                B64u.encode(signingKey), B64u.encode(agreementKey));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("primary", primary);
        json.put("role", role);
        json.put("person", person);
        json.put("label", label);
        json.put("signingKey", signingKey);
        json.put("agreementKey", agreementKey);
        return json;
    }

    public static DeviceEntry fromJson(JsonNode json) {
        StrictJson.object(json, "device entry", "id", "primary", "role", "person", "label", "signingKey", "agreementKey");
        return new DeviceEntry(
                StrictJson.string(json, "id"),
                StrictJson.bool(json, "primary"),
                StrictJson.string(json, "role"),
                StrictJson.string(json, "person"),
                StrictJson.string(json, "label"),
                StrictJson.string(json, "signingKey"),
                StrictJson.string(json, "agreementKey"));
    }

    static void requirePresent(Object value, String member) {
        if (Objects.isNull(value)) {
            throw new ProtocolException(member + " is missing");
        }
    }
}
