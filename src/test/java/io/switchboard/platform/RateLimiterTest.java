package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.switchboard.platform.RateLimiter.Purpose;
import io.switchboard.platform.error.ApiExceptionMappers;
import io.switchboard.testing.ApiTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class RateLimiterTest extends ApiTest {

    @Inject
    RateLimiter limiter;

    static SwitchboardConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(SwitchboardConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build()
                .getConfigMapping(SwitchboardConfig.class);
    }

    @ParameterizedTest(name = "{0} allows {1} by default")
    @CsvSource({"SETUP, 10", "AUTH_CHALLENGE, 60", "FAILED_SIGN_IN, 10", "LINK_REQUEST, 10", "PHONE_VERIFICATION, 10",
            "PHONE_CODE_FROM_ADDRESS, 5", "PHONE_CODE, 20", "MESSAGE_SEND, 120", "BLOB_UPLOAD, 30"})
    void eachPurposeHasItsDefault(Purpose purpose, int limit) {
        assertEquals(limit, new RateLimiter(clock, config(Map.of()), null).limit(purpose));
    }

    @ParameterizedTest(name = "{1} sets the limit of {0}")
    @CsvSource({"SETUP, switchboard.setup.attempts-per-minute", "AUTH_CHALLENGE, switchboard.sessions.challenges-per-minute",
            "FAILED_SIGN_IN, switchboard.sessions.failed-sign-ins-per-minute",
            "LINK_REQUEST, switchboard.linking.requests-per-minute",
            "PHONE_VERIFICATION, switchboard.customers.verifications-per-minute",
            "PHONE_CODE_FROM_ADDRESS, switchboard.customers.codes-per-phone-per-address-per-hour",
            "PHONE_CODE, switchboard.customers.codes-per-phone-per-hour",
            "MESSAGE_SEND, switchboard.messages.sends-per-minute", "BLOB_UPLOAD, switchboard.blobs.uploads-per-minute"})
    void eachLimitIsConfigurable(Purpose purpose, String key) {
        assertEquals(3, new RateLimiter(clock, config(Map.of(key, "3")), null).limit(purpose));
    }

    @Test
    void usesPastTheLimitAreRefusedUntilTheWindowEndsWithTheTimeToWait() {
        for (int i = 0; i < 10; i++) {
            limiter.check(Purpose.SETUP, "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(20));
        RateLimited refused = assertThrows(RateLimited.class, () -> limiter.check(Purpose.SETUP, "10.0.0.1"));
        assertEquals(429, ApiExceptionMappers.answer(refused).build().getStatus());
        assertEquals(40, refused.retryAfterSeconds().orElseThrow());

        clock.advance(Duration.ofSeconds(40));
        assertDoesNotThrow(() -> limiter.check(Purpose.SETUP, "10.0.0.1"));
    }

    @Test
    void theCountsLiveInTheDatabaseSharedByEveryNode() {
        limiter.check(Purpose.PHONE_CODE, "+351912345678");
        limiter.check(Purpose.PHONE_CODE, "+351912345678");
        assertEquals("select uses from rate_limit where purpose = 'PHONE_CODE'\n2\n",
                data.rows("select uses from rate_limit where purpose = 'PHONE_CODE'"));
    }

    @Test
    void sendsAndUploadsAreCountedInMemorySoTheMessagePathCommitsNothingForThem() {
        // the in-memory windows outlive a test: subjects of their own
        String device = java.util.UUID.randomUUID().toString();
        String other = java.util.UUID.randomUUID().toString();
        for (Purpose purpose : new Purpose[] {Purpose.MESSAGE_SEND, Purpose.BLOB_UPLOAD}) {
            for (int i = 0; i < limiter.limit(purpose); i++) {
                limiter.check(purpose, device);
            }
            RateLimited refused = assertThrows(RateLimited.class, () -> limiter.check(purpose, device));
            assertEquals(60, refused.retryAfterSeconds().orElseThrow());
            assertDoesNotThrow(() -> limiter.check(purpose, other));
        }
        assertEquals(0, data.count("rate_limit"));
        clock.advance(Duration.ofMinutes(1));
        assertDoesNotThrow(() -> limiter.check(Purpose.MESSAGE_SEND, device));
    }

    @Test
    void purposesAndSubjectsAreCountedApart() {
        for (int i = 0; i < 10; i++) {
            limiter.check(Purpose.SETUP, "10.0.0.1");
        }
        assertDoesNotThrow(() -> limiter.check(Purpose.LINK_REQUEST, "10.0.0.1"));
        assertDoesNotThrow(() -> limiter.check(Purpose.SETUP, "10.0.0.2"));
    }

    @Test
    void hourlyLimitsCountOverAnHour() {
        for (int i = 0; i < 5; i++) {
            limiter.check(Purpose.PHONE_CODE_FROM_ADDRESS, "+351912345678 10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(59));
        assertThrows(RateLimited.class, () -> limiter.check(Purpose.PHONE_CODE_FROM_ADDRESS, "+351912345678 10.0.0.1"));
        clock.advance(Duration.ofMinutes(1));
        assertDoesNotThrow(() -> limiter.check(Purpose.PHONE_CODE_FROM_ADDRESS, "+351912345678 10.0.0.1"));
    }
}
