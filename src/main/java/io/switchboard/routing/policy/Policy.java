package io.switchboard.routing.policy;

import java.util.Arrays;
import java.util.Optional;

/** How a team's queue is handed out (docs/protocol.md §14.2). */
public enum Policy {
    /** Nothing is assigned automatically; agents claim from the queue. */
    MANUAL("manual"),
    /** The eligible agent whose last assignment is oldest (never assigned first). */
    ROUND_ROBIN("round_robin"),
    /** The eligible agent with the lowest load ÷ capacity; ties to the longest idle. */
    LEAST_LOADED("least_loaded");

    private final String wireName;

    Policy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Policy> fromWire(String name) {
        return Arrays.stream(values()).filter(policy -> policy.wireName.equals(name)).findFirst();
    }
}
