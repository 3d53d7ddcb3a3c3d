package io.switchboard.auth;

/** The device a request or WebSocket was authenticated as. */
public record AuthenticatedDevice(String deviceId, String role, boolean primary) {
}
