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

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    private record Window(Instant start, int count) {
    }

    /** Counts one use and refuses with 429 when {@code perMinute} is exceeded. */
    public void check(String purpose, String key, int perMinute) {
        Instant now = clock.instant();
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> !now.isBefore(e.getValue().start().plus(WINDOW)));
        }
        Window window = windows.compute(purpose + '|' + key, (k, w) ->
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
