package io.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Signing, countersigning and parsing device lists (protocol §4); verification is {@link DeviceListVerifier}. */
public final class DeviceLists {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DeviceLists() {
    }

    /**
     * The primary signs a list body. Refuses a body that breaks the list rules or whose primary entry is
     * not {@code primary}'s key, so a bug here cannot publish a list every client would then refuse.
     */
    public static SignedDeviceList sign(DeviceList list, DeviceKeys primary, Map<String, String> deviceSignatures) {
        DeviceListVerifier.requireWellFormed(list);
        String primaryKey = list.primaryEntry().orElseThrow().signingKey();
        if (!primaryKey.equals(primary.signingKeyB64u())) {
            throw new ProtocolException("the list's primary entry is not the signing device");
        }
        byte[] signature = primary.sign(Labels.DEVICE_LIST, list.canonicalBytes());
        return new SignedDeviceList(list, B64u.encode(signature), deviceSignatures);
    }

    /** A companion's countersignature: it agrees to be linked to the primary with {@code primarySigningKey} on {@code account}. */
    public static byte[] deviceSignature(DeviceKeys companion, String account, byte[] primarySigningKey) {
        byte[] payload = deviceEntryPayload(account, companion.deviceId(), companion.signingKeyB64u(),
                companion.agreementKeyB64u(), B64u.encode(primarySigningKey));
        return companion.sign(Labels.DEVICE_ENTRY, payload);
    }

    static boolean verifyDeviceSignature(DeviceEntry companion, String account, String primarySigningKey, String deviceSignature) {
        byte[] payload = deviceEntryPayload(account, companion.id(), companion.signingKey(), companion.agreementKey(), primarySigningKey);
        try {
            return DeviceKeys.verify(B64u.decode(companion.signingKey()), Labels.DEVICE_ENTRY, payload, B64u.decode(deviceSignature));
        } catch (ProtocolException undecodable) {
            return false;
        }
    }

    private static byte[] deviceEntryPayload(String account, String deviceId, String signingKey, String agreementKey, String primarySigningKey) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("account", account);
        json.put("deviceId", deviceId);
        json.put("signingKey", signingKey);
        json.put("agreementKey", agreementKey);
        json.put("primarySigningKey", primarySigningKey);
        return CanonicalJson.canonicalJsonBytes(json);
    }

    /**
     * Reads a signed device list from the wire. Use this rather than a general-purpose mapper: it refuses
     * unknown or missing members and non-integer numbers instead of silently dropping or coercing them.
     *
     * @throws DeviceListException with reason {@code malformed}
     */
    public static SignedDeviceList parse(JsonNode json) {
        try {
            return SignedDeviceList.fromJson(json);
        } catch (ProtocolException e) {
            throw new DeviceListException(DeviceListException.Reason.MALFORMED, e.getMessage(), e);
        }
    }

    /** {@link #parse(JsonNode)} from JSON text; duplicate member names are refused too. */
    public static SignedDeviceList parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new DeviceListException(DeviceListException.Reason.MALFORMED, "not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
