package io.switchboard.routing;

import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.routing.policy.Candidate;
import io.switchboard.routing.policy.Choice;
import io.switchboard.routing.policy.Policy;
import io.switchboard.routing.policy.Rules;
import io.switchboard.routing.policy.Waiting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * SQL for routing state. Every method runs inside the caller's transaction; whoever changes who has
 * which conversation holds {@link #lockRouting()} first, so decisions never interleave across nodes.
 */
@ApplicationScoped
class RoutingStore {

    /** The advisory lock key that serialises routing decisions across app nodes ("SB" + 1). */
    private static final long ROUTING_LOCK = 0x5342_0001L;

    private static final String STATE_SELECT = """
            select c.id, cu.phone, cu.name, cu.created_at,
                   coalesce((select max(m.seq) from message m where m.conversation_id = c.id), 0),
                   c.status, c.team_id, c.topic_id, c.priority, c.queued_at, c.assignee_device_id, d.person,
                   c.assigned_at, c.offer_expires_at, c.reason_code, c.reason_text, c.snoozed_until,
                   array_to_string(c.labels, ',')
            from conversation c join customer cu on cu.id = c.customer_id left join device d on d.id = c.assignee_device_id
            """;

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

    private final EntityManager entityManager;
    private final SwitchboardConfig config;

    RoutingStore(EntityManager entityManager, SwitchboardConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    void lockRouting() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, ROUTING_LOCK).getSingleResult();
    }

    /** The routing columns of one conversation, locked for update. */
    record Row(String id, String status, String teamId, Instant queuedAt, String assignee, Instant offerExpiresAt,
               String lastAgentId, Instant statusChangedAt) {
    }

    Optional<Row> lock(String conversationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select id, status, team_id, queued_at, assignee_device_id, offer_expires_at, last_agent_id, status_changed_at
                from conversation where id = ?1 for update""").setParameter(1, conversationId).getResultList();
        return rows.stream().findFirst().map(row -> new Row((String) row[0], (String) row[1], (String) row[2],
                instant(row[3]), (String) row[4], instant(row[5]), (String) row[6], instant(row[7])));
    }

    // ------------------------------------------------------------------------------------------
    // Views

    List<ConversationState> states(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return stateRows(STATE_SELECT + " where c.id = any(cast(?1 as varchar[]))", ids.toArray(String[]::new));
    }

    Optional<ConversationState> state(String id) {
        return states(List.of(id)).stream().findFirst();
    }

    List<ConversationState> allStates() {
        return stateRows(STATE_SELECT + " order by 5 desc, cu.created_at desc", null);
    }

    @SuppressWarnings("unchecked")
    private List<ConversationState> stateRows(String sql, String[] ids) {
        var query = entityManager.createNativeQuery(sql);
        if (ids != null) {
            query.setParameter(1, toArrayLiteral(ids));
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(row -> new ConversationState((String) row[0], (String) row[1], (String) row[2],
                instant(row[3]), ((Number) row[4]).longValue(), (String) row[5], (String) row[6], (String) row[7],
                ((Number) row[8]).intValue(), instant(row[9]),
                row[10] == null ? null : new ConversationState.Assignee((String) row[10], (String) row[11]),
                instant(row[12]), instant(row[13]),
                row[14] == null ? null : new ConversationState.Reason((String) row[14], (String) row[15]),
                instant(row[16]), labels((String) row[17]))).toList();
    }

    List<AgentView> agents() {
        return agentRows(AGENT_SELECT + " order by d.person, d.id", null);
    }

    List<AgentView> agents(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        return agentRows(AGENT_SELECT + " and d.id = any(cast(?2 as varchar[])) order by d.person, d.id", deviceIds.toArray(String[]::new));
    }

    Optional<AgentView> agent(String deviceId) {
        return agents(List.of(deviceId)).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<AgentView> agentRows(String sql, String[] ids) {
        var query = entityManager.createNativeQuery(sql).setParameter(1, config.routing().defaultCapacity());
        if (ids != null) {
            query.setParameter(2, toArrayLiteral(ids));
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(row -> new AgentView((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                (String) row[4], (Boolean) row[5], ((Number) row[6]).intValue(), ((Number) row[7]).intValue(),
                labels((String) row[8]), instant(row[9]))).toList();
    }

    List<Candidate> candidates() {
        return agents().stream().map(agent -> new Candidate(agent.deviceId(), agent.person(), "available".equals(agent.status()),
                agent.online(), agent.load(), agent.capacity(), agent.lastAssignedAt(), java.util.Set.copyOf(agent.teamIds()))).toList();
    }

    /** Each team's rules; conversations without a team use the configured defaults. */
    @SuppressWarnings("unchecked")
    Map<String, Rules> teamRules() {
        Map<String, Rules> rules = new HashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery("select id, policy, sticky, sticky_for_seconds from team").getResultList();
        for (Object[] row : rows) {
            rules.put((String) row[0], new Rules(Policy.fromWire((String) row[1]).orElseThrow(), (Boolean) row[2],
                    java.time.Duration.ofSeconds(((Number) row[3]).longValue())));
        }
        return rules;
    }

    Rules defaultRules() {
        var routing = config.routing();
        return new Rules(Policy.fromWire(routing.defaultPolicy()).orElse(Policy.LEAST_LOADED), routing.defaultSticky(), routing.defaultStickyFor());
    }

    /** A queued conversation with the time it started waiting (kept with its assignment for the estimate). */
    record Queued(Waiting waiting, Instant queuedAt) {
    }

    /** The queue, in order: priority, then arrival, then id. */
    @SuppressWarnings("unchecked")
    List<Queued> queue() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                select id, team_id, last_agent_id, last_agent_until, skip_device_id, queued_at from conversation
                where status = 'open' and assignee_device_id is null and queued_at is not null
                order by priority desc, queued_at, id""").getResultList();
        return rows.stream().map(row -> new Queued(new Waiting((String) row[0], (String) row[1], (String) row[2], instant(row[3]),
                (String) row[4]), instant(row[5]))).toList();
    }

    /** 1-based places in each team's queue for these conversations (absent when not queued). */
    @SuppressWarnings("unchecked")
    Map<String, Integer> positions(Collection<String> conversationIds) {
        Map<String, Integer> positions = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return positions;
        }
        List<Object[]> rows = entityManager.createNativeQuery("""
                select id, pos from (
                    select id, row_number() over (partition by team_id order by priority desc, queued_at, id) as pos
                    from conversation where status = 'open' and assignee_device_id is null and queued_at is not null) q
                where id = any(cast(?1 as varchar[]))""").setParameter(1, toArrayLiteral(conversationIds.toArray(String[]::new)))
                .getResultList();
        rows.forEach(row -> positions.put((String) row[0], ((Number) row[1]).intValue()));
        return positions;
    }

    /** Assignments out of each team's queue since {@code since} ("" stands for no team). */
    @SuppressWarnings("unchecked")
    Map<String, Long> assignmentsFromQueueSince(Instant since) {
        Map<String, Long> counts = new HashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery("""
                select coalesce(team_id, ''), count(*) from assignment
                where queued_at is not null and assigned_at > ?1 group by 1""").setParameter(1, ts(since)).getResultList();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    // ------------------------------------------------------------------------------------------
    // Changes

    void ensureAgent(String deviceId) {
        entityManager.createNativeQuery("""
                insert into agent (device_id, status)
                select id, case when role = 'agent' then 'available' else 'away' end from device where id = ?1
                on conflict (device_id) do nothing""").setParameter(1, deviceId).executeUpdate();
    }

    /** One conversation given to one agent: the row, the history and the agent's last-assigned time. */
    record Assignment(String conversationId, String deviceId, String teamId, Choice choice, String byDeviceId,
                      Instant queuedAt, Instant offerExpiresAt) {
    }

    void assign(List<Assignment> assignments, Instant now) {
        if (assignments.isEmpty()) {
            return;
        }
        assignments.stream().map(Assignment::deviceId).distinct().forEach(this::ensureAgent);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement conversation = connection.prepareStatement("""
                    update conversation set assignee_device_id = ?, assigned_at = ?, offer_expires_at = ?, reason_code = ?,
                        reason_text = ?, skip_device_id = null, status = 'open', snoozed_until = null, updated_at = ? where id = ?""");
                 PreparedStatement history = connection.prepareStatement("""
                    insert into assignment (conversation_id, device_id, team_id, reason_code, reason_text, by_device_id, queued_at, assigned_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement agent = connection.prepareStatement(
                         "update agent set last_assigned_at = ? where device_id = ?")) {
                Timestamp at = ts(now);
                for (Assignment assignment : assignments) {
                    conversation.setString(1, assignment.deviceId());
                    conversation.setTimestamp(2, at);
                    conversation.setTimestamp(3, ts(assignment.offerExpiresAt()));
                    conversation.setString(4, assignment.choice().code());
                    conversation.setString(5, assignment.choice().text());
                    conversation.setTimestamp(6, at);
                    conversation.setString(7, assignment.conversationId());
                    conversation.addBatch();
                    history.setString(1, assignment.conversationId());
                    history.setString(2, assignment.deviceId());
                    history.setString(3, assignment.teamId());
                    history.setString(4, assignment.choice().code());
                    history.setString(5, assignment.choice().text());
                    history.setString(6, assignment.byDeviceId());
                    history.setTimestamp(7, ts(assignment.queuedAt()));
                    history.setTimestamp(8, at);
                    history.addBatch();
                    agent.setTimestamp(1, at);
                    agent.setString(2, assignment.deviceId());
                    agent.addBatch();
                }
                conversation.executeBatch();
                history.executeBatch();
                agent.executeBatch();
            }
        });
    }

    /** Ends the current assignment of a conversation (if any) and remembers the agent for the sticky step. */
    void endAssignment(String conversationId, String endReason, Instant now) {
        entityManager.createNativeQuery("update assignment set ended_at = ?2, end_reason = ?3 where conversation_id = ?1 and ended_at is null")
                .setParameter(1, conversationId).setParameter(2, ts(now)).setParameter(3, endReason).executeUpdate();
        entityManager.createNativeQuery("""
                update conversation set last_agent_id = assignee_device_id, last_agent_until = ?2,
                    assignee_device_id = null, assigned_at = null, offer_expires_at = null, reason_code = null, reason_text = null
                where id = ?1 and assignee_device_id is not null""")
                .setParameter(1, conversationId).setParameter(2, ts(now)).executeUpdate();
    }

    /** Back in the queue, keeping its place when it already had one. */
    void requeue(String conversationId, String skipDeviceId, Instant now) {
        entityManager.createNativeQuery("""
                update conversation set status = 'open', queued_at = coalesce(queued_at, ?2), snoozed_until = null,
                    skip_device_id = ?3, updated_at = ?2 where id = ?1""")
                .setParameter(1, conversationId).setParameter(2, ts(now)).setParameter(3, skipDeviceId).executeUpdate();
    }

    void setStatus(String conversationId, String status, Instant snoozedUntil, boolean clearQueue, Instant now) {
        entityManager.createNativeQuery("""
                update conversation set status = ?2, snoozed_until = ?3, updated_at = ?4, status_changed_at = ?4,
                    queued_at = case when ?5 then null else queued_at end where id = ?1""")
                .setParameter(1, conversationId).setParameter(2, status).setParameter(3, ts(snoozedUntil))
                .setParameter(4, ts(now)).setParameter(5, clearQueue).executeUpdate();
    }

    /** Open and waiting from now: a reopened conversation joins the end of its priority in line. */
    void reopen(String conversationId, Instant now) {
        entityManager.createNativeQuery("""
                update conversation set status = 'open', queued_at = ?2, snoozed_until = null, skip_device_id = null,
                    updated_at = ?2 where id = ?1""").setParameter(1, conversationId).setParameter(2, ts(now)).executeUpdate();
    }

    int update(String sql, Object... parameters) {
        return bind(sql, parameters).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    <T> List<T> list(String sql, Object... parameters) {
        return bind(sql, parameters).getResultList();
    }

    /** Positional parameters ?1, ?2, … with times as SQL timestamps. */
    private jakarta.persistence.Query bind(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Instant instant ? ts(instant) : parameters[i];
            query.setParameter(i + 1, value);
        }
        return query;
    }

    // ------------------------------------------------------------------------------------------

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalArgumentException("not a time: " + value.getClass());
    }

    static List<String> labels(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.copyOf(Arrays.asList(joined.split(",")));
    }

    /** A PostgreSQL array literal of ids (ids are base64url, so they never need quoting). */
    static String toArrayLiteral(String[] ids) {
        return "{" + String.join(",", ids) + "}";
    }
}
