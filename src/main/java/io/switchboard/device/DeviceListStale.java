package io.switchboard.device;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The signed list does not follow the current version: another list was stored meanwhile. */
public final class DeviceListStale extends DomainException {

    private final long currentVersion;

    public DeviceListStale(long currentVersion) {
        super(Kind.CONFLICT, "device_list_stale", "The device list changed meanwhile; refresh and sign again.");
        this.currentVersion = currentVersion;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("currentVersion", currentVersion);
    }
}
