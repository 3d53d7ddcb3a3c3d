package io.switchboard.supervision;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.csat.CsatRated;
import io.switchboard.routing.events.ConversationAssigned;
import io.switchboard.routing.events.ConversationEvent;
import io.switchboard.routing.events.ConversationPending;
import io.switchboard.routing.events.ConversationQueued;
import io.switchboard.routing.events.ConversationReopened;
import io.switchboard.routing.events.ConversationResolved;
import io.switchboard.routing.events.ConversationSnoozed;
import io.switchboard.routing.events.ConversationTransferred;
import io.switchboard.routing.events.MessageWritten;
import io.switchboard.routing.events.OfferExpired;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.events.TopicChosen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Writes the cycle facts from the routing and message events, once their transaction committed
 * (docs/metrics.md, "Sources"). The request that caused an event never waits: events go to a queue,
 * and one thread applies each burst of them in one transaction, in the order they were heard.
 */
@ApplicationScoped
public class FactWriter {

    private static final Logger LOG = Logger.getLogger(FactWriter.class);
    private static final int BURST = 500;
    /** The routing events the metrics follow (docs/metrics.md, "Sources"). */
    private static final Set<Class<?>> FACT_EVENTS = Set.of(ConversationQueued.class, ConversationReopened.class,
            ConversationAssigned.class, ConversationTransferred.class, OfferExpired.class, ConversationPending.class,
            ConversationSnoozed.class, ConversationResolved.class, TopicChosen.class);

    /** What happened and when the commit was heard (or the time the event carries). */
    private record Heard(String conversationId, Object event, Instant at) {
    }

    private final CycleStore store;
    private final SupervisionSettingsService settings;
    private final BoardPushes board;
    private final Clock clock;
    private final BlockingQueue<Heard> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread thread;
    private volatile boolean running = true;
    /** Events heard and not yet written (or given up on). */
    private final AtomicInteger pending = new AtomicInteger();

