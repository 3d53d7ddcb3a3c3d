package io.switchboard.auth;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The request carries no valid session, or a sign-in failed: the device signs in (again) with its key. */
public final class Unauthenticated extends DomainException {

    public enum Reason {
        NOT_SIGNED_IN("not_signed_in", "This device is not signed in."),
        SESSION_ENDED("session_expired", "The session has ended; sign in again with the device key."),
        SESSION_EXPIRED("session_expired", "The session has expired; sign in again with the device key."),
        CHALLENGE_INVALID("challenge_invalid", "The sign-in challenge is unknown, used or expired; ask for a new one."),
        SIGNATURE_INVALID("signature_invalid", "The signature does not match this device's key."),
        DEVICE_UNKNOWN("device_unknown", "This device is not linked to the account."),
        /** The device was logged out; the error says why, so the client can tell its user. */
        DEVICE_REMOVED("device_removed", "This device was logged out.");

        private final String code;
        private final String message;

        Reason(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private final Reason reason;
    private final String removalReason;

    Unauthenticated(Reason reason) {
        this(reason, null);
    }

    private Unauthenticated(Reason reason, String removalReason) {
        super(Kind.UNAUTHENTICATED, reason.code, reason.message);
        this.reason = reason;
        this.removalReason = removalReason;
    }

    /** A logged-out device; {@code removalReason} as stored on the device, or null for an old removal that kept none. */
    static Unauthenticated removed(String removalReason) {
        return new Unauthenticated(Reason.DEVICE_REMOVED, removalReason == null ? "removed" : removalReason);
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Map<String, Object> details() {
        return reason == Reason.DEVICE_REMOVED ? Map.of("reason", removalReason) : Map.of();
    }
}
