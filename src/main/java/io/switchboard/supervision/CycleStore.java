package io.switchboard.supervision;

import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code conversation_cycle} and {@code response_fact} rows (docs/metrics.md), and the
 * {@code report_fact} rows the reports read, written with them in the same transaction, with the
 * conversation's topic and labels at that moment.
 */
@ApplicationScoped
class CycleStore {

    private static final String COLUMNS = """
            id, conversation_id, cycle, team_id, started_at, first_customer_at, first_assigned_at, first_assignee_device_id,
            first_response_at, first_responder_device_id, awaiting_since, awaiting_paused_ms, awaiting_paused_business_ms,
            paused_at, paused_ms, paused_business_ms, current_assignee_device_id, current_assigned_at, handle_ms, handle_business_ms,
            wait_ms, wait_business_ms, first_response_ms, first_response_business_ms, first_response_target_s, first_response_met,
            resolved_at, resolved_by_device_id, resolution_ms, resolution_business_ms, resolution_target_s, resolution_met,
            abandoned, short_abandon, business_time""";

    private final Jdbc jdbc;

    CycleStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What a fact about a conversation starts from: its running cycle, the last one's number and end, its team now. */
    record Context(Cycle running, int lastNumber, Instant lastResolvedAt, String teamId, Instant queuedAt) {

        /** The conversation is in line (or was, and an agent has it) since after its last cycle ended. */
        boolean queuedSinceLastCycle() {
            return queuedAt != null && (lastResolvedAt == null || queuedAt.isAfter(lastResolvedAt));
        }
    }

