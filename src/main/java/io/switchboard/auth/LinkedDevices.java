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

    /** A session's row and its device (empty when the device row is gone). */
    record SessionDevice(String deviceId, Instant lastSeenAt, Instant expiresAt, Optional<SigningDevice> device) {
    }

    /**
     * The session with this token hash and its device in one read: every authenticated request asks, and two
     * statements cost PostgreSQL a round trip each (docs/performance.md).
     */
    Optional<SessionDevice> findSession(byte[] tokenHash);

    /** The device was used at {@code at}: its last-active time on the "Linked devices" screen. */
    void markActive(String deviceId, Instant at);
}
