package io.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Agents' presence: the live app nodes, the event connections each holds per device, and when an
 * agent's last connection closed (their grace period). Writers hold the {@link RoutingLock}.
 */
@ApplicationScoped
class PresenceStore {

    private final Jdbc jdbc;

    PresenceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Says the node is alive on the database clock; answers whether its row was missing. */
    boolean registerNode(String nodeId) {
        List<Boolean> inserted = Sql.list(jdbc, """
                insert into app_node (id, seen_at) values (?1, now()) on conflict (id) do update set seen_at = now()
                returning (xmax = 0)""", nodeId);
        return !inserted.isEmpty() && Boolean.TRUE.equals(inserted.get(0));
    }

    /** Forgets the nodes silent for longer than {@code timeout} (and, by cascade, their connections); answers their ids. */
    List<String> reapNodes(Duration timeout) {
        return Sql.list(jdbc, "delete from app_node where seen_at < now() - cast(?1 as interval) returning id",
                timeout.toMillis() + " milliseconds");
    }

    void removeNode(String nodeId) {
        Sql.update(jdbc, "delete from app_node where id = ?1", nodeId);
    }

    /** The device's live connections on this node, as the node's registry counts them now. */
    void writeConnections(String deviceId, String nodeId, int count) {
        if (count == 0) {
            Sql.update(jdbc, "delete from agent_presence where device_id = ?1 and node_id = ?2", deviceId, nodeId);
        } else {
            Sql.update(jdbc, """
                    insert into agent_presence (device_id, node_id, connections) values (?1, ?2, ?3)
                    on conflict (device_id, node_id) do update set connections = excluded.connections""", deviceId, nodeId, count);
        }
    }

    /** A connected agent has no grace period running and their conversations are theirs again. */
    void markConnected(String deviceId) {
        Sql.update(jdbc, """
                update agent set offline_since = null, released = false where device_id = ?1
                and exists (select 1 from agent_presence p where p.device_id = ?1)""", deviceId);
    }

    /** {@link #markConnected} for every agent with a live connection. */
    void markAllConnected() {
        Sql.update(jdbc, """
                update agent a set offline_since = null, released = false
                where exists (select 1 from agent_presence p where p.device_id = a.device_id)""");
    }

    /** Agents left without any live connection start their grace period now; answers them. */
    Set<String> markDisconnected(Instant now) {
        List<String> ids = Sql.list(jdbc, """
                update agent a set offline_since = ?1 where offline_since is null
                and not exists (select 1 from agent_presence p where p.device_id = a.device_id) returning device_id""", now);
        return new HashSet<>(ids);
    }

    /** An agent with a live connection is not in a grace period, whatever a racing close wrote. */
    void endGraceOfConnected() {
        Sql.update(jdbc, """
                update agent a set offline_since = null where offline_since is not null
                and exists (select 1 from agent_presence p where p.device_id = a.device_id)""");
    }

    /** Agents offline since {@code graceStart} or earlier whose conversations were not released yet. */
    List<String> graceExpired(Instant graceStart) {
        return Sql.list(jdbc, """
                select a.device_id from agent a where a.offline_since <= ?1 and not a.released
                and not exists (select 1 from agent_presence p where p.device_id = a.device_id)""", graceStart);
    }

    void markReleased(String deviceId) {
        Sql.update(jdbc, "update agent set released = true where device_id = ?1", deviceId);
    }
}
