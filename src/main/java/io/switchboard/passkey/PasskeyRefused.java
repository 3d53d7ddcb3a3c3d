package io.switchboard.passkey;

import io.switchboard.platform.error.DomainException;

/** A change the owner's passkey has not approved, or a passkey ceremony that did not verify. */
public final class PasskeyRefused extends DomainException {

    static final Refusal REQUIRED = new Refusal(Kind.FORBIDDEN, "passkey_required",
            "This change needs the owner's passkey: approve exactly this change with it first.");
    static final Refusal ASSERTION_INVALID = new Refusal(Kind.INVALID, "passkey_assertion_invalid",
            "The passkey's answer does not verify for this challenge; ask for a new challenge and try again.");
    static final Refusal REGISTRATION_INVALID = new Refusal(Kind.INVALID, "passkey_registration_invalid",
            "The new passkey does not verify for this challenge, or it does not verify the user; try again.");
    static final Refusal NONE_REGISTERED = new Refusal(Kind.CONFLICT, "passkey_not_registered",
            "No passkey is registered; register one first.");
    static final Refusal ALREADY_REGISTERED = new Refusal(Kind.CONFLICT, "passkey_already_registered",
            "This passkey is registered already.");
    static final Refusal NOT_FOUND = new Refusal(Kind.NOT_FOUND, "passkey_not_found", "There is no such passkey.");

    PasskeyRefused(Refusal refusal) {
        super(refusal);
    }
}
