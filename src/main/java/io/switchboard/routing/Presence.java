package io.switchboard.routing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.cluster.ClusterSignals;
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
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "presence-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    Presence(RoutingStore store, ClusterSignals cluster, SwitchboardConfig config, Clock clock, Router router,
             Event<RoutingChanged> changed) {
        this.store = store;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.router = router;
        this.changed = changed;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::beat);
        long every = config.routing().nodeHeartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beatSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        heartbeat.shutdownNow();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                store.update("delete from app_node where id = ?1", cluster.nodeId());
                markDisconnected();
            });
        } catch (RuntimeException e) {
            LOG.debugf("could not withdraw this node's presence: %s", e);
        }
    }

    /** A business device opened an event connection on this node; answers the person using it. */
    public String connected(String deviceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            registerNode();
            store.update("""
                    insert into agent_presence (device_id, node_id, connections) values (?1, ?2, 1)
                    on conflict (device_id, node_id) do update set connections = agent_presence.connections + 1""",
                    deviceId, cluster.nodeId());
            store.ensureAgent(deviceId);
            store.update("update agent set offline_since = null, released = false where device_id = ?1", deviceId);
            changed.fire(new RoutingChanged(Set.of(), Set.of(deviceId), false, true));
            List<String> person = store.list("select person from device where id = ?1", deviceId);
            return person.isEmpty() ? "" : person.get(0);
        });
    }

    /** One of its connections on this node closed; the last one starts the grace period. */
    public void disconnected(String deviceId) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            int removed = store.update("delete from agent_presence where device_id = ?1 and node_id = ?2 and connections = 1",
                    deviceId, cluster.nodeId());
            if (removed == 0) {
                store.update("update agent_presence set connections = connections - 1 where device_id = ?1 and node_id = ?2",
                        deviceId, cluster.nodeId());
            }
            int offline = store.update("""
                    update agent set offline_since = ?2 where device_id = ?1 and offline_since is null
                    and not exists (select 1 from agent_presence p where p.device_id = ?1)""", deviceId, now);
            if (offline > 0) {
                changed.fire(new RoutingChanged(Set.of(), Set.of(deviceId), false, false));
            }
        });
        router.deadlineAt(now.plus(config.routing().gracePeriod()));
    }

    private void beatSafely() {
        try {
            QuarkusTransaction.requiringNew().run(this::beat);
        } catch (RuntimeException e) {
            LOG.warnf("presence heartbeat failed: %s", e.toString());
        }
    }

    /** Says this node is alive and forgets the nodes that stopped saying so. */
    private void beat() {
        registerNode();
        List<String> dead = store.list("delete from app_node where seen_at < now() - cast(?1 as interval) returning id",
                config.routing().nodeTimeout().toSeconds() + " seconds");
        if (!dead.isEmpty()) {
            LOG.infof("app nodes %s stopped answering; their agents' connections no longer count", dead);
            Set<String> agents = markDisconnected();
            if (!agents.isEmpty()) {
                changed.fire(new RoutingChanged(Set.of(), agents, false, false));
            }
        }
        router.rearm();
    }

    private void registerNode() {
        store.update("insert into app_node (id, seen_at) values (?1, now()) on conflict (id) do update set seen_at = now()",
                cluster.nodeId());
    }

    /** Agents left without any live connection start their grace period now. */
    private Set<String> markDisconnected() {
        List<String> ids = store.list("""
                update agent a set offline_since = ?1 where offline_since is null
                and not exists (select 1 from agent_presence p where p.device_id = a.device_id) returning device_id""", clock.instant());
        return new HashSet<>(ids);
    }
}
