package io.switchboard.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The metric rules of docs/metrics.md, applied to one {@link Cycle} at a time. Pure: the time of
 * each happening and the team's settings are handed in, nothing is read or stored here.
 */
final class CycleRules {

    static final String FIRST = "first";
    static final String NEXT = "next";

    private CycleRules() {
    }

    /** A cycle starts; a customer's message starts its first response clock, an agent's reopen does not. */
    static Cycle start(String conversationId, int number, String teamId, Instant at, boolean customerAsked) {
        Cycle cycle = new Cycle(null, conversationId, number, teamId, at);
        if (customerAsked) {
            customerWrote(cycle, at);
        }
        return cycle;
    }

    /** A customer message: the response clock starts unless one already runs. */
    static void customerWrote(Cycle cycle, Instant at) {
        if (cycle.awaitingSince != null) {
            return;
        }
        cycle.awaitingSince = at;
        cycle.awaitingPausedMs = 0;
        cycle.awaitingPausedBusinessMs = 0;
        if (cycle.firstCustomerAt == null) {
            cycle.firstCustomerAt = at;
        }
    }

    /** A business message: the running response clock stops; the first stretch of a cycle is its first response. */
    static Optional<Cycle.Response> businessWrote(Cycle cycle, String deviceId, Instant at, SupervisionSettings settings) {
        if (cycle.awaitingSince == null || at.isBefore(cycle.awaitingSince)) {
            return Optional.empty();
        }
        BusinessHours hours = settings.hours();
        cycle.businessTime = !hours.alwaysOpen();
        long ms = awaitedMs(cycle, at);
        long businessMs = awaitedBusinessMs(cycle, at, hours);
        boolean first = cycle.firstResponseAt == null;
        Integer target = first ? settings.sla().firstResponseSeconds() : settings.sla().nextResponseSeconds();
        Boolean met = target == null ? null : (cycle.businessTime ? businessMs : ms) <= target * 1000L;
        Cycle.Response response = new Cycle.Response(cycle.conversationId, first ? FIRST : NEXT, deviceId, cycle.awaitingSince, at, ms,
                businessMs, target, met);
        if (first) {
            cycle.firstResponseAt = at;
            cycle.firstResponder = deviceId;
            cycle.firstResponseMs = ms;
            cycle.firstResponseBusinessMs = businessMs;
            cycle.firstResponseTarget = target;
            cycle.firstResponseMet = met;
        }
        cycle.awaitingSince = null;
        cycle.awaitingPausedMs = 0;
        cycle.awaitingPausedBusinessMs = 0;
        return Optional.of(response);
    }

    /** An agent has it: the first assignment stops the wait, and a new holder's handle time starts. */
    static void assigned(Cycle cycle, String deviceId, String teamId, Instant at, SupervisionSettings settings) {
        if (teamId != null) {
            cycle.teamId = teamId;
        }
        BusinessHours hours = settings.hours();
        if (cycle.firstAssignedAt == null) {
            cycle.firstAssignedAt = at;
            cycle.firstAssignee = deviceId;
            cycle.waitMs = ms(cycle.startedAt, at);
            cycle.waitBusinessMs = hours.businessDuration(cycle.startedAt, at).toMillis();
        }
        if (cycle.currentAssignee != null && !cycle.currentAssignee.equals(deviceId)) {
            assignmentEnded(cycle, cycle.currentAssignee, at, settings);
        }
        if (cycle.currentAssignee == null) {
            cycle.currentAssignee = deviceId;
            cycle.currentAssignedAt = at;
        }
    }

    /** {@code deviceId}'s assignment ended (transfer, unassign, timeout, grace, snooze, resolve); another holder's is untouched. */
    static void assignmentEnded(Cycle cycle, String deviceId, Instant at, SupervisionSettings settings) {
        if (cycle.currentAssignee == null || (deviceId != null && !deviceId.equals(cycle.currentAssignee))) {
            return;
        }
        cycle.handleMs += ms(cycle.currentAssignedAt, at);
        cycle.handleBusinessMs += settings.hours().businessDuration(cycle.currentAssignedAt, at).toMillis();
        cycle.currentAssignee = null;
        cycle.currentAssignedAt = null;
    }

