package io.switchboard.device;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** A well-signed list whose entries are not the change the request allows; names the first device that differs. */
public final class DeviceListMismatch extends DomainException {

    public enum Reason {
        /** Publishing a list may drop devices or change a companion's role, nothing else. */
        NOT_DROPS_OR_ROLES("The list may only drop devices or change a companion's role, not add or change them."),
        ROLE_NOT_GRANTABLE("A companion's role can be agent, supervisor or admin; the primary stays owner."),
        LOGGED_OUT_DEVICE_LISTED("A logged-out device is still on the list."),
        /** Approving a link adds the new device and changes nothing else. */
        NOT_CURRENT_PLUS_LINKED("The new list must be the current devices plus exactly the device being linked.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    private final Reason reason;
    private final String deviceId;

    public DeviceListMismatch(Reason reason, String deviceId) {
        super(Kind.CONFLICT, "device_list_mismatch", reason.message);
        this.reason = reason;
        this.deviceId = deviceId;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("deviceId", deviceId);
    }
}
