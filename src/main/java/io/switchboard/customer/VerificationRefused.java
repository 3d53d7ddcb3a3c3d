package io.switchboard.customer;

import io.switchboard.platform.error.DomainException;

/** A phone verification that cannot go on: the number, the verification, or the customer it would create is wrong. */
public final class VerificationRefused extends DomainException {

    static final Refusal PHONE_INVALID = new Refusal(Kind.INVALID, "phone_invalid",
            "The phone number must be in international format, like +4915112345678.");
    static final Refusal NOT_FOUND = new Refusal(Kind.NOT_FOUND, "verification_not_found", "There is no such verification.");
    static final Refusal USED = new Refusal(Kind.CONFLICT, "verification_used", "This code was already used.");
    static final Refusal EXPIRED = new Refusal(Kind.GONE, "verification_expired", "The code has expired; ask for a new one.");
    static final Refusal CUSTOMER_EXISTS = new Refusal(Kind.CONFLICT, "customer_exists",
            "This number already has a browser; link this one from it instead (docs/protocol.md §6.3).");

    VerificationRefused(Refusal refusal) {
        super(refusal);
    }
}
