package io.switchboard.customer;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** A wrong code; it counts, and the customer learns how many tries are left. */
public final class WrongVerificationCode extends DomainException {

    private final int attemptsLeft;

    WrongVerificationCode(int attemptsLeft) {
        super(Kind.INVALID, "verification_code_wrong", "That code is not right.");
        this.attemptsLeft = attemptsLeft;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("attemptsLeft", attemptsLeft);
    }
}
