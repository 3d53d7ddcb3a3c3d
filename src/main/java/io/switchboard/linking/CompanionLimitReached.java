package io.switchboard.linking;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The list already has as many companions as its owner may link ({@code switchboard.devices.max-companions} or the customers' one). */
public final class CompanionLimitReached extends DomainException {

    private final int limit;

    CompanionLimitReached(int limit) {
        super(Kind.CONFLICT, "companion_limit_reached", "This account already has " + limit
                + " linked devices, the most it may have. Ask the owner to log one out first.");
        this.limit = limit;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("limit", limit);
    }
}
