package io.switchboard.auth;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The request carries no valid session, or a sign-in failed: the device signs in (again) with its key. */
public final class Unauthenticated extends DomainException {

    static final Refusal NOT_SIGNED_IN = new Refusal(Kind.UNAUTHENTICATED, "not_signed_in", "This device is not signed in.");
    static final Refusal SESSION_ENDED = new Refusal(Kind.UNAUTHENTICATED, "session_expired",
            "The session has ended; sign in again with the device key.");
    static final Refusal SESSION_EXPIRED = new Refusal(Kind.UNAUTHENTICATED, "session_expired",
            "The session has expired; sign in again with the device key.");
    static final Refusal CHALLENGE_INVALID = new Refusal(Kind.UNAUTHENTICATED, "challenge_invalid",
            "The sign-in challenge is unknown, used or expired; ask for a new one.");
    static final Refusal SIGNATURE_INVALID = new Refusal(Kind.UNAUTHENTICATED, "signature_invalid",
            "The signature does not match this device's key.");
    static final Refusal DEVICE_UNKNOWN = new Refusal(Kind.UNAUTHENTICATED, "device_unknown", "This device is not linked to the account.");
    private static final Refusal DEVICE_REMOVED = new Refusal(Kind.UNAUTHENTICATED, "device_removed", "This device was logged out.");

    /** Why a logged-out device was removed, so the client can tell its user; null for the other refusals. */
    private final String removalReason;

    Unauthenticated(Refusal refusal) {
        this(refusal, null);
    }

    private Unauthenticated(Refusal refusal, String removalReason) {
        super(refusal);
        this.removalReason = removalReason;
    }

    /** A logged-out device; {@code removalReason} as stored on the device, or null for an old removal that kept none. */
    static Unauthenticated removed(String removalReason) {
        return new Unauthenticated(DEVICE_REMOVED, removalReason == null ? "removed" : removalReason);
    }

    @Override
    public Map<String, Object> details() {
        return removalReason == null ? Map.of() : Map.of("reason", removalReason);
    }
}
