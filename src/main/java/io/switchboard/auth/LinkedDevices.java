package io.switchboard.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The linked devices as sign-in needs them. The {@code device} package owns devices and answers
 * this, so that sign-in and sessions, which every resource uses through {@link Caller}, depend on
 * no feature.
 */
public interface LinkedDevices {

    /**
     * A device that may sign in when {@code active}; {@code removalReason} says why it was logged out
     * (null for a device that was removed without one, or is still linked).
     */
    record SigningDevice(AuthenticatedDevice identity, String signingKey, boolean active, String removalReason) {
    }

    /** The device with this id, linked or logged out; empty when there never was one. */
    Optional<SigningDevice> find(String deviceId);

    /** The device was used at {@code at}: its last-active time on the "Linked devices" screen. */
    void markActive(String deviceId, Instant at);
}
