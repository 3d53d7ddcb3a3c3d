package io.switchboard.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Changes are coalesced: a push starts at once when the last one ended at least {@link #INTERVAL_MS} ago, else that
 * long after it ended (so that a push slowed down by load never runs back to back), the board computed once and cut to each
 * recipient's scope. A connection gets the whole board when it subscribes (again) or its scope changed, and
 * otherwise only what changed since the version it was last sent ({@link BoardPatch}): a whole board of 2,000
 * conversations is over half a megabyte, and one was sent several times a second under load (docs/performance.md).
 * The other nodes hear "the board changed" and push to their own subscribers.
 * Only subscribers: a supervisor's inbox tab has no use for the board, and computing and sending it
 * to every admin device on every change cost a quarter of the app's CPU under load.
 */
@ApplicationScoped
public class BoardPushes implements ChannelListener {

    private static final Logger LOG = Logger.getLogger(BoardPushes.class);
    /**
     * 100 ms, not 250: with patches a push costs little to send, and in the benchmark the wait for the next push was most of
     * the time from a change to the supervisor's screen (docs/performance.md).
     */
    static final long INTERVAL_MS = 100;
    private static final String CHANGED = "board";

    /** {@code {"type":"board","version":n,"board":<board>}}: the whole board of that version. */
    public record BoardFrame(long version, Board board) implements ServerEvent {
        public String type() {
            return "board";
        }
    }

    private final Instance<BoardService> boards;
    private final Scopes scopes;
    private final DeviceConnections connections;
    private final ClusterSignals cluster;
    private final Timer pushTimer;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "board-push");
        t.setDaemon(true);
        return t;
    });

    /**
     * A subscribed connection of this node; its device's scope is read again at every push. {@code scope} and
     * {@code version}: the board it was last sent, which a patch must start from; a null scope asks for the whole board.
     */
    private record Subscriber(WebSocketConnection connection, String deviceId, SupervisorScope scope, long version) {

        Subscriber sent(SupervisorScope scope, long version) {
            return new Subscriber(connection, deviceId, scope, version);
        }

        boolean has(SupervisorScope scope, Sent last) {
            return scope.equals(this.scope) && last != null && version == last.version();
        }
    }

    /** The last board sent to a scope and its version. Versions are one sequence on this node, so a client's only go up. */
    private record Sent(long version, Board board) {
    }

    /** By connection id: the connection objects handed to the callbacks are not stable map keys. */
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    /** Touched by the push thread only. */
    private Map<SupervisorScope, Sent> lastSent = new HashMap<>();
    /** The last version given out; touched by the push thread only. */
    private long version;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** A change not pushed yet. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean changedHere = new AtomicBoolean();
    private volatile long lastPushAt;

    BoardPushes(Instance<BoardService> boards, Scopes scopes, DeviceConnections connections, ClusterSignals cluster, MeterRegistry metrics) {
        this.boards = boards;
        this.scopes = scopes;
        this.connections = connections;
        this.cluster = cluster;
        this.pushTimer = Timer.builder("switchboard.board.push").description("One push of the board: read, cut per scope, compare, send")
                .publishPercentiles(0.5, 0.99).register(metrics);
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
     * on this connection, the whole board first; sent again (a client that missed a version), it brings the whole board
     * again. {@code {"type":"unsubscribe","to":"board"}} ends them. Anyone else's subscription is ignored, as unknown
     * frames are.
     */
    @Override
    public void frame(AuthenticatedDevice device, JsonNode frame, WebSocketConnection connection) {
        if (!device.business() || !"board".equals(frame.path("to").asText())) {
            return;
        }
        switch (frame.path("type").asText("")) {
            case "subscribe" -> {
                if (!scopes.of(Set.of(device.deviceId())).isEmpty()) {
                    subscribers.put(connection.id(), new Subscriber(connection, device.deviceId(), null, 0));
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
        pending.set(true);
        // While a push runs it stays scheduled: a change meanwhile is pushed after it ended, one interval later.
        if (scheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPushAt + INTERVAL_MS - System.currentTimeMillis());
            thread.schedule(this::push, wait, TimeUnit.MILLISECONDS);
        }
    }

    private void push() {
        pending.set(false);
        if (changedHere.getAndSet(false)) {
            cluster.forward(CHANGED, "{}");
        }
        Timer.Sample sample = Timer.start();
        try {
            if (subscribers.isEmpty()) {
                lastSent = new HashMap<>();
                return;
            }
            // A device demoted since it subscribed has no scope any more and hears nothing.
            BoardService.ForPush read = boards.get().forPush(subscribers.values().stream().map(Subscriber::deviceId).collect(Collectors.toSet()));
            Map<String, SupervisorScope> scopeOfDevice = read.scopeOfDevice();
            Map<SupervisorScope, List<Subscriber>> byScope = new HashMap<>();
            subscribers.values().forEach(subscriber -> {
                SupervisorScope scope = scopeOfDevice.get(subscriber.deviceId());
                if (scope != null) {
                    byScope.computeIfAbsent(scope, s -> new ArrayList<>()).add(subscriber);
                }
            });
            if (byScope.isEmpty()) {
                lastSent = new HashMap<>();
                return;
            }
            Map<SupervisorScope, Sent> sent = new HashMap<>();
            byScope.forEach((scope, watching) -> sent.put(scope, pushTo(scope, read.snapshot().view(scope), watching, lastSent.get(scope))));
            // Scopes nobody watches any more are forgotten; whoever takes one up again starts with a whole board.
            lastSent = sent;
        } catch (RuntimeException e) {
            LOG.warnf("the board could not be pushed: %s", e.toString());
        } finally {
            sample.stop(pushTimer);
            lastPushAt = System.currentTimeMillis();
            scheduled.set(false);
            if (pending.get()) {
                schedule();
            }
        }
    }

    /**
     * One scope's board to its subscribers: a patch to those who have the last version, the whole board to the others.
     * The version moves on when the board changed or someone needs it whole, so that a whole board's version is always
     * newer than anything its recipient had; an unchanged board sends nothing.
     */
    private Sent pushTo(SupervisorScope scope, Board board, List<Subscriber> watching, Sent last) {
        long next = version + 1;
        BoardPatch patch = last == null ? null : BoardPatch.between(last.version(), next, last.board(), board);
        boolean everyoneCurrent = watching.stream().allMatch(subscriber -> subscriber.has(scope, last));
        if (patch != null && patch.changesNothing() && everyoneCurrent) {
            return last;
        }
        version = next;
        BoardFrame whole = new BoardFrame(next, board);
        for (Subscriber subscriber : watching) {
            connections.pushToConnection(subscriber.connection(), subscriber.has(scope, last) ? patch : whole);
            // Unless it subscribed again meanwhile: then it is owed the whole board, at the next push.
            subscribers.replace(subscriber.connection().id(), subscriber, subscriber.sent(scope, next));
        }
        return new Sent(next, board);
    }
}
