package io.switchboard.auth;

import io.switchboard.protocol.Role;

/**
 * The device a request or WebSocket was authenticated as; {@code business} tells the business's
 * devices from customers' (whose owner is the customer's id).
 */
public record AuthenticatedDevice(String deviceId, String owner, Role role, boolean primary, boolean business) {
}
