package io.switchboard.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs routing when something changed, on one thread per node: requests that arrive while a run is
 * going coalesce into one more run, so a burst of 500 new chats costs a handful of runs. It also
 * keeps one timer armed for the earliest deadline (an offer, a grace period, a snooze) — there is
 * no polling loop; other nodes re-arm theirs when told something changed.
 */
@ApplicationScoped
public class Router {

    private static final Logger LOG = Logger.getLogger(Router.class);
    /** A failed run (a lost connection, a deadlock) is retried after this long, so a queue never sits still with free agents. */
    private static final long RETRY_MS = 1000;

    private final RoutingRun routingRun;
    private final RoutingTimers timers;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "router");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean runRequested = new AtomicBoolean();
    private final AtomicBoolean rearmRequested = new AtomicBoolean();
    private final Timer runTimer;
    private final Counter assignments;
    private ScheduledFuture<?> timer;
    private Instant timerAt;
    private volatile boolean running = true;

    Router(RoutingRun routingRun, RoutingTimers timers, Clock clock, MeterRegistry metrics) {
        this.routingRun = routingRun;
        this.timers = timers;
        this.clock = clock;
        this.runTimer = Timer.builder("switchboard.routing.run").description("One routing run: lock, decide, write")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.assignments = Counter.builder("switchboard.routing.assignments").description("Conversations the router assigned")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        requestRun();
        rearm();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        thread.shutdownNow();
    }

    /** Something changed that may let a conversation be assigned: route soon, on the router thread. */
    public void requestRun() {
        if (running && runRequested.compareAndSet(false, true)) {
            thread.execute(this::run);
        }
    }

    /** Re-reads the earliest deadline (after a change here or on another node may have set one); requests coalesce. */
    public void rearm() {
        if (running && rearmRequested.compareAndSet(false, true)) {
            thread.execute(() -> {
                rearmRequested.set(false);
                armFromDatabase();
            });
        }
    }

    /** A deadline was set here at {@code at}: make sure the timer fires by then. */
    public void deadlineAt(Instant at) {
        if (running) {
            thread.execute(() -> arm(at));
        }
    }

    private void run() {
        runRequested.set(false);
        try {
            Integer assigned = runTimer.recordCallable(routingRun::route);
            if (assigned != null && assigned > 0) {
                assignments.increment(assigned);
                armFromDatabase();
            }
        } catch (Exception e) {
            LOG.warnf("routing run failed (%s); routing again in %d ms", e.toString(), RETRY_MS);
            if (running) {
                thread.schedule(this::requestRun, RETRY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Acts on the deadlines that passed and arms the timer for the next; tests call it after moving the clock. */
    public void processDue() {
        Optional<Instant> next = timers.processDue();
        next.ifPresent(this::deadlineAt);
    }

    private void armFromDatabase() {
        try {
            timers.nextDeadline().ifPresent(this::arm);
        } catch (RuntimeException e) {
            LOG.warnf("could not read the next routing deadline: %s", e.toString());
        }
    }

    /** Only ever called on the router thread. */
    private void arm(Instant at) {
        if (timer != null && !timer.isDone() && timerAt != null && !at.isBefore(timerAt)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 5;
        timerAt = at;
        timer = thread.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        timer = null;
        timerAt = null;
        try {
            timers.processDue().ifPresent(this::arm);
        } catch (RuntimeException e) {
            LOG.warnf("routing deadlines failed (%s); retrying in 5 s", e.toString());
            arm(clock.instant().plusSeconds(5));
        }
    }
}
