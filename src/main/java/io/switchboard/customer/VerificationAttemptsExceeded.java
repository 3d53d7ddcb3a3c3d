package io.switchboard.customer;

import io.switchboard.platform.error.DomainException;
import java.time.Duration;

/** The verification's tries with a code are used up; a new code can be asked for once this one would have expired. */
public final class VerificationAttemptsExceeded extends DomainException {

    VerificationAttemptsExceeded(Duration untilExpiry) {
        super("verification_attempts_exceeded", "Too many wrong codes; ask for a new one.", untilExpiry);
    }
}