    FactWriter(CycleStore store, SupervisionSettingsService settings, BoardPushes board, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.board = board;
        this.clock = clock;
        this.thread = new Thread(this::loop, "supervision-facts");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        thread.interrupt();
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvent event) {
        if (event instanceof ConversationEvent conversationEvent && FACT_EVENTS.contains(event.getClass())) {
            offer(new Heard(conversationEvent.conversationId(), event, clock.instant()));
        }
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageWritten event) {
        offer(new Heard(event.conversationId(), event, event.at()));
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) CsatRated event) {
        offer(new Heard(event.conversationId(), event, event.ratedAt()));
    }

    private void offer(Heard heard) {
        pending.incrementAndGet();
        if (!queue.offer(heard)) {
            pending.decrementAndGet();
            LOG.warn("supervision facts are falling behind; a fact was dropped");
        }
    }

    /** Whether every event heard so far has been written. */
    public boolean idle() {
        return pending.get() == 0;
    }

    private void loop() {
        List<Heard> burst = new ArrayList<>();
        while (running) {
            try {
                Heard first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                burst.add(first);
                queue.drainTo(burst, BURST - 1);
                write(burst);
                board.changed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("supervision facts of %d events could not be written: %s", burst.size(), e.toString());
            } finally {
                pending.addAndGet(-burst.size());
                burst.clear();
            }
        }
    }

    /** One transaction per burst; if it fails, each event alone, so one bad event costs only its own fact. */
    private void write(List<Heard> burst) {
        try {
            writeTogether(burst);
        } catch (RuntimeException e) {
            if (burst.size() == 1) {
                throw e;
            }
            for (Heard heard : burst) {
                try {
                    writeTogether(List.of(heard));
                } catch (RuntimeException single) {
                    LOG.warnf("the supervision fact of %s on %s could not be written: %s", heard.event().getClass().getSimpleName(),
                            heard.conversationId(), single.toString());
                }
            }
        }
    }

    private void writeTogether(List<Heard> burst) {
        QuarkusTransaction.requiringNew().run(() -> {
            SupervisionSettingsService.Effective effective = settings.effective();
            for (Heard heard : burst) {
                apply(heard, effective);
            }
        });
    }

    /** What an event does to a running cycle. */
    private static void changeRunning(Cycle cycle, Object event, Instant at, SupervisionSettingsService.Effective effective,
                                      List<Cycle.Response> responses) {
        if (event instanceof ConversationTransferred t && t.toTeamId() != null) {
            cycle.teamId = t.toTeamId();
        } else if (event instanceof TopicChosen t) {
            cycle.teamId = t.teamId();
        } else if (event instanceof ConversationAssigned a && a.teamId() != null) {
            cycle.teamId = a.teamId();
        }
        SupervisionSettings team = effective.forTeam(cycle.teamId);
        if (event instanceof MessageWritten m) {
            CycleRules.businessWrote(cycle, m.deviceId(), at, team).ifPresent(responses::add);
        } else if (event instanceof ConversationQueued q && q.releasedFrom() != null) {
            CycleRules.assignmentEnded(cycle, q.releasedFrom(), at, team);
        } else if (event instanceof ConversationReopened) {
            CycleRules.resumed(cycle, at, team);
        } else if (event instanceof ConversationAssigned a) {
            CycleRules.assigned(cycle, a.deviceId(), a.teamId(), at, team);
        } else if (event instanceof ConversationTransferred t && t.fromDeviceId() != null) {
            CycleRules.assignmentEnded(cycle, t.fromDeviceId(), at, team);
        } else if (event instanceof OfferExpired o) {
            CycleRules.assignmentEnded(cycle, o.deviceId(), at, team);
        } else if (event instanceof ConversationPending) {
            CycleRules.paused(cycle, at);
        } else if (event instanceof ConversationSnoozed s) {
            if (s.releasedFrom() != null) {
                CycleRules.assignmentEnded(cycle, s.releasedFrom(), at, team);
            }
            CycleRules.paused(cycle, at);
        } else if (event instanceof ConversationResolved r) {
            CycleRules.resolved(cycle, r.byDeviceId(), at, team).ifPresent(responses::add);
        }
    }

    private void apply(Heard heard, SupervisionSettingsService.Effective effective) {
        if (heard.event() instanceof CsatRated rated) {
            store.rated(rated.conversationId(), rated.rating(), rated.ratedAt());
            return;
        }
        Optional<CycleStore.Context> found = store.context(heard.conversationId());
        if (found.isEmpty()) {
            return;
        }
        CycleStore.Context context = found.get();
        Cycle cycle = context.running();
        Instant at = heard.at();
        List<Cycle.Response> responses = new ArrayList<>();
        Object event = heard.event();
        if (event instanceof MessageWritten m && m.fromCustomer()) {
            if (cycle == null) {
                if (context.lastResolvedAt() != null && !at.isAfter(context.lastResolvedAt())) {
                    return; // a late retry of a message the resolve already answered
                }
                cycle = CycleRules.start(heard.conversationId(), context.lastNumber() + 1, context.teamId(), at, true);
            } else if (!at.isBefore(cycle.startedAt) && !CycleRules.customerWrote(cycle, at)) {
                return; // the clock already runs: most customer messages change no fact, and are not written again
            }
        } else if (event instanceof ConversationQueued q && cycle == null) {
            if (q.releasedFrom() == null) {
                cycle = CycleRules.start(heard.conversationId(), context.lastNumber() + 1, context.teamId(), at, true);
            }
        } else if (event instanceof ConversationReopened r && cycle == null) {
            // A snooze ending is an automation: it starts no cycle of its own.
            if (r.cause() != ConversationReopened.Cause.SNOOZE_ENDED) {
                cycle = CycleRules.start(heard.conversationId(), context.lastNumber() + 1, context.teamId(), at,
                        r.cause() == ConversationReopened.Cause.CUSTOMER_WROTE);
            }
        } else if (event instanceof ConversationAssigned && cycle == null && context.queuedSinceLastCycle()) {
            // The event that starts the cycle was heard on another node and is not written yet: start it from the queue.
            cycle = CycleRules.start(heard.conversationId(), context.lastNumber() + 1, context.teamId(), context.queuedAt(), true);
            changeRunning(cycle, event, at, effective, responses);
        } else if (cycle != null) {
            changeRunning(cycle, event, at, effective, responses);
        }
        if (cycle == null) {
            return;
        }
        store.save(cycle);
        for (Cycle.Response response : responses) {
            store.insert(cycle, response, at);
        }
    }
}
