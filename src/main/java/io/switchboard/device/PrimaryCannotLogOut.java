package io.switchboard.device;

import io.switchboard.platform.error.DomainException;

/** The primary holds the account (it signs every list), so only a companion logs itself out. */
public final class PrimaryCannotLogOut extends DomainException {

    PrimaryCannotLogOut() {
        super(Kind.CONFLICT, "primary_cannot_log_out", "The primary device cannot log itself out; it holds the account.");
    }
}