    /** Empty when the conversation does not exist. The running cycle's row is locked until the transaction ends. */
    Optional<Context> context(String conversationId) {
        // One statement (a fact is written for nearly every message); the lateral sub-select locks only the running cycle.
        List<Object[]> rows = jdbc.list("""
                select c.team_id, (select max(cycle) from conversation_cycle y where y.conversation_id = c.id),
                       (select max(resolved_at) from conversation_cycle y where y.conversation_id = c.id), c.queued_at, r.*
                from conversation c left join lateral (
                    select\s""" + COLUMNS + """
                     from conversation_cycle where conversation_id = c.id and resolved_at is null for update) r on true
                where c.id = ?1""", conversationId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        Object[] running = java.util.Arrays.copyOfRange(row, 4, row.length);
        return Optional.of(new Context(running[0] == null ? null : cycle(running),
                row[1] == null ? 0 : ((Number) row[1]).intValue(), Rows.instant(row[2]), (String) row[0], Rows.instant(row[3])));
    }

    /** A running cycle whose conversation was resolved ({@code resolvedAt}: when its status last changed). */
    record Orphan(Cycle cycle, Instant resolvedAt) {
    }

    List<Orphan> runningForResolved() {
        List<Orphan> orphans = new ArrayList<>();
        for (Object[] row : jdbc.list("select " + COLUMNS + """
                , (select c.status_changed_at from conversation c where c.id = conversation_id) from conversation_cycle
                where resolved_at is null
                  and conversation_id in (select id from conversation where status = 'resolved' and status_changed_at is not null)
                for update""")) {
            orphans.add(new Orphan(cycle(row), Rows.instant(row[row.length - 1])));
        }
        return orphans;
    }

    /** A conversation in line or with an agent that no cycle follows. */
    record Unfollowed(String id, String teamId, Instant queuedAt, int lastNumber) {
    }

    List<Unfollowed> activeWithoutCycle() {
        List<Unfollowed> unfollowed = new ArrayList<>();
        for (Object[] row : jdbc.list("""
                select c.id, c.team_id, c.queued_at, coalesce((select max(cycle) from conversation_cycle y where y.conversation_id = c.id), 0)
                from conversation c
                where c.status = 'open' and c.queued_at is not null
                  and not exists (select 1 from conversation_cycle y where y.conversation_id = c.id and y.resolved_at is null)""")) {
            unfollowed.add(new Unfollowed((String) row[0], (String) row[1], Rows.instant(row[2]), ((Number) row[3]).intValue()));
        }
        return unfollowed;
    }

    /**
     * Every running cycle and every cycle started since {@code from}, read once: the board needs both, and most of the
     * running ones started today, so two reads carried most rows twice (the larger part of a board push, docs/performance.md).
     */
    List<Cycle> runningOrStartedSince(Instant from) {
        List<Cycle> cycles = new ArrayList<>();
        for (Object[] row : jdbc.list("select " + COLUMNS + " from conversation_cycle where resolved_at is null or started_at >= ?1", from)) {
            cycles.add(cycle(row));
        }
        return cycles;
    }

    void save(Cycle c) {
        Object[] values = {c.conversationId, c.number, c.teamId, c.startedAt, c.firstCustomerAt, c.firstAssignedAt, c.firstAssignee,
            c.firstResponseAt, c.firstResponder, c.awaitingSince, c.awaitingPausedMs, c.awaitingPausedBusinessMs, c.pausedAt, c.pausedMs,
            c.pausedBusinessMs, c.currentAssignee, c.currentAssignedAt, c.handleMs, c.handleBusinessMs, c.waitMs, c.waitBusinessMs,
            c.firstResponseMs, c.firstResponseBusinessMs, c.firstResponseTarget, c.firstResponseMet, c.resolvedAt, c.resolvedBy,
            c.resolutionMs, c.resolutionBusinessMs, c.resolutionTarget, c.resolutionMet, c.abandoned, c.shortAbandon, c.businessTime};
        StringBuilder placeholders = new StringBuilder();
        for (int i = 1; i <= values.length; i++) {
            placeholders.append(i == 1 ? "" : ", ").append(typed(i));
        }
        String columns = COLUMNS.substring(COLUMNS.indexOf(',') + 1);
        if (c.id == null) {
            Object id = jdbc.list("insert into conversation_cycle (" + columns + ") values (" + placeholders + ") returning id",
                    values).get(0)[0];
            c.id = ((Number) id).longValue();
            report(c, "started", c.startedAt, null, null, null, null, true);
        } else {
            Object[] withId = java.util.Arrays.copyOf(values, values.length + 1);
            withId[values.length] = c.id;
            jdbc.update("update conversation_cycle set (" + columns + ") = (" + placeholders + ") where id = ?" + withId.length,
                    withId);
        }
        reportStopped(c);
    }

    /**
     * The report facts of the cycle's clocks that have stopped. Each is written once, with the team
     * the cycle has then (docs/metrics.md, "Reports"): a later save finds it there and leaves it.
     */
    private void reportStopped(Cycle c) {
        if (c.firstAssignedAt != null && c.waitMs != null) {
            report(c, "wait", c.firstAssignedAt, c.firstAssignee, c.waitMs, c.waitBusinessMs, null, true);
        }
        if (c.resolvedAt != null) {
            report(c, "resolution", c.resolvedAt, c.resolvedBy, c.resolutionMs, c.resolutionBusinessMs, c.resolutionMet, true);
            report(c, "handle", c.resolvedAt, c.resolvedBy, c.handleMs, c.handleBusinessMs, null, true);
            if (Boolean.TRUE.equals(c.abandoned)) {
                report(c, Boolean.TRUE.equals(c.shortAbandon) ? "short_abandon" : "abandoned", c.resolvedAt, c.resolvedBy, null, null, null,
                        true);
            }
        }
    }

    private void report(Cycle c, String metric, Instant at, String deviceId, Long ms, Long businessMs, Boolean met, boolean answered) {
        jdbc.update("""
                insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered, topic_id,
                                         labels)
                select ?1, ?2, cast(?3 as varchar), cast(?4 as varchar), ?5, ?6, cast(?7 as bigint), cast(?8 as bigint), cast(?9 as boolean), ?10,
                       topic_id, labels
                from conversation where id = ?6
                on conflict (cycle_id, metric) where metric <> 'next_response' do nothing""",
                metric, at, c.teamId, deviceId, c.id, c.conversationId, ms, businessMs, met, answered);
    }

    /** Nulls need a type PostgreSQL can read without guessing; each parameter says its column's. */
    private static String typed(int position) {
        String type = switch (position) {
            case 2, 24, 30 -> "integer";
            case 4, 5, 6, 8, 10, 13, 17, 26 -> "timestamptz";
            case 11, 12, 14, 15, 18, 19, 20, 21, 22, 23, 28, 29 -> "bigint";
            case 25, 31, 32, 33, 34 -> "boolean";
            default -> "varchar";
        };
        return "cast(?" + position + " as " + type + ")";
    }

    /**
     * A customer's rating of the conversation's last resolved cycle: a {@code csat} report fact whose
     * value (in {@code ms} and {@code business_ms}, the columns reports measure) is the rating 1–5.
     */
    void rated(String conversationId, int rating, Instant ratedAt) {
        jdbc.update("""
                insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered, topic_id,
                                         labels)
                select 'csat', ?2, y.team_id, y.resolved_by_device_id, y.id, y.conversation_id, ?3, ?3, null, true, c.topic_id, c.labels
                from conversation_cycle y join conversation c on c.id = y.conversation_id
                where y.conversation_id = ?1 and y.resolved_at is not null order by y.cycle desc limit 1
                on conflict (cycle_id, metric) where metric <> 'next_response' do nothing""", conversationId, ratedAt, (long) rating);
    }

    /** A response stretch; {@code at}: when it was answered, or when the cycle was resolved for one never answered. */
    void insert(Cycle cycle, Cycle.Response r, Instant at) {
        insert(cycle.id, r);
        report(cycle, CycleRules.FIRST.equals(r.kind()) ? "first_response" : "next_response", r.answeredAt() == null ? at : r.answeredAt(),
                r.deviceId(), r.ms(), r.businessMs(), r.met(), r.answeredAt() != null);
    }

    private void insert(long cycleId, Cycle.Response r) {
        jdbc.update("""
                insert into response_fact (cycle_id, conversation_id, kind, device_id, asked_at, answered_at, response_ms,
                                           response_business_ms, target_s, met)
                values (?1, ?2, ?3, cast(?4 as varchar), ?5, cast(?6 as timestamptz), ?7, ?8, cast(?9 as integer), cast(?10 as boolean))""",
                cycleId, r.conversationId(), r.kind(), r.deviceId(), r.askedAt(), r.answeredAt(), r.ms(), r.businessMs(), r.targetSeconds(),
                r.met());
    }

    private static Cycle cycle(Object[] r) {
        Cycle c = new Cycle(Rows.number(r[0]), (String) r[1], Rows.integer(r[2]), (String) r[3], Rows.instant(r[4]));
        c.firstCustomerAt = Rows.instant(r[5]);
        c.firstAssignedAt = Rows.instant(r[6]);
        c.firstAssignee = (String) r[7];
        c.firstResponseAt = Rows.instant(r[8]);
        c.firstResponder = (String) r[9];
        c.awaitingSince = Rows.instant(r[10]);
        c.awaitingPausedMs = Rows.number(r[11]);
        c.awaitingPausedBusinessMs = Rows.number(r[12]);
        c.pausedAt = Rows.instant(r[13]);
        c.pausedMs = Rows.number(r[14]);
        c.pausedBusinessMs = Rows.number(r[15]);
        c.currentAssignee = (String) r[16];
        c.currentAssignedAt = Rows.instant(r[17]);
        c.handleMs = Rows.number(r[18]);
        c.handleBusinessMs = Rows.number(r[19]);
        c.waitMs = Rows.number(r[20]);
        c.waitBusinessMs = Rows.number(r[21]);
        c.firstResponseMs = Rows.number(r[22]);
        c.firstResponseBusinessMs = Rows.number(r[23]);
        c.firstResponseTarget = Rows.integer(r[24]);
        c.firstResponseMet = (Boolean) r[25];
        c.resolvedAt = Rows.instant(r[26]);
        c.resolvedBy = (String) r[27];
        c.resolutionMs = Rows.number(r[28]);
        c.resolutionBusinessMs = Rows.number(r[29]);
        c.resolutionTarget = Rows.integer(r[30]);
        c.resolutionMet = (Boolean) r[31];
        c.abandoned = (Boolean) r[32];
        c.shortAbandon = (Boolean) r[33];
        c.businessTime = (Boolean) r[34];
        return c;
    }
}
