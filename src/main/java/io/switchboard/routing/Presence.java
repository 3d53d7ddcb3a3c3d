package io.switchboard.routing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.switchboard.routing.events.AgentPresenceChanged;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Agents' presence: the live {@code /ws/events} connections of their device, counted per app node
 * in the database so every node sees the same. Each node beats a heartbeat on the database clock;
 * the connections of a node that stops beating stop counting, and its agents' grace periods start.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);

    private final RoutingLock lock;
    private final PresenceStore store;
    private final AgentStore agents;
    private final ClusterSignals cluster;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final Router router;
    private final Event<RoutingEvent> events;
    private final DeviceConnections connections;
    private volatile boolean started;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "presence-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    Presence(RoutingLock lock, PresenceStore store, AgentStore agents, ClusterSignals cluster, SwitchboardConfig config, Clock clock,
             Router router, Event<RoutingEvent> events, DeviceConnections connections) {
        this.connections = connections;
        this.lock = lock;
        this.store = store;
        this.agents = agents;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.router = router;
        this.events = events;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::beat);
        started = true;
        long every = config.routing().nodeHeartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beatSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        heartbeat.shutdownNow();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                lock.hold();
                store.removeNode(cluster.nodeId());
                store.markDisconnected(clock.instant());
            });
        } catch (RuntimeException e) {
            LOG.debugf("could not withdraw this node's presence: %s", e);
        }
    }

    /**
     * A business device opened an event connection on this node; answers the person using it. The
     * stored count is always this node's registry count at the time of writing (never +1/−1), and
     * every write holds the routing lock, so racing opens and closes end with the registry's truth.
     */
    String connected(String deviceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            lock.hold();
            registerNode();
            writeCount(deviceId);
            agents.ensureAgent(deviceId);
            store.markConnected(deviceId);
            events.fire(new AgentPresenceChanged(deviceId, AgentPresenceChanged.Change.CONNECTED));
            return agents.person(deviceId).orElse("");
        });
    }

    /** One of its connections on this node closed; when none is left anywhere its grace period starts. */
    void disconnected(String deviceId) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            lock.hold();
            writeCount(deviceId);
            disconnected(store.markDisconnected(clock.instant()));
        });
        router.deadlineAt(now.plus(config.routing().gracePeriod()));
    }

    private void writeCount(String deviceId) {
        writeCount(deviceId, connections.connectionCount(deviceId));
    }

    private void writeCount(String deviceId, int count) {
        store.writeConnections(deviceId, cluster.nodeId(), count);
    }

    private void disconnected(Set<String> deviceIds) {
        deviceIds.forEach(id -> events.fire(new AgentPresenceChanged(id, AgentPresenceChanged.Change.DISCONNECTED)));
    }

    private void beatSafely() {
        try {
            QuarkusTransaction.requiringNew().run(this::beat);
        } catch (RuntimeException e) {
            LOG.warnf("presence heartbeat failed: %s", e.toString());
        }
    }

    /**
     * Says this node is alive and forgets the nodes that stopped saying so. A node that was itself
     * taken for dead (a long database stall) writes its connections again from its registry.
     */
    private void beat() {
        lock.hold();
        if (registerNode()) {
            LOG.warn("this node had been taken for dead; writing its agents' connections again");
            Map<String, Integer> counts = connections.businessConnectionCounts();
            counts.forEach(this::writeCount);
            store.markAllConnected();
            counts.keySet().forEach(id -> events.fire(new AgentPresenceChanged(id, AgentPresenceChanged.Change.CONNECTED)));
        }
        List<String> dead = store.reapNodes(config.routing().nodeTimeout());
        if (!dead.isEmpty()) {
            LOG.infof("app nodes %s stopped answering; their agents' connections no longer count", dead);
            disconnected(store.markDisconnected(clock.instant()));
        }
        router.rearm();
    }

    /** Answers whether the row was missing (first start, or this node had been reaped). */
    private boolean registerNode() {
        return store.registerNode(cluster.nodeId()) && started;
    }
}
