package io.switchboard.routing;

import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.Role;
import io.switchboard.routing.policy.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Agents as routing sees them: status, capacity, teams and load. Presence has its own {@link PresenceStore}. */
@ApplicationScoped
class AgentStore {

    private static final String AGENT_SELECT = """
            select d.id, d.person, d.label, d.role,
                   coalesce(a.status, case when d.role = 'agent' then 'available' else 'away' end),
                   exists (select 1 from agent_presence p where p.device_id = d.id),
                   (select count(*) from conversation c where c.assignee_device_id = d.id),
                   coalesce(a.capacity, ?1),
                   coalesce((select string_agg(tm.team_id, ',' order by tm.team_id) from team_member tm where tm.device_id = d.id), ''),
                   a.last_assigned_at
            from device d left join agent a on a.device_id = d.id
            where d.owner = 'business' and d.removed_at is null and d.role <> 'member'
            """;

    private final Jdbc jdbc;
    private final SwitchboardConfig config;

    AgentStore(Jdbc jdbc, SwitchboardConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    List<AgentView> agents() {
        return agentRows(Sql.list(jdbc, AGENT_SELECT + " order by d.person, d.id", config.routing().defaultCapacity()));
    }

    List<AgentView> agents(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return agentRows(Sql.list(jdbc, AGENT_SELECT + " and d.id = any(cast(?2 as varchar[])) order by d.person, d.id",
                config.routing().defaultCapacity(), Jdbc.array(deviceIds)));
    }

    Optional<AgentView> agent(String deviceId) {
        return agents(List.of(deviceId)).stream().findFirst();
    }

    private static List<AgentView> agentRows(List<Object[]> rows) {
        return rows.stream().map(row -> new AgentView((String) row[0], (String) row[1], (String) row[2], Role.fromWire((String) row[3]).orElseThrow(),
                (String) row[4], (Boolean) row[5], ((Number) row[6]).intValue(), ((Number) row[7]).intValue(),
                Sql.split((String) row[8]), Sql.instant(row[9]))).toList();
    }

    List<Candidate> candidates() {
        return agents().stream().map(agent -> new Candidate(agent.deviceId(), agent.person(), "available".equals(agent.status()),
                agent.online(), agent.load(), agent.capacity(), agent.lastAssignedAt(), Set.copyOf(agent.teamIds()))).toList();
    }

    /** The name of the person using a device, if it exists. */
    Optional<String> person(String deviceId) {
        List<String> rows = Sql.list(jdbc, "select person from device where id = ?1", deviceId);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    boolean inTeam(String deviceId, String teamId) {
        return !Sql.list(jdbc, "select 1 from team_member where team_id = ?1 and device_id = ?2", teamId, deviceId).isEmpty();
    }

    /** The agent's row, with the defaults (agents start available, everyone else away) when it had none. */
    void ensureAgent(String deviceId) {
        Sql.update(jdbc, """
                insert into agent (device_id, status)
                select id, case when role = 'agent' then 'available' else 'away' end from device where id = ?1
                on conflict (device_id) do nothing""", deviceId);
    }

    void setStatus(String deviceId, String status) {
        Sql.update(jdbc, "update agent set status = ?2 where device_id = ?1", deviceId, status);
    }

    void setCapacity(String deviceId, int capacity) {
        Sql.update(jdbc, "update agent set capacity = ?2 where device_id = ?1", deviceId, capacity);
    }

    void setTeams(String deviceId, Set<String> teamIds) {
        Sql.update(jdbc, "delete from team_member where device_id = ?1", deviceId);
        for (String team : teamIds) {
            Sql.update(jdbc, "insert into team_member (team_id, device_id) values (?1, ?2)", team, deviceId);
        }
    }
}
