package io.switchboard.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The router's thread on its own: no database, a routing run that fails on demand. */
class RouterTest {

    /** Counts runs; the first {@code failures} of them fail as a lost connection would. */
    private static class ScriptedRouting extends RoutingRun {
        final AtomicInteger runs = new AtomicInteger();
        private final int failures;

        ScriptedRouting(int failures) {
            super(null, null, null, null, Clock.systemUTC(), null, null);
            this.failures = failures;
        }

        @Override
        public int route() {
            if (runs.incrementAndGet() <= failures) {
                throw new IllegalStateException("connection lost");
            }
            return 0;
        }
    }

    /** No deadlines. */
    private static class NoDeadlines extends RoutingTimers {
        NoDeadlines() {
            super(null, null, null, Clock.systemUTC(), null, null);
        }

        @Override
        public Optional<Instant> nextDeadline() {
            return Optional.empty();
        }
    }

    @Test
    void aFailedRunIsRetriedWithoutWaitingForAnotherChange() {
        ScriptedRouting routing = new ScriptedRouting(1);
        Router router = new Router(routing, new NoDeadlines(), Clock.systemUTC(), new SimpleMeterRegistry());

        router.requestRun();

        await().atMost(Duration.ofSeconds(5)).until(() -> routing.runs.get() == 2);
    }

    @Test
    void requestsDuringARunCoalesceIntoOneMoreRun() throws Exception {
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedRouting routing = new ScriptedRouting(0) {
            @Override
            public int route() {
                started.incrementAndGet();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.route();
            }
        };
        Router router = new Router(routing, new NoDeadlines(), Clock.systemUTC(), new SimpleMeterRegistry());

        router.requestRun();
        // The requests below must arrive while the first run is still going: wait for it to start, not end.
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
        for (int i = 0; i < 50; i++) {
            router.requestRun();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> routing.runs.get() >= 2);
        Thread.sleep(1_200);
        assertEquals(2, routing.runs.get(), "fifty requests during one run cost one more run");
    }
}
