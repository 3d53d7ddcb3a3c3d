package io.switchboard.platform;

import io.switchboard.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed one-minute windows per (purpose, key). In memory, so each app node counts on its own:
 * with N nodes a client gets at most N times the limit, which is acceptable for abuse limits.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    /** What is limited, each with its per-minute limit in {@link SwitchboardConfig}. */
    public enum Purpose {
        /** Per client address: {@code switchboard.setup.attempts-per-minute}. */
        SETUP,
        /** Per device: {@code switchboard.sessions.challenges-per-minute}. */
        AUTH_CHALLENGE,
        /** Per client address: {@code switchboard.linking.requests-per-minute}. */
        LINK_REQUEST,
        /** Per client address: {@code switchboard.customers.verifications-per-minute}. */
        PHONE_VERIFICATION
    }

    private final Clock clock;
    private final SwitchboardConfig config;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(Clock clock, SwitchboardConfig config) {
        this.clock = clock;
        this.config = config;
    }

    int perMinute(Purpose purpose) {
        return switch (purpose) {
            case SETUP -> config.setup().attemptsPerMinute();
            case AUTH_CHALLENGE -> config.sessions().challengesPerMinute();
            case LINK_REQUEST -> config.linking().requestsPerMinute();
            case PHONE_VERIFICATION -> config.customers().verificationsPerMinute();
        };
    }

    private record Window(Instant start, int count) {
    }

    /** Counts one use by {@code key} (an address or a device) and refuses with 429 past the purpose's limit. */
    public void check(Purpose purpose, String key) {
        int perMinute = perMinute(purpose);
        Instant now = clock.instant();
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> !now.isBefore(e.getValue().start().plus(WINDOW)));
        }
        Window window = windows.compute(purpose.name() + '|' + key, (k, w) ->
                w == null || !now.isBefore(w.start().plus(WINDOW)) ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        if (window.count() > perMinute) {
            long retryAfter = Math.max(1, Duration.between(now, window.start().plus(WINDOW)).toSeconds());
            throw new ApiException(429, "rate_limited", "Too many attempts; try again in " + retryAfter + " s.",
                    Map.of("retryAfterSeconds", retryAfter));
        }
    }

    /** Forgets all counts; used by tests that share one running app. */
    public void reset() {
        windows.clear();
    }
}
