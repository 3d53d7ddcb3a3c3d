package io.switchboard.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The board's judgements on cycles at an instant: service level and SLA clocks (docs/metrics.md). Pure. */
final class ServiceLevel {

    private ServiceLevel() {
    }

    /**
     * Whether the cycle was answered within the service-level threshold: null when it does not count
     * (a short abandon, no customer message, or unanswered with the threshold not yet passed).
     */
    static Boolean answeredInTime(Cycle cycle, SupervisionSettings settings, Instant now) {
        long threshold = settings.serviceLevelSeconds() * 1000L;
        boolean business = !settings.hours().alwaysOpen();
        if (cycle.firstCustomerAt == null || Boolean.TRUE.equals(cycle.shortAbandon)) {
            return null;
        }
        if (cycle.firstResponseAt != null) {
            return (business ? cycle.firstResponseBusinessMs : cycle.firstResponseMs) <= threshold;
        }
        if (!cycle.running()) {
            return false;
        }
        if (cycle.awaitingSince == null) {
            return null;
        }
        long waited = business ? CycleRules.awaitedBusinessMs(cycle, now, settings.hours()) : CycleRules.awaitedMs(cycle, now);
        return waited > threshold ? Boolean.FALSE : null;
    }

    /** The running SLA clocks of an open, unpaused cycle, each with its state now and when it warns and falls due. */
    static List<Board.SlaClock> slaClocks(Cycle cycle, SupervisionSettings settings, Instant now) {
        List<Board.SlaClock> clocks = new ArrayList<>();
        BusinessHours hours = settings.hours();
        boolean business = !hours.alwaysOpen();
        if (cycle.awaitingSince != null) {
            boolean first = cycle.firstResponseAt == null;
            Integer target = first ? settings.sla().firstResponseSeconds() : settings.sla().nextResponseSeconds();
            if (target != null) {
                long elapsed = business ? CycleRules.awaitedBusinessMs(cycle, now, hours) : CycleRules.awaitedMs(cycle, now);
                clocks.add(clock(first ? "first_response" : "next_response", target, elapsed, settings, now));
            }
        }
        Integer resolution = settings.sla().resolutionSeconds();
        if (resolution != null) {
            long elapsed = business ? hours.businessDuration(cycle.startedAt, now).toMillis() - cycle.pausedBusinessMs
                    : Duration.between(cycle.startedAt, now).toMillis() - cycle.pausedMs;
            clocks.add(clock("resolution", resolution, Math.max(0, elapsed), settings, now));
        }
        return clocks;
    }

    /**
     * Instants still ahead are computed in business time; ones already passed are placed that much
     * wall time ago (exact without business hours, an estimate with them).
     */
    private static Board.SlaClock clock(String target, int targetSeconds, long elapsedMs, SupervisionSettings settings, Instant now) {
        long dueIn = targetSeconds * 1000L - elapsedMs;
        long warnIn = targetSeconds * 10L * settings.alerts().slaWarningPercent() - elapsedMs;
        String state = dueIn < 0 ? "breached" : warnIn <= 0 ? "at_risk" : "ok";
        return new Board.SlaClock(target, targetSeconds, state, at(now, warnIn, settings), at(now, dueIn, settings));
    }

    private static Instant at(Instant now, long inMs, SupervisionSettings settings) {
        if (inMs <= 0) {
            return now.minusMillis(-inMs);
        }
        return settings.hours().businessDeadline(now, Duration.ofMillis(inMs)).orElse(null);
    }
}
