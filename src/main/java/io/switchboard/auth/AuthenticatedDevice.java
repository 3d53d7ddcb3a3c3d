package io.switchboard.auth;

/** The device a request or WebSocket was authenticated as. */
public record AuthenticatedDevice(String deviceId, String owner, String role, boolean primary) {

    public boolean business() {
        return io.switchboard.device.Device.BUSINESS.equals(owner);
    }
}
