package io.switchboard.supervision;

import java.time.Instant;

/**
 * One row of {@code conversation_cycle} while {@link CycleRules} works on it: a conversation from a
 * customer asking to its resolve (docs/metrics.md, "Cycles"). Durations are milliseconds.
 */
final class Cycle {

    Long id;
    final String conversationId;
    final int number;
    String teamId;
    final Instant startedAt;
    Instant firstCustomerAt;
    Instant firstAssignedAt;
    String firstAssignee;
    Instant firstResponseAt;
    String firstResponder;
    Instant awaitingSince;
    long awaitingPausedMs;
    long awaitingPausedBusinessMs;
    Instant pausedAt;
    long pausedMs;
    long pausedBusinessMs;
    String currentAssignee;
    Instant currentAssignedAt;
    long handleMs;
    long handleBusinessMs;
    Long waitMs;
    Long waitBusinessMs;
    Long firstResponseMs;
    Long firstResponseBusinessMs;
    Integer firstResponseTarget;
    Boolean firstResponseMet;
    Instant resolvedAt;
    String resolvedBy;
    Long resolutionMs;
    Long resolutionBusinessMs;
    Integer resolutionTarget;
    Boolean resolutionMet;
    Boolean abandoned;
    Boolean shortAbandon;
    boolean businessTime;

    Cycle(Long id, String conversationId, int number, String teamId, Instant startedAt) {
        this.id = id;
        this.conversationId = conversationId;
        this.number = number;
        this.teamId = teamId;
        this.startedAt = startedAt;
    }

    boolean running() {
        return resolvedAt == null;
    }

    /** One answered stretch ({@code response_fact}); {@code answeredAt} null for one still unanswered at resolve, past its target. */
    record Response(String conversationId, String kind, String deviceId, Instant askedAt, Instant answeredAt, long ms, long businessMs,
                    Integer targetSeconds, Boolean met) {
    }
}