    /** Pending or snoozed: the clocks pause. */
    static void paused(Cycle cycle, Instant at) {
        if (cycle.pausedAt == null) {
            cycle.pausedAt = at;
        }
    }

    /** Open again: the pause is added to the cycle's and to the running response's. */
    static void resumed(Cycle cycle, Instant at, SupervisionSettings settings) {
        if (cycle.pausedAt == null) {
            return;
        }
        BusinessHours hours = settings.hours();
        cycle.pausedMs += ms(cycle.pausedAt, at);
        cycle.pausedBusinessMs += hours.businessDuration(cycle.pausedAt, at).toMillis();
        if (cycle.awaitingSince != null) {
            Instant from = later(cycle.pausedAt, cycle.awaitingSince);
            cycle.awaitingPausedMs += ms(from, at);
            cycle.awaitingPausedBusinessMs += hours.businessDuration(from, at).toMillis();
        }
        cycle.pausedAt = null;
    }

    /**
     * Resolved: the cycle ends and every clock stops here. A running response clock that had passed
     * its target is a miss; one that had not gives no result. Never answered: abandoned.
     */
    static Optional<Cycle.Response> resolved(Cycle cycle, String byDeviceId, Instant at, SupervisionSettings settings) {
        BusinessHours hours = settings.hours();
        cycle.businessTime = !hours.alwaysOpen();
        assignmentEnded(cycle, null, at, settings);
        Optional<Cycle.Response> unanswered = Optional.empty();
        if (cycle.awaitingSince != null) {
            unanswered = unansweredAtResolve(cycle, at, settings);
        }
        resumed(cycle, at, settings);
        cycle.resolvedAt = at;
        cycle.resolvedBy = byDeviceId;
        cycle.resolutionMs = Math.max(0, ms(cycle.startedAt, at) - cycle.pausedMs);
        cycle.resolutionBusinessMs = Math.max(0, hours.businessDuration(cycle.startedAt, at).toMillis() - cycle.pausedBusinessMs);
        cycle.resolutionTarget = settings.sla().resolutionSeconds();
        cycle.resolutionMet = cycle.resolutionTarget == null ? null
                : (cycle.businessTime ? cycle.resolutionBusinessMs : cycle.resolutionMs) <= cycle.resolutionTarget * 1000L;
        cycle.abandoned = cycle.firstResponseAt == null;
        cycle.shortAbandon = cycle.abandoned && ms(cycle.startedAt, at) <= settings.shortAbandonSeconds() * 1000L;
        return unanswered;
    }

    private static Optional<Cycle.Response> unansweredAtResolve(Cycle cycle, Instant at, SupervisionSettings settings) {
        BusinessHours hours = settings.hours();
        long ms = awaitedMs(cycle, at);
        long businessMs = awaitedBusinessMs(cycle, at, hours);
        boolean first = cycle.firstResponseAt == null;
        Integer target = first ? settings.sla().firstResponseSeconds() : settings.sla().nextResponseSeconds();
        boolean passed = target != null && (cycle.businessTime ? businessMs : ms) > target * 1000L;
        Instant asked = cycle.awaitingSince;
        cycle.awaitingSince = null;
        if (!passed) {
            return Optional.empty();
        }
        if (first) {
            cycle.firstResponseTarget = target;
            cycle.firstResponseMet = false;
        }
        return Optional.of(new Cycle.Response(cycle.conversationId, first ? FIRST : NEXT, null, asked, null, ms, businessMs, target, false));
    }

    /** Since the first unanswered message, minus the pauses in between (a pause still running counts up to {@code at}). */
    static long awaitedMs(Cycle cycle, Instant at) {
        long paused = cycle.awaitingPausedMs;
        if (cycle.pausedAt != null) {
            paused += ms(later(cycle.pausedAt, cycle.awaitingSince), at);
        }
        return Math.max(0, ms(cycle.awaitingSince, at) - paused);
    }

    static long awaitedBusinessMs(Cycle cycle, Instant at, BusinessHours hours) {
        long paused = cycle.awaitingPausedBusinessMs;
        if (cycle.pausedAt != null) {
            paused += hours.businessDuration(later(cycle.pausedAt, cycle.awaitingSince), at).toMillis();
        }
        return Math.max(0, hours.businessDuration(cycle.awaitingSince, at).toMillis() - paused);
    }

    private static long ms(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
