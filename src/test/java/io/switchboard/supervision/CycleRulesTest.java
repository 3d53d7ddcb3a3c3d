package io.switchboard.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The metric rules of docs/metrics.md, case by case, on explicit instants. */
class CycleRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final String AGENT = "agent-1";
    private static final String OTHER = "agent-2";

    private static SupervisionSettings sla(Integer first, Integer next, Integer resolution) {
        return new SupervisionSettings("UTC", null, new SupervisionSettings.Sla(first, next, resolution), 60, 10,
                SupervisionSettings.DEFAULTS.alerts());
    }

    private static final SupervisionSettings TARGETS = sla(120, 300, 3600);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Cycle customerAsks() {
        return CycleRules.start("c1", 1, null, T0, true);
    }

    @Test
    void waitTimeRunsFromTheCustomersMessageToTheFirstAssignmentOnly() {
        Cycle cycle = customerAsks();
        CycleRules.assigned(cycle, AGENT, null, at(45), TARGETS);
        CycleRules.assignmentEnded(cycle, AGENT, at(100), TARGETS);
        CycleRules.assigned(cycle, OTHER, null, at(200), TARGETS);
        assertEquals(45_000L, cycle.waitMs, "a return to the queue does not add to the wait");
        assertEquals(AGENT, cycle.firstAssignee);
    }

    @Test
    void firstResponseIsTheFirstBusinessMessageAfterTheCustomersAndMeetsItsTarget() {
        Cycle cycle = customerAsks();
        CycleRules.assigned(cycle, AGENT, null, at(10), TARGETS);
        Cycle.Response first = CycleRules.businessWrote(cycle, AGENT, at(90), TARGETS).orElseThrow();
        assertEquals(CycleRules.FIRST, first.kind());
        assertEquals(90_000L, first.ms());
        assertEquals(Boolean.TRUE, first.met());
        assertEquals(90_000L, cycle.firstResponseMs);
        assertTrue(CycleRules.businessWrote(cycle, AGENT, at(95), TARGETS).isEmpty(), "a second reply answers nothing new");
    }

    @Test
    void nextResponseRunsFromTheFirstUnansweredCustomerMessage() {
        Cycle cycle = customerAsks();
        CycleRules.businessWrote(cycle, AGENT, at(30), TARGETS);
        CycleRules.customerWrote(cycle, at(100));
        CycleRules.customerWrote(cycle, at(200));
        Cycle.Response next = CycleRules.businessWrote(cycle, AGENT, at(500), TARGETS).orElseThrow();
        assertEquals(CycleRules.NEXT, next.kind());
        assertEquals(at(100), next.askedAt(), "from the first of the unanswered messages");
        assertEquals(400_000L, next.ms());
        assertEquals(Boolean.FALSE, next.met(), "300 s target");
        assertEquals(30_000L, cycle.firstResponseMs, "the first response stays the cycle's");
    }

    @Test
    void aReopenStartsANewCycleWithItsOwnFirstResponse() {
        Cycle first = customerAsks();
        CycleRules.businessWrote(first, AGENT, at(60), TARGETS);
        CycleRules.resolved(first, AGENT, at(600), TARGETS);
        Cycle second = CycleRules.start("c1", 2, null, at(7200), true);
        Cycle.Response response = CycleRules.businessWrote(second, AGENT, at(7200 + 20), TARGETS).orElseThrow();
        assertEquals(CycleRules.FIRST, response.kind(), "the reopened cycle has a first response of its own");
        assertEquals(20_000L, second.firstResponseMs);
        assertEquals(60_000L, first.firstResponseMs, "the first cycle keeps its own");
        assertEquals(2, second.number);
    }

    @Test
    void anAgentsReopenStartsNoResponseClockUntilTheCustomerWrites() {
        Cycle cycle = CycleRules.start("c1", 2, null, T0, false);
        assertTrue(CycleRules.businessWrote(cycle, AGENT, at(10), TARGETS).isEmpty());
        CycleRules.customerWrote(cycle, at(100));
        assertEquals(50_000L, CycleRules.businessWrote(cycle, AGENT, at(150), TARGETS).orElseThrow().ms());
    }

    @Test
    void slaClocksStopOnResolveAndNothingBreachesAfterIt() {
        Cycle cycle = customerAsks();
        Optional<Cycle.Response> unanswered = CycleRules.resolved(cycle, AGENT, at(60), TARGETS);
        assertTrue(unanswered.isEmpty(), "resolved within the 120 s target: no result, not a miss");
        assertNull(cycle.firstResponseMet);
        assertNull(cycle.awaitingSince, "no clock runs after the resolve");
        assertEquals(Boolean.TRUE, cycle.resolutionMet);
        assertTrue(ServiceLevel.slaClocks(cycle, TARGETS, at(100_000)).stream().noneMatch(sla -> "next_response".equals(sla.target())));
    }

    @Test
    void aResponseClockAlreadyPastItsTargetAtResolveIsAMiss() {
        Cycle cycle = customerAsks();
        Cycle.Response miss = CycleRules.resolved(cycle, AGENT, at(500), TARGETS).orElseThrow();
        assertNull(miss.answeredAt());
        assertEquals(Boolean.FALSE, miss.met());
        assertEquals(Boolean.FALSE, cycle.firstResponseMet);
    }

    @Test
    void aCycleResolvedWithoutAReplyIsAbandonedAndShortWithinTheSetting() {
        Cycle quick = customerAsks();
        CycleRules.resolved(quick, AGENT, at(8), TARGETS);
        assertTrue(quick.abandoned);
        assertTrue(quick.shortAbandon, "10 s setting");
        assertNull(ServiceLevel.answeredInTime(quick, TARGETS, at(20)), "short abandons are not offered");

        Cycle late = customerAsks();
        CycleRules.resolved(late, AGENT, at(400), TARGETS);
        assertTrue(late.abandoned);
        assertFalse(late.shortAbandon);
        assertEquals(Boolean.FALSE, ServiceLevel.answeredInTime(late, TARGETS, at(500)), "a long abandon was offered and missed");

        Cycle answered = customerAsks();
        CycleRules.businessWrote(answered, AGENT, at(5), TARGETS);
        CycleRules.resolved(answered, AGENT, at(8), TARGETS);
        assertFalse(answered.abandoned);
    }

    @Test
    void pendingTimeIsLeftOutOfResolutionAndOfTheRunningResponse() {
        Cycle cycle = customerAsks();
        CycleRules.businessWrote(cycle, AGENT, at(60), TARGETS);
        CycleRules.customerWrote(cycle, at(100));
        CycleRules.paused(cycle, at(200));
        CycleRules.resumed(cycle, at(1200), TARGETS);
        Cycle.Response next = CycleRules.businessWrote(cycle, AGENT, at(1250), TARGETS).orElseThrow();
        assertEquals(150_000L, next.ms(), "1150 s minus 1000 s pending");
        CycleRules.resolved(cycle, AGENT, at(2000), TARGETS);
        assertEquals(1_000_000L, cycle.pausedMs);
        assertEquals(1_000_000L, cycle.resolutionMs);
    }

    @Test
    void handleTimeAddsUpEveryAssignmentOfTheCycle() {
        Cycle cycle = customerAsks();
        CycleRules.assigned(cycle, AGENT, null, at(10), TARGETS);
        CycleRules.assigned(cycle, OTHER, null, at(70), TARGETS); // a transfer: the new holder's event may come first
        CycleRules.assignmentEnded(cycle, AGENT, at(70), TARGETS);
        CycleRules.resolved(cycle, OTHER, at(100), TARGETS);
        assertEquals(90_000L, cycle.handleMs);
    }

    @Test
    void businessHoursLeaveTheWeekendOutOfTheFirstResponseAndItsSla() {
        SupervisionSettings weekdays = new SupervisionSettings("Europe/Lisbon",
                new SupervisionSettings.Hours(nine(), nine(), nine(), nine(), nine(), null, null, List.of("2026-12-08")),
                new SupervisionSettings.Sla(3600, null, null), 60, 10, SupervisionSettings.DEFAULTS.alerts());
        Instant friday = Instant.parse("2026-12-04T16:30:00Z");
        Cycle cycle = CycleRules.start("c1", 1, null, friday, true);
        Cycle.Response first = CycleRules.businessWrote(cycle, AGENT, Instant.parse("2026-12-07T09:15:00Z"), weekdays).orElseThrow();
        assertEquals(Duration.ofMinutes(45).toMillis(), first.businessMs(), "30 min on Friday, 15 on Monday");
        assertEquals(Boolean.TRUE, first.met(), "measured in business time");
        assertTrue(first.ms() > Duration.ofDays(2).toMillis());
        assertTrue(cycle.businessTime);
    }

    private static List<SupervisionSettings.Period> nine() {
        return List.of(new SupervisionSettings.Period("09:00", "17:00"));
    }

    @Test
    void theBoardsSlaClockWarnsAndBreachesOnTime() {
        Cycle cycle = customerAsks();
        List<Board.SlaClock> early = ServiceLevel.slaClocks(cycle, TARGETS, at(30));
        Board.SlaClock first = early.get(0);
        assertEquals("first_response", first.target());
        assertEquals("ok", first.state());
        assertEquals(at(96), first.warnAt(), "80 % of 120 s");
        assertEquals(at(120), first.dueAt());
        assertEquals("at_risk", ServiceLevel.slaClocks(cycle, TARGETS, at(100)).get(0).state());
        assertEquals("breached", ServiceLevel.slaClocks(cycle, TARGETS, at(121)).get(0).state());
    }

    @Test
    void serviceLevelWaitsForTheThresholdBeforeCountingAnUnansweredCycle() {
        Cycle cycle = customerAsks();
        assertNull(ServiceLevel.answeredInTime(cycle, TARGETS, at(30)), "undecided within the 60 s threshold");
        assertEquals(Boolean.FALSE, ServiceLevel.answeredInTime(cycle, TARGETS, at(61)));
        CycleRules.businessWrote(cycle, AGENT, at(50), TARGETS);
        assertEquals(Boolean.TRUE, ServiceLevel.answeredInTime(cycle, TARGETS, at(61)));
    }
}
