package io.switchboard.platform;

import io.switchboard.platform.error.DomainException;
import java.time.Duration;

/** A {@link RateLimiter.Purpose}'s limit is used up until its window ends. */
public final class RateLimited extends DomainException {

    RateLimited(RateLimiter.Purpose purpose, Duration untilWindowEnds) {
        super("rate_limited", message(purpose), untilWindowEnds);
    }

    private static String message(RateLimiter.Purpose purpose) {
        return switch (purpose) {
            case FAILED_SIGN_IN -> "Too many wrong answers for this device; try again later.";
            case PHONE_CODE_FROM_ADDRESS, PHONE_CODE -> "Too many codes were sent to this number; try again later.";
            default -> "Too many attempts; try again later.";
        };
    }
}
