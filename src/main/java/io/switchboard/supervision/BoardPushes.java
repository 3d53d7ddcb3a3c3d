package io.switchboard.supervision;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import io.switchboard.events.ServerEvent;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Pushes the board to the supervisors and admins connected to this node whenever something on it
 * changed (docs/protocol.md §15.3): every routing event, every burst of facts, a settings change.
 * Changes are coalesced: at most one board per {@link #INTERVAL_MS}, computed once and cut to each
 * recipient's scope. The other nodes hear "the board changed" and push to their own supervisors.
 */
@ApplicationScoped
public class BoardPushes {

    private static final Logger LOG = Logger.getLogger(BoardPushes.class);
    static final long INTERVAL_MS = 250;
    private static final String CHANGED = "board";

    /** {@code {"type":"board","board":<board>}}. */
    public record BoardFrame(Board board) implements ServerEvent {
        public String type() {
            return "board";
        }
    }

    private final Instance<BoardService> boards;
    private final Scopes scopes;
    private final DeviceConnections connections;
    private final ClusterSignals cluster;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "board-push");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean changedHere = new AtomicBoolean();
    private volatile long lastPushAt;

    BoardPushes(Instance<BoardService> boards, Scopes scopes, DeviceConnections connections, ClusterSignals cluster) {
        this.boards = boards;
        this.scopes = scopes;
        this.connections = connections;
        this.cluster = cluster;
        cluster.onEvent((kind, body) -> {
            if (CHANGED.equals(kind)) {
                schedule();
            }
        });
    }

    /** Created at start, not at the first local event: other nodes' changes must reach this node's supervisors too. */
    void start(@Observes StartupEvent event) {
        LOG.debug("board pushes ready");
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvent event) {
        changed();
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) SupervisionSettingsService.Changed event) {
        changed();
    }

    /** Something on the board changed here; this node's and the other nodes' supervisors will hear it. */
    void changed() {
        changedHere.set(true);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPushAt + INTERVAL_MS - System.currentTimeMillis());
            thread.schedule(this::push, wait, TimeUnit.MILLISECONDS);
        }
    }

    private void push() {
        scheduled.set(false);
        lastPushAt = System.currentTimeMillis();
        if (changedHere.getAndSet(false)) {
            cluster.forward(CHANGED, "{}");
        }
        try {
            Set<String> connected = connections.businessConnectionCounts().keySet();
            if (connected.isEmpty()) {
                return;
            }
            Map<String, SupervisorScope> recipients = scopes.of(connected);
            if (recipients.isEmpty()) {
                return;
            }
            BoardService.Snapshot snapshot = boards.get().snapshot();
            Map<SupervisorScope, BoardFrame> frames = new HashMap<>();
            recipients.forEach((deviceId, scope) ->
                    connections.pushToDevice(deviceId, frames.computeIfAbsent(scope, s -> new BoardFrame(snapshot.view(s)))));
        } catch (RuntimeException e) {
            LOG.warnf("the board could not be pushed: %s", e.toString());
        }
    }
}
