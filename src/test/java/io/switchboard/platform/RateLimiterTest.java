package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.platform.RateLimiter.Purpose;
import io.switchboard.platform.error.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    static SwitchboardConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(SwitchboardConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()
                .getConfigMapping(SwitchboardConfig.class);
    }

    @ParameterizedTest(name = "{0} allows {1} a minute by default")
    @CsvSource({"SETUP, 10", "AUTH_CHALLENGE, 30", "LINK_REQUEST, 10", "PHONE_VERIFICATION, 10"})
    void eachPurposeHasItsDefault(Purpose purpose, int limit) {
        assertAllowedThenRefused(new RateLimiter(CLOCK, config(Map.of())), purpose, limit);
    }

    @ParameterizedTest(name = "{1} sets the limit of {0}")
    @CsvSource({"SETUP, switchboard.setup.attempts-per-minute", "AUTH_CHALLENGE, switchboard.sessions.challenges-per-minute",
            "LINK_REQUEST, switchboard.linking.requests-per-minute",
            "PHONE_VERIFICATION, switchboard.customers.verifications-per-minute"})
    void eachLimitIsConfigurable(Purpose purpose, String key) {
        assertAllowedThenRefused(new RateLimiter(CLOCK, config(Map.of(key, "3"))), purpose, 3);
    }

    @Test
    void purposesAreCountedApart() {
        RateLimiter limiter = new RateLimiter(CLOCK, config(Map.of("switchboard.setup.attempts-per-minute", "1",
                "switchboard.linking.requests-per-minute", "1")));
        limiter.check(Purpose.SETUP, "10.0.0.1");
        assertDoesNotThrow(() -> limiter.check(Purpose.LINK_REQUEST, "10.0.0.1"));
    }

    private static void assertAllowedThenRefused(RateLimiter limiter, Purpose purpose, int limit) {
        for (int i = 0; i < limit; i++) {
            limiter.check(purpose, "10.0.0.1");
        }
        ApiException refused = assertThrows(ApiException.class, () -> limiter.check(purpose, "10.0.0.1"));
        assertEquals(429, refused.status());
    }
}
