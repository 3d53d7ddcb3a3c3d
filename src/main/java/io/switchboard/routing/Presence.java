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
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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

    private final RoutingStore store;
    private final ClusterSignals cluster;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final Router router;
    private final Event<RoutingChanged> changed;
    private final DeviceConnections connections;
    private volatile boolean started;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "presence-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    Presence(RoutingStore store, ClusterSignals cluster, SwitchboardConfig config, Clock clock, Router router,
             Event<RoutingChanged> changed, DeviceConnections connections) {
        this.connections = connections;
        this.store = store;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.router = router;
        this.changed = changed;
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
                store.lockRouting();
                store.update("delete from app_node where id = ?1", cluster.nodeId());
                markDisconnected();
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
    public String connected(String deviceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            store.lockRouting();
            registerNode();
            writeCount(deviceId);
            store.ensureAgent(deviceId);
            store.update("""
                    update agent set offline_since = null, released = false where device_id = ?1
                    and exists (select 1 from agent_presence p where p.device_id = ?1)""", deviceId);
            changed.fire(new RoutingChanged(Set.of(), Set.of(deviceId), false, true));
            List<String> person = store.list("select person from device where id = ?1", deviceId);
            return person.isEmpty() ? "" : person.get(0);
        });
    }

    /** One of its connections on this node closed; when none is left anywhere its grace period starts. */
    public void disconnected(String deviceId) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            store.lockRouting();
            writeCount(deviceId);
            Set<String> offline = markDisconnected();
            if (!offline.isEmpty()) {
                changed.fire(new RoutingChanged(Set.of(), offline, false, false));
            }
        });
        router.deadlineAt(now.plus(config.routing().gracePeriod()));
    }

    private void writeCount(String deviceId) {
        writeCount(deviceId, connections.connectionCount(deviceId));
    }

    private void writeCount(String deviceId, int count) {
        if (count == 0) {
            store.update("delete from agent_presence where device_id = ?1 and node_id = ?2", deviceId, cluster.nodeId());
        } else {
            store.update("""
                    insert into agent_presence (device_id, node_id, connections) values (?1, ?2, ?3)
                    on conflict (device_id, node_id) do update set connections = excluded.connections""",
                    deviceId, cluster.nodeId(), count);
        }
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
        store.lockRouting();
        boolean reRegistered = registerNode();
        if (reRegistered) {
            LOG.warn("this node had been taken for dead; writing its agents' connections again");
            connections.businessConnectionCounts().forEach(this::writeCount);
            store.update("""
                    update agent a set offline_since = null, released = false
                    where exists (select 1 from agent_presence p where p.device_id = a.device_id)""");
        }
        List<String> dead = store.list("delete from app_node where seen_at < now() - cast(?1 as interval) returning id",
                config.routing().nodeTimeout().toMillis() + " milliseconds");
        Set<String> affected = new java.util.HashSet<>();
        if (!dead.isEmpty()) {
            LOG.infof("app nodes %s stopped answering; their agents' connections no longer count", dead);
            affected.addAll(markDisconnected());
        }
        if (reRegistered || !affected.isEmpty()) {
            changed.fire(new RoutingChanged(Set.of(), affected, false, true));
        }
        router.rearm();
    }

    /** Answers whether the row was missing (first start, or this node had been reaped). */
    private boolean registerNode() {
        List<Boolean> inserted = store.list("""
                insert into app_node (id, seen_at) values (?1, now()) on conflict (id) do update set seen_at = now()
                returning (xmax = 0)""", cluster.nodeId());
        return !inserted.isEmpty() && Boolean.TRUE.equals(inserted.get(0)) && started;
    }

    /** Agents left without any live connection start their grace period now. */
    private Set<String> markDisconnected() {
        List<String> ids = store.list("""
                update agent a set offline_since = ?1 where offline_since is null
                and not exists (select 1 from agent_presence p where p.device_id = a.device_id) returning device_id""", clock.instant());
        return new HashSet<>(ids);
    }
}
