package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of a signed device list (protocol §4). Times are seconds since the Unix epoch. The
 * constructor only refuses missing members; {@link DeviceListVerifier} checks the list rules.
 *
 * @param recoveryKey b64u of the account authority key (§7.2) the primary committed to, or null while
 *     recovery is off; optional
 * @param backupAdmin the id of the admin companion that holds the authority key wrapped for it (§7.2), or null;
 *     optional, only with a recovery key
 */
public record DeviceList(String type, String account, long version, long issuedAt, long expiresAt, List<DeviceEntry> devices,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String recoveryKey,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String backupAdmin) {

    public static final String TYPE = "switchboard/device-list/v1";

    public DeviceList {
        DeviceEntry.requirePresent(type, "type");
        DeviceEntry.requirePresent(account, "account");
        DeviceEntry.requirePresent(devices, "devices");
        devices.forEach(device -> DeviceEntry.requirePresent(device, "device entry"));
        devices = List.copyOf(devices);
    }

    /** A body without a recovery key. */
    public DeviceList(String type, String account, long version, long issuedAt, long expiresAt, List<DeviceEntry> devices) {
        this(type, account, version, issuedAt, expiresAt, devices, null, null);
    }

    /** A list of the current type; {@code devices} must already be sorted by id. */
    public static DeviceList of(String account, long version, long issuedAt, long expiresAt, List<DeviceEntry> devices) {
        return new DeviceList(TYPE, account, version, issuedAt, expiresAt, devices);
    }

    /** The same body with another recovery key (null: none). */
    public DeviceList withRecoveryKey(String key) {
        return new DeviceList(type, account, version, issuedAt, expiresAt, devices, key, backupAdmin);
    }

    /** The same body naming another backup admin (null: none). */
    public DeviceList withBackupAdmin(String deviceId) {
        return new DeviceList(type, account, version, issuedAt, expiresAt, devices, recoveryKey, deviceId);
    }

    public Optional<DeviceEntry> primaryEntry() {
        return devices.stream().filter(DeviceEntry::primary).findFirst();
    }

    public Optional<DeviceEntry> entry(String deviceId) {
        return devices.stream().filter(device -> device.id().equals(deviceId)).findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("account", account);
        json.put("version", version);
        json.put("issuedAt", issuedAt);
        json.put("expiresAt", expiresAt);
        ArrayNode entries = json.putArray("devices");
        devices.forEach(device -> entries.add(device.toJson()));
        if (recoveryKey != null) {
            json.put("recoveryKey", recoveryKey);
        }
        if (backupAdmin != null) {
            json.put("backupAdmin", backupAdmin);
        }
        return json;
    }

    /** The exact bytes the primary signs. */
    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalJsonBytes(toJson());
    }

    public static DeviceList fromJson(JsonNode json) {
        List<String> members = new ArrayList<>(List.of("type", "account", "version", "issuedAt", "expiresAt", "devices"));
        for (String optional : List.of("recoveryKey", "backupAdmin")) {
            if (json != null && json.has(optional)) {
                members.add(optional);
            }
        }
        StrictJson.object(json, "device list", members.toArray(String[]::new));
        List<DeviceEntry> devices = new ArrayList<>();
        StrictJson.array(json, "devices").forEach(entry -> devices.add(DeviceEntry.fromJson(entry)));
        return new DeviceList(
                StrictJson.string(json, "type"),
                StrictJson.string(json, "account"),
                StrictJson.integer(json, "version"),
                StrictJson.integer(json, "issuedAt"),
                StrictJson.integer(json, "expiresAt"),
                devices,
                json.has("recoveryKey") ? StrictJson.string(json, "recoveryKey") : null,
                json.has("backupAdmin") ? StrictJson.string(json, "backupAdmin") : null);
    }
}
