package io.switchboard.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.ChannelListener;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Pushes the board to the connections that subscribed to it (the board page, docs/protocol.md §15.3)
 * whenever something on it changed: every routing event, every burst of facts, a settings change.
 * Changes are coalesced: at most one board per {@link #INTERVAL_MS}, computed once and cut to each
 * recipient's scope. The other nodes hear "the board changed" and push to their own subscribers.
 * Only subscribers: a supervisor's inbox tab has no use for the board, and computing and sending it
 * to every admin device on every change cost a quarter of the app's CPU under load (docs/performance.md).
 */
@ApplicationScoped
public class BoardPushes implements ChannelListener {

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
    /** A subscribed connection of this node; its device's scope is read again at every push. */
    private record Subscriber(WebSocketConnection connection, String deviceId) {
    }

    /** By connection id: the connection objects handed to the callbacks are not stable map keys. */
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
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

    /**
     * {@code {"type":"subscribe","to":"board"}} from a device whose scope is not empty starts the board's frames
     * on this connection, the current board first; {@code {"type":"unsubscribe","to":"board"}} ends them. Anyone
     * else's subscription is ignored, as unknown frames are.
     */
    @Override
    public void frame(AuthenticatedDevice device, JsonNode frame, WebSocketConnection connection) {
        if (!device.business() || !"board".equals(frame.path("to").asText())) {
            return;
        }
        switch (frame.path("type").asText("")) {
            case "subscribe" -> {
                if (!scopes.of(Set.of(device.deviceId())).isEmpty()) {
                    subscribers.put(connection.id(), new Subscriber(connection, device.deviceId()));
                    schedule();
                }
            }
            case "unsubscribe" -> subscribers.remove(connection.id());
            default -> { }
        }
    }

    @Override
    public void opened(AuthenticatedDevice device, WebSocketConnection connection) {
    }

    @Override
    public void closed(AuthenticatedDevice device, WebSocketConnection connection) {
        subscribers.remove(connection.id());
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
            if (subscribers.isEmpty()) {
                return;
            }
            // A device demoted since it subscribed has no scope any more and hears nothing.
            Map<String, SupervisorScope> scopeOfDevice = scopes.of(subscribers.values().stream().map(Subscriber::deviceId).collect(Collectors.toSet()));
            if (scopeOfDevice.isEmpty()) {
                return;
            }
            BoardService.Snapshot snapshot = boards.get().snapshot();
            Map<SupervisorScope, BoardFrame> frames = new HashMap<>();
            subscribers.values().forEach(subscriber -> {
                SupervisorScope scope = scopeOfDevice.get(subscriber.deviceId());
                if (scope != null) {
                    connections.pushToConnection(subscriber.connection(), frames.computeIfAbsent(scope, s -> new BoardFrame(snapshot.view(s))));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("the board could not be pushed: %s", e.toString());
        }
    }
}
