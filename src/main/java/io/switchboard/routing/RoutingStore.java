package io.switchboard.routing;

import static io.switchboard.routing.Sql.instant;
import static io.switchboard.routing.Sql.ts;

import io.switchboard.conversation.ConversationState;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.EndReason;
import io.switchboard.routing.policy.Choice;
import io.switchboard.routing.policy.Waiting;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/**
 * Conversations' routing state and their assignment history: the SQL behind who has which
 * conversation. Every method runs inside the caller's transaction; whoever changes who has which
 * conversation holds the {@link RoutingLock} first.
 */
@ApplicationScoped
class RoutingStore {

    // The last column is the conversation's source: a third-party room (federation) shares its id with the conversation.
    private static final String STATE_SELECT = """
            select c.id, cu.phone, cu.name, cu.created_at,
                   coalesce((select max(m.seq) from message m where m.conversation_id = c.id), 0),
                   c.status, c.team_id, c.topic_id, c.priority, c.queued_at, c.assignee_device_id, d.person,
                   c.assigned_at, c.offer_expires_at, c.reason_code, c.reason_text, c.snoozed_until,
                   array_to_string(c.labels, ','),
                   (select fc.peer_domain from federation_consent fc where fc.room_id = c.id)
            from conversation c join customer cu on cu.id = c.customer_id left join device d on d.id = c.assignee_device_id
            """;

    private static final String ROW_SELECT = """
            select id, status, team_id, queued_at, assignee_device_id, offer_expires_at, last_agent_id, status_changed_at
            from conversation where id = ?1""";

    private final EntityManager entityManager;
    private final Jdbc jdbc;

    RoutingStore(EntityManager entityManager, Jdbc jdbc) {
        this.entityManager = entityManager;
        this.jdbc = jdbc;
    }

    /** The routing columns of one conversation. */
    record Row(String id, ConversationStatus status, String teamId, Instant queuedAt, String assignee, Instant offerExpiresAt,
               String lastAgentId, Instant statusChangedAt) {
    }

    /** The row as it is now, without locking it (to decide whether taking the routing lock is worth it). */
    Optional<Row> find(String conversationId) {
        return row(ROW_SELECT, conversationId);
    }

