package io.switchboard.routing.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {

    static final Duration HOUR = Duration.ofHours(1);

    @Test
    void saysNothingWithoutEnoughHistory() {
        assertNull(WaitEstimate.seconds(1, 0, HOUR));
        assertNull(WaitEstimate.seconds(1, 1, HOUR), "one hand-off in an hour is no pace: it would promise about an hour");
        assertNull(WaitEstimate.seconds(1, WaitEstimate.MIN_ASSIGNMENTS - 1, HOUR));
    }

    @Test
    void isThePlaceInLineAtThePaceOfTheWindow() {
        assertEquals(1200L, WaitEstimate.seconds(1, 3, HOUR));
        assertEquals(2400L, WaitEstimate.seconds(2, 3, HOUR));
        assertEquals(360L, WaitEstimate.seconds(3, 30, HOUR));
    }
}
