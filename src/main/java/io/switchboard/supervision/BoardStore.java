package io.switchboard.supervision;

import io.switchboard.protocol.Role;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the live board reads besides the facts: the conversations someone is waiting on or working
 * on, and each device's live connections. It reads routing's tables and never writes them.
 */
@ApplicationScoped
class BoardStore {

    /** Role's own rule, spelled for SQL. */
    private static final List<String> SUPERVISING_ROLES = Role.SUPERVISORS.stream().map(Role::wire).toList();

    private final Jdbc jdbc;

    BoardStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A conversation on the board: waiting in line, or open or pending with an agent. */
    record Active(String id, String status, String teamId, int priority, Instant queuedAt, String assigneeDeviceId, Instant assignedAt) {
        boolean waiting() {
            return assigneeDeviceId == null;
        }
    }

    /** In no particular order: the board sorts them by its own rule ({@link Board#QUEUE_ORDER}). */
    List<Active> active() {
        List<Active> active = new ArrayList<>();
        for (Object[] row : jdbc.list("""
                select id, status, team_id, priority, queued_at, assignee_device_id, assigned_at from conversation
                where (status = 'open' and (assignee_device_id is not null or queued_at is not null))
                   or (status = 'pending' and assignee_device_id is not null)""")) {
            active.add(new Active((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue(), Rows.instant(row[4]),
                    (String) row[5], Rows.instant(row[6])));
        }
        return active;
    }

    /** Those of these devices whose role supervises: the board's possible recipients, found without reading agents' loads. */
    Set<String> supervising(Set<String> deviceIds) {
        Set<String> supervising = new HashSet<>();
        if (deviceIds.isEmpty()) {
            return supervising;
        }
        for (Object[] row : jdbc.list("""
                select id from device where id = any(cast(?1 as varchar[])) and owner = 'business' and removed_at is null
                and role = any(cast(?2 as varchar[]))""", Jdbc.array(deviceIds), Jdbc.array(SUPERVISING_ROLES))) {
            supervising.add((String) row[0]);
        }
        return supervising;
    }

    /** Live event connections per device, over every app node. */
    Map<String, Integer> connections() {
        Map<String, Integer> connections = new HashMap<>();
        for (Object[] row : jdbc.list("select device_id, cast(sum(connections) as integer) from agent_presence group by device_id")) {
            connections.put((String) row[0], ((Number) row[1]).intValue());
        }
        return connections;
    }
}
