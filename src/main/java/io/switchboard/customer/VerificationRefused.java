package io.switchboard.customer;

import io.switchboard.platform.error.DomainException;

/** A phone verification that cannot go on: the number, the verification, or the customer it would create is wrong. */
public final class VerificationRefused extends DomainException {

    public enum Reason {
        PHONE_INVALID(Kind.INVALID, "phone_invalid", "The phone number must be in international format, like +4915112345678."),
        NOT_FOUND(Kind.NOT_FOUND, "verification_not_found", "There is no such verification."),
        USED(Kind.CONFLICT, "verification_used", "This code was already used."),
        EXPIRED(Kind.GONE, "verification_expired", "The code has expired; ask for a new one."),
        CUSTOMER_EXISTS(Kind.CONFLICT, "customer_exists",
                "This number already has a browser; link this one from it instead (docs/protocol.md §6.3).");

        private final Kind kind;
        private final String code;
        private final String message;

        Reason(Kind kind, String code, String message) {
            this.kind = kind;
            this.code = code;
            this.message = message;
        }
    }

    private final Reason reason;

    VerificationRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
