package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of the device list (protocol §4): the body, the primary's signature over it and the
 * companions' device signatures, keyed by device id. Signatures are b64u.
 */
public record SignedDeviceList(DeviceList list, String signature, Map<String, String> deviceSignatures) {

    public SignedDeviceList {
        DeviceEntry.requirePresent(list, "list");
        DeviceEntry.requirePresent(signature, "signature");
        DeviceEntry.requirePresent(deviceSignatures, "deviceSignatures");
        deviceSignatures.forEach((id, deviceSignature) -> {
            DeviceEntry.requirePresent(id, "device signature id");
            DeviceEntry.requirePresent(deviceSignature, "device signature");
        });
        // Sorted so that the same document always serializes the same way.
        deviceSignatures = Collections.unmodifiableMap(new TreeMap<>(deviceSignatures));
    }

    /** The same list with one more companion's device signature, as the server publishes it when linking completes. */
    public SignedDeviceList withDeviceSignature(String deviceId, String deviceSignature) {
        Map<String, String> signatures = new TreeMap<>(deviceSignatures);
        signatures.put(deviceId, deviceSignature);
        return new SignedDeviceList(list, signature, signatures);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("list", list.toJson());
        json.put("signature", signature);
        ObjectNode signatures = json.putObject("deviceSignatures");
        deviceSignatures.forEach(signatures::put);
        return json;
    }

    public static SignedDeviceList fromJson(JsonNode json) {
        StrictJson.object(json, "signed device list", "list", "signature", "deviceSignatures");
        JsonNode signaturesJson = json.get("deviceSignatures");
        if (!signaturesJson.isObject()) {
            throw new ProtocolException("deviceSignatures must be an object");
        }
        Map<String, String> deviceSignatures = new TreeMap<>();
        signaturesJson.fieldNames().forEachRemaining(id -> deviceSignatures.put(id, StrictJson.string(signaturesJson, id)));
        return new SignedDeviceList(DeviceList.fromJson(json.get("list")), StrictJson.string(json, "signature"), deviceSignatures);
    }
}
