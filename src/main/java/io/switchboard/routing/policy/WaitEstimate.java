package io.switchboard.routing.policy;

import java.time.Duration;

/**
 * The wait a customer is told: their place in line at the pace the queue moved in the recent window.
 * Fewer than {@link #MIN_ASSIGNMENTS} hand-offs is no pace at all — one assignment in an hour would
 * promise "about 1 h" and jump with the next — so then there is no estimate and the page says nothing
 * about time.
 */
public final class WaitEstimate {

    public static final int MIN_ASSIGNMENTS = 3;

    private WaitEstimate() {
    }

    /** Seconds to wait at {@code position} (1-based), or null without enough history. */
    public static Long seconds(int position, long assignedInWindow, Duration window) {
        if (assignedInWindow < MIN_ASSIGNMENTS) {
            return null;
        }
        return Math.round((double) position * window.toSeconds() / assignedInWindow);
    }
}
