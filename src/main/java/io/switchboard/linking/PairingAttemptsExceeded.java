package io.switchboard.linking;

import io.switchboard.platform.error.DomainException;
import java.time.Duration;

/** The owner's guesses of the pairing code ran out; the request is refused, and a new one can start once it would have expired. */
public final class PairingAttemptsExceeded extends DomainException {

    PairingAttemptsExceeded(Duration untilExpiry) {
        super("pairing_attempts_exceeded", "Too many wrong codes for this request; ask for a new code on the new device.", untilExpiry);
    }
}
