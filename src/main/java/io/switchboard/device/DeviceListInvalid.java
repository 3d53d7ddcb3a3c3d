package io.switchboard.device;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/**
 * A signed device list that is not acceptable in itself: the verifier refused it (with the verifier's
 * reason), or a first list that is not exactly the one device it creates.
 */
public final class DeviceListInvalid extends DomainException {

    private final String verifierReason;

    private DeviceListInvalid(String message, String verifierReason) {
        super(Kind.INVALID, "device_list_invalid", message);
        this.verifierReason = verifierReason;
    }

    /** {@code reason}: the code of {@link io.switchboard.protocol.DeviceListException}'s reason. */
    public static DeviceListInvalid refused(String reason) {
        return new DeviceListInvalid("The signed device list was refused: " + reason + ".", reason);
    }

    /** A first list must be version 1 with only {@code device} on it ("this browser", "the primary"). */
    public static DeviceListInvalid notFirstListOf(String device) {
        return new DeviceListInvalid("The first device list must be version 1 with only " + device + " on it.", null);
    }

    /** The list's entry for the device differs from what the request says about it. */
    public static DeviceListInvalid notThisDevice() {
        return new DeviceListInvalid("The device list does not describe this device.", null);
    }

    @Override
    public Map<String, Object> details() {
        return verifierReason == null ? Map.of() : Map.of("reason", verifierReason);
    }
}