    /** Of these conversations, the open ones that an agent has or that wait in the queue (plain JDBC: the caller's transaction). */
    Set<String> calmAmong(Connection connection, Collection<String> conversationIds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id from conversation
                where id = any(?) and status = 'open' and (assignee_device_id is not null or queued_at is not null)""")) {
            select.setArray(1, connection.createArrayOf("text", conversationIds.toArray()));
            Set<String> calm = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    calm.add(rows.getString(1));
                }
            }
            return calm;
        }
    }

    /** The row, locked for update. */
    Optional<Row> lock(String conversationId) {
        return row(ROW_SELECT + " for update", conversationId);
    }

    private Optional<Row> row(String sql, String conversationId) {
        List<Object[]> rows = Sql.list(jdbc, sql, conversationId);
        return rows.stream().findFirst().map(row -> new Row((String) row[0], ConversationStatus.fromWire((String) row[1]),
                (String) row[2], instant(row[3]), (String) row[4], instant(row[5]), (String) row[6], instant(row[7])));
    }

    // ------------------------------------------------------------------------------------------
    // Views

    List<ConversationState> states(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return stateRows(Sql.list(jdbc, STATE_SELECT + " where c.id = any(cast(?1 as varchar[]))", Jdbc.array(ids)));
    }

    Optional<ConversationState> state(String id) {
        return states(List.of(id)).stream().findFirst();
    }

    List<ConversationState> allStates() {
        return stateRows(Sql.list(jdbc, STATE_SELECT + " order by 5 desc, cu.created_at desc"));
    }

    private static List<ConversationState> stateRows(List<Object[]> rows) {
        return rows.stream().map(row -> new ConversationState((String) row[0], (String) row[1], (String) row[2],
                instant(row[3]), ((Number) row[4]).longValue(), ConversationStatus.fromWire((String) row[5]), (String) row[6],
                (String) row[7], ((Number) row[8]).intValue(), instant(row[9]),
                row[10] == null ? null : new ConversationState.Assignee((String) row[10], (String) row[11]),
                instant(row[12]), instant(row[13]),
                row[14] == null ? null : new ConversationState.Reason((String) row[14], (String) row[15]),
                instant(row[16]), Sql.split((String) row[17]), (String) row[18])).toList();
    }

    /** Who had the conversation, in order. */
    List<AssignmentRecord> history(String conversationId) {
        List<Object[]> rows = Sql.list(jdbc, """
                select a.device_id, d.person, a.reason_code, a.reason_text, a.by_device_id, a.assigned_at, a.ended_at, a.end_reason
                from assignment a join device d on d.id = a.device_id where a.conversation_id = ?1 order by a.id""", conversationId);
        return rows.stream().map(row -> new AssignmentRecord((String) row[0], (String) row[1],
                new ConversationState.Reason((String) row[2], (String) row[3]), (String) row[4], instant(row[5]),
                instant(row[6]), row[7] == null ? null : EndReason.fromWire((String) row[7]))).toList();
    }

    /** Only what a waiting customer sees of their conversation ("" stands for no team). */
    record Standing(String id, ConversationStatus status, String teamKey, boolean assigned) {
    }

    List<Standing> standings(Collection<String> conversationIds) {
        List<Object[]> rows = Sql.list(jdbc, "select id, status, coalesce(team_id, ''), assignee_device_id is not null "
                + "from conversation where id = any(cast(?1 as varchar[]))", Jdbc.array(conversationIds));
        return rows.stream().map(row -> new Standing((String) row[0], ConversationStatus.fromWire((String) row[1]), (String) row[2],
                (Boolean) row[3])).toList();
    }

    // ------------------------------------------------------------------------------------------
    // The queue

    /** A queued conversation with the time it started waiting (kept with its assignment for the estimate). */
    record Queued(Waiting waiting, Instant queuedAt) {
    }

    /** The queue, in order: priority, then arrival, then id. */
    List<Queued> queue() {
        List<Object[]> rows = Sql.list(jdbc, """
                select id, team_id, last_agent_id, last_agent_until, skip_device_id, queued_at from conversation
                where status = 'open' and assignee_device_id is null and queued_at is not null
                order by priority desc, queued_at, id""");
        return rows.stream().map(row -> new Queued(new Waiting((String) row[0], (String) row[1], (String) row[2], instant(row[3]),
                (String) row[4]), instant(row[5]))).toList();
    }

    /** 1-based places in each team's queue for these conversations (absent when not queued). */
    Map<String, Integer> positions(Collection<String> conversationIds) {
        Map<String, Integer> positions = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return positions;
        }
        List<Object[]> rows = Sql.list(jdbc, """
                select id, pos from (
                    select id, row_number() over (partition by team_id order by priority desc, queued_at, id) as pos
                    from conversation where status = 'open' and assignee_device_id is null and queued_at is not null) q
                where id = any(cast(?1 as varchar[]))""", Jdbc.array(conversationIds));
        rows.forEach(row -> positions.put((String) row[0], ((Number) row[1]).intValue()));
        return positions;
    }

    /** Assignments out of each team's queue since {@code since} ("" stands for no team). */
    Map<String, Long> assignmentsFromQueueSince(Instant since) {
        Map<String, Long> counts = new HashMap<>();
        List<Object[]> rows = Sql.list(jdbc, """
                select coalesce(team_id, ''), count(*) from assignment
                where queued_at is not null and assigned_at > ?1 group by 1""", since);
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** The customer's first message: the conversation waits in line from now. */
    void startWaiting(String conversationId, Instant now) {
        Sql.update(jdbc, "update conversation set queued_at = ?2, updated_at = ?2 where id = ?1", conversationId, now);
    }

    // ------------------------------------------------------------------------------------------
    // Assignments

    /** One conversation given to one agent: the row, the history and the agent's last-assigned time. */
    record Assignment(String conversationId, String deviceId, String teamId, Choice choice, String byDeviceId,
                      Instant queuedAt, Instant offerExpiresAt) {
    }

    /**
     * Writes the assignments of conversations whose rows the caller holds locked, in three batches; the agents' rows
     * must exist ({@link AgentStore#ensureAgent}).
     */
    void assign(List<Assignment> assignments, Instant now) {
        write(assignments, now, false);
    }

    /**
     * Writes the assignments of a routing run, which read the queue without locking its rows: only the conversations
     * that still wait in the queue are given (one resolved, snoozed or set pending meanwhile keeps its new state, as
     * those actions do not wait for the routing lock). Answers the assignments made, in the order given.
     */
    List<Assignment> assignStillQueued(List<Assignment> assignments, Instant now) {
        return write(assignments, now, true);
    }

    private List<Assignment> write(List<Assignment> assignments, Instant now, boolean onlyIfQueued) {
        if (assignments.isEmpty()) {
            return List.of();
        }
        List<Assignment> made = new ArrayList<>(assignments.size());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement conversation = connection.prepareStatement("""
                    update conversation set assignee_device_id = ?, assigned_at = ?, offer_expires_at = ?, reason_code = ?,
                        reason_text = ?, skip_device_id = null, status = 'open', snoozed_until = null, updated_at = ? where id = ?"""
                    + (onlyIfQueued ? " and status = 'open' and assignee_device_id is null and queued_at is not null" : ""));
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
                }
                int[] updated = conversation.executeBatch();
                for (int i = 0; i < assignments.size(); i++) {
                    if (updated[i] > 0) {
                        made.add(assignments.get(i));
                    }
                }
                for (Assignment assignment : made) {
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
                if (!made.isEmpty()) {
                    history.executeBatch();
                    agent.executeBatch();
                }
            }
        });
        return made;
    }

    /** Ends the current assignment of a conversation (if any) and remembers the agent for the sticky step. */
    void endAssignment(String conversationId, EndReason endReason, Instant now) {
        Sql.update(jdbc, "update assignment set ended_at = ?2, end_reason = ?3 where conversation_id = ?1 and ended_at is null",
                conversationId, now, endReason.wire());
        Sql.update(jdbc, """
                update conversation set last_agent_id = assignee_device_id, last_agent_until = ?2,
                    assignee_device_id = null, assigned_at = null, offer_expires_at = null, reason_code = null, reason_text = null
                where id = ?1 and assignee_device_id is not null""", conversationId, now);
    }

    /** The offer to this agent is accepted; answers whether there was one. */
    boolean acceptOffer(String conversationId, String deviceId) {
        return Sql.update(jdbc, "update conversation set offer_expires_at = null where id = ?1 and assignee_device_id = ?2 "
                + "and offer_expires_at is not null", conversationId, deviceId) > 0;
    }

    /** The assignee and when they got it, for the first business reply within the current assignment. */
    record Replied(String assigneeDeviceId, Instant assignedAt) {
    }

    /**
     * Stamps the current assignment's first reply, once. Callers must not take the routing lock after
     * this in the same transaction: a routing change holding it may wait for this row.
     */
    Optional<Replied> recordFirstReply(String conversationId, Instant now) {
        List<Object[]> rows = Sql.list(jdbc, """
                update assignment set first_reply_at = ?2 where conversation_id = ?1 and ended_at is null and first_reply_at is null
                returning device_id, assigned_at""", conversationId, now);
        return rows.stream().findFirst().map(row -> new Replied((String) row[0], instant(row[1])));
    }

    // ------------------------------------------------------------------------------------------
    // Status and the queue

    /** Back in the queue, keeping its place when it already had one. */
    void requeue(String conversationId, String skipDeviceId, Instant now) {
        Sql.update(jdbc, """
                update conversation set status = 'open', queued_at = coalesce(queued_at, ?2), snoozed_until = null,
                    skip_device_id = ?3, updated_at = ?2 where id = ?1""", conversationId, now, skipDeviceId);
    }

    void setStatus(String conversationId, ConversationStatus status, Instant snoozedUntil, boolean clearQueue, Instant now) {
        Sql.update(jdbc, """
                update conversation set status = ?2, snoozed_until = ?3, updated_at = ?4, status_changed_at = ?4,
                    queued_at = case when ?5 then null else queued_at end where id = ?1""",
                conversationId, status.wire(), snoozedUntil, now, clearQueue);
    }

    /**
     * Open again. A pending conversation whose agent still has it stays with them; any other joins the
     * end of its priority in line from now.
     */
    void reopen(Row row, Instant now) {
        if (row.status() == ConversationStatus.PENDING && row.assignee() != null) {
            setStatus(row.id(), ConversationStatus.OPEN, null, false, now);
        } else {
            reopenInLine(row.id(), now);
        }
    }

    /** Open and waiting from now, at the end of its priority in line (nobody may have it: snoozed or resolved). */
    void reopenInLine(String conversationId, Instant now) {
        Sql.update(jdbc, """
                update conversation set status = 'open', queued_at = ?2, snoozed_until = null, skip_device_id = null,
                    updated_at = ?2 where id = ?1""", conversationId, now);
    }

    void moveToTeam(String conversationId, String teamId) {
        Sql.update(jdbc, "update conversation set team_id = ?2 where id = ?1", conversationId, teamId);
    }

    /** The conversations of a team being deleted wait for anyone from now on; answers their ids. */
    List<String> releaseTeam(String teamId) {
        return Sql.list(jdbc, "update conversation set team_id = null, topic_id = null where team_id = ?1 returning id", teamId);
    }

    void setLabels(String conversationId, List<String> labels, Instant now) {
        Sql.update(jdbc, "update conversation set labels = cast(?2 as varchar[]), updated_at = ?3 where id = ?1",
                conversationId, Jdbc.array(labels), now);
    }

    void setPriority(String conversationId, int priority, Instant now) {
        Sql.update(jdbc, "update conversation set priority = ?2, updated_at = ?3 where id = ?1", conversationId, priority, now);
    }

    void setTopic(String conversationId, Topic topic, Instant now) {
        Sql.update(jdbc, "update conversation set topic_id = ?2, team_id = ?3, priority = ?4, updated_at = ?5 where id = ?1",
                conversationId, topic.id(), topic.teamId(), topic.priority(), now);
    }

    // ------------------------------------------------------------------------------------------
    // Deadlines
    //
    // Read "for update": a resolve, snooze or pending does not wait for the routing lock, so a row read without its lock
    // could be acted on after such a change committed (a resolved conversation put back in the queue). Locked, a row
    // changed meanwhile is read as it is now, and left out when it no longer matches.

    /** An offer and the agent it was made to. */
    record Offer(String conversationId, String deviceId) {
    }

    List<Offer> expiredOffers(Instant now) {
        List<Object[]> rows = Sql.list(jdbc, "select id, assignee_device_id from conversation where offer_expires_at <= ?1 order by id for update", now);
        return rows.stream().map(row -> new Offer((String) row[0], (String) row[1])).toList();
    }

    List<String> heldBy(String deviceId) {
        return Sql.list(jdbc, "select id from conversation where assignee_device_id = ?1 order by id for update", deviceId);
    }

    List<String> snoozesEnded(Instant now) {
        return Sql.list(jdbc, "select id from conversation where status = 'snoozed' and snoozed_until <= ?1 order by id for update", now);
    }

    /** The earliest offer expiry, snooze end or end of a running grace period, if any. */
    Optional<Instant> nextDeadline(Duration gracePeriod) {
        List<Object> rows = Sql.list(jdbc, """
                select min(t) from (
                    select min(offer_expires_at) as t from conversation where offer_expires_at is not null
                    union all select min(snoozed_until) from conversation where status = 'snoozed'
                    union all select min(offline_since) + cast(?1 as interval) from agent a
                        where offline_since is not null and not released
                        and not exists (select 1 from agent_presence p where p.device_id = a.device_id)) d""",
                gracePeriod.toMillis() + " milliseconds");
        return rows.stream().filter(Objects::nonNull).findFirst().map(Sql::instant);
    }
}
