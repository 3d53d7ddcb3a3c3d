package io.switchboard.routing.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The routing policies of docs/protocol.md §14.2, on a fixed clock: every time is an argument.
 */
@DisplayName("Chooser")
class ChooserTest {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final String TEAM = "team-sales";
    static final String OTHER_TEAM = "team-support";
    static final Duration STICKY_FOR = Duration.ofHours(24);

    static final Rules MANUAL = new Rules(Policy.MANUAL, false, STICKY_FOR);
    static final Rules MANUAL_STICKY = new Rules(Policy.MANUAL, true, STICKY_FOR);
    static final Rules ROUND_ROBIN = new Rules(Policy.ROUND_ROBIN, false, STICKY_FOR);
    static final Rules LEAST_LOADED = new Rules(Policy.LEAST_LOADED, false, STICKY_FOR);
    static final Rules STICKY_ROUND_ROBIN = new Rules(Policy.ROUND_ROBIN, true, STICKY_FOR);
    static final Rules STICKY_LEAST_LOADED = new Rules(Policy.LEAST_LOADED, true, STICKY_FOR);

    // ---- builders -------------------------------------------------------------------------------

    /** An available, online agent in {@link #TEAM}, never assigned, 0 of 5. */
    static Agent agent(String deviceId) {
        return new Agent(deviceId);
    }

    static final class Agent {
        private final String deviceId;
        private String person;
        private boolean available = true;
        private boolean online = true;
        private int load;
        private int capacity = 5;
        private Instant lastAssignedAt;
        private Set<String> teams = Set.of(TEAM);

        Agent(String deviceId) {
            this.deviceId = deviceId;
            this.person = "Person " + deviceId;
        }

        Agent person(String value) {
            person = value;
            return this;
        }

        Agent away() {
            available = false;
            return this;
        }

        Agent offline() {
            online = false;
            return this;
        }

        Agent load(int load, int capacity) {
            this.load = load;
            this.capacity = capacity;
            return this;
        }

        Agent load(int load) {
            this.load = load;
            return this;
        }

        Agent lastAssigned(Duration ago) {
            lastAssignedAt = NOW.minus(ago);
            return this;
        }

        Agent lastAssignedAt(Instant at) {
            lastAssignedAt = at;
            return this;
        }

        Agent teams(String... ids) {
            teams = Set.of(ids);
            return this;
        }

        Candidate build() {
            return new Candidate(deviceId, person, available, online, load, capacity, lastAssignedAt, teams);
        }
    }

    /** A queued conversation in {@link #TEAM}, no previous agent, nothing to skip. */
    static Waiting inTeam() {
        return new Waiting("conv-1", TEAM, null, null, null);
    }

    static Waiting withoutTeam() {
        return new Waiting("conv-1", null, null, null, null);
    }

    static Waiting inTeamSkipping(String skipDeviceId) {
        return new Waiting("conv-1", TEAM, null, null, skipDeviceId);
    }

    /** A conversation whose previous agent had it until {@code endedAgo} before {@link #NOW}. */
    static Waiting previouslyWith(String deviceId, Duration endedAgo) {
        return new Waiting("conv-1", TEAM, deviceId, NOW.minus(endedAgo), null);
    }

    static Optional<Choice> choose(Waiting conversation, Rules rules, Agent... agents) {
        List<Candidate> candidates = new ArrayList<>();
        for (Agent agent : agents) {
            candidates.add(agent.build());
        }
        return Chooser.choose(conversation, rules, candidates, NOW);
    }

    static String chosenId(Waiting conversation, Rules rules, Agent... agents) {
        return choose(conversation, rules, agents).orElseThrow(() -> new AssertionError("nobody chosen")).deviceId();
    }

    static void assertNobody(Optional<Choice> choice) {
        assertTrue(choice.isEmpty(), () -> "expected nobody, got " + choice);
    }

    // ---- manual ---------------------------------------------------------------------------------

    @Nested
    @DisplayName("manual")
    class Manual {

        @Test
        @DisplayName("never assigns, even with idle eligible agents")
        void neverAssigns() {
            assertNobody(choose(inTeam(), MANUAL, agent("a"), agent("b").load(1)));
        }

        @Test
        @DisplayName("never assigns a conversation without a team")
        void neverAssignsWithoutTeam() {
            assertNobody(choose(withoutTeam(), MANUAL, agent("a")));
        }

        @Test
        @DisplayName("never assigns even with sticky on and the previous agent eligible")
        void stickyDoesNotOverrideManual() {
            assertNobody(choose(previouslyWith("a", Duration.ofMinutes(5)), MANUAL_STICKY, agent("a")));
        }

        @Test
        @DisplayName("with no agents at all: empty")
        void noAgents() {
            assertNobody(Chooser.choose(inTeam(), MANUAL, List.of(), NOW));
        }
    }

    // ---- round robin ----------------------------------------------------------------------------

    @Nested
    @DisplayName("round robin")
    class RoundRobin {

        @Test
        @DisplayName("a never-assigned agent goes before one assigned long ago")
        void neverAssignedFirst() {
            assertEquals("b", chosenId(inTeam(), ROUND_ROBIN,
                    agent("a").lastAssigned(Duration.ofDays(30)),
                    agent("b"),
                    agent("c").lastAssigned(Duration.ofMinutes(1))));
        }

        @Test
        @DisplayName("a never-assigned agent goes first even with a higher load")
        void neverAssignedFirstDespiteLoad() {
            assertEquals("b", chosenId(inTeam(), ROUND_ROBIN,
                    agent("a").lastAssigned(Duration.ofDays(1)).load(0),
                    agent("b").load(4)));
        }

        @Test
        @DisplayName("then the oldest last assignment, whatever the load")
        void oldestLastAssignment() {
            assertEquals("old", chosenId(inTeam(), ROUND_ROBIN,
                    agent("recent").lastAssigned(Duration.ofMinutes(2)).load(0),
                    agent("old").lastAssigned(Duration.ofMinutes(40)).load(3),
                    agent("middle").lastAssigned(Duration.ofMinutes(10)).load(1)));
        }

        @Test
        @DisplayName("same last assignment: the lower load wins")
        void tieByLoad() {
            Instant same = NOW.minus(Duration.ofMinutes(7));
            assertEquals("z", chosenId(inTeam(), ROUND_ROBIN,
                    agent("a").lastAssignedAt(same).load(2),
                    agent("z").lastAssignedAt(same).load(1)));
        }

        @Test
        @DisplayName("both never assigned: the lower load wins")
        void neverAssignedTieByLoad() {
            assertEquals("z", chosenId(inTeam(), ROUND_ROBIN, agent("a").load(1), agent("z").load(0)));
        }

        @Test
        @DisplayName("round robin compares raw load, not load ÷ capacity")
        void tieByRawLoadNotRatio() {
            Instant same = NOW.minus(Duration.ofMinutes(7));
            // a: 1/2 = 50%, b: 2/10 = 20% — but round robin ties on the count of chats
            assertEquals("a", chosenId(inTeam(), ROUND_ROBIN,
                    agent("a").lastAssignedAt(same).load(1, 2),
                    agent("b").lastAssignedAt(same).load(2, 10)));
        }

        @Test
        @DisplayName("same last assignment and load: the lower device id wins")
        void tieByDeviceId() {
            Instant same = NOW.minus(Duration.ofMinutes(7));
            assertEquals("dev-a", chosenId(inTeam(), ROUND_ROBIN,
                    agent("dev-c").lastAssignedAt(same).load(1),
                    agent("dev-a").lastAssignedAt(same).load(1),
                    agent("dev-b").lastAssignedAt(same).load(1)));
        }

        @Test
        @DisplayName("the pick does not depend on the order of the candidates")
        void orderIndependent() {
            Instant same = NOW.minus(Duration.ofMinutes(7));
            List<Candidate> agents = new ArrayList<>(List.of(
                    agent("d1").lastAssignedAt(same).load(2).build(),
                    agent("d2").lastAssignedAt(same).load(1).build(),
                    agent("d3").lastAssignedAt(same).load(1).build(),
                    agent("d4").lastAssigned(Duration.ofMinutes(1)).load(0).build()));
            Random random = new Random(42);
            for (int i = 0; i < 20; i++) {
                Collections.shuffle(agents, random);
                assertEquals("d2", Chooser.choose(inTeam(), ROUND_ROBIN, agents, NOW).orElseThrow().deviceId());
            }
        }

        @Test
        @DisplayName("reason: code round_robin, text 'never assigned'")
        void reasonNeverAssigned() {
            Choice choice = choose(inTeam(), ROUND_ROBIN, agent("a")).orElseThrow();
            assertEquals(new Choice("a", Choice.ROUND_ROBIN,
                    "Round robin: longest since last assignment (never assigned)"), choice);
            assertEquals("round_robin", choice.code());
        }

        @Test
        @DisplayName("reason: text says how long ago the last assignment was")
        void reasonAgo() {
            Choice choice = choose(inTeam(), ROUND_ROBIN, agent("a").lastAssigned(Duration.ofMinutes(12))).orElseThrow();
            assertEquals(Choice.ROUND_ROBIN, choice.code());
            assertEquals("Round robin: longest since last assignment (12 min ago)", choice.text());
        }

        @Test
        @DisplayName("handing out in turn: applying each pick with withAssignment cycles through the team")
        void cyclesThroughTeam() {
            List<Candidate> agents = new ArrayList<>(List.of(
                    agent("a").build(), agent("b").build(), agent("c").build()));
            List<String> picks = new ArrayList<>();
            Instant t = NOW;
            for (int i = 0; i < 6; i++) {
                t = t.plusSeconds(60);
                Choice choice = Chooser.choose(inTeam(), ROUND_ROBIN, agents, t).orElseThrow();
                picks.add(choice.deviceId());
                for (int j = 0; j < agents.size(); j++) {
                    if (agents.get(j).deviceId().equals(choice.deviceId())) {
                        agents.set(j, agents.get(j).withAssignment(t));
                    }
                }
            }
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), picks);
        }
    }

    // ---- least loaded ---------------------------------------------------------------------------

    @Nested
    @DisplayName("least loaded")
    class LeastLoaded {

        @Test
        @DisplayName("the lowest load wins with equal capacities")
        void lowestLoad() {
            assertEquals("b", chosenId(inTeam(), LEAST_LOADED,
                    agent("a").load(3), agent("b").load(1), agent("c").load(2)));
        }

        @Test
        @DisplayName("compares load ÷ capacity, not the raw load: 1/3 (0.33) beats 2/5 (0.40)")
        void ratioOneThirdVsTwoFifths() {
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED,
                    agent("b").load(2, 5), agent("a").load(1, 3)));
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED,
                    agent("a").load(1, 3), agent("b").load(2, 5)));
        }

        @Test
        @DisplayName("a higher raw load can win: 3/10 beats 1/2")
        void higherRawLoadLowerRatio() {
            assertEquals("big", chosenId(inTeam(), LEAST_LOADED,
                    agent("small").load(1, 2), agent("big").load(3, 10)));
        }

        @Test
        @DisplayName("exact comparison: 1/3 vs 2/6 and 2/4 vs 1/2 are ties, broken by longest idle")
        void exactTiesGoToLongestIdle() {
            assertEquals("b", chosenId(inTeam(), LEAST_LOADED,
                    agent("a").load(1, 3).lastAssigned(Duration.ofMinutes(5)),
                    agent("b").load(2, 6).lastAssigned(Duration.ofMinutes(50))));
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED,
                    agent("a").load(2, 4).lastAssigned(Duration.ofMinutes(30)),
                    agent("b").load(1, 2).lastAssigned(Duration.ofMinutes(3))));
        }

        @Test
        @DisplayName("tie 2/4 vs 1/2 with the same last assignment: the lower device id wins")
        void exactTieThenDeviceId() {
            Instant same = NOW.minus(Duration.ofMinutes(9));
            assertEquals("dev-1", chosenId(inTeam(), LEAST_LOADED,
                    agent("dev-2").load(1, 2).lastAssignedAt(same),
                    agent("dev-1").load(2, 4).lastAssignedAt(same)));
        }

        @Test
        @DisplayName("tie: a never-assigned agent counts as the longest idle")
        void neverAssignedIsLongestIdle() {
            assertEquals("fresh", chosenId(inTeam(), LEAST_LOADED,
                    agent("a-old").load(1, 5).lastAssigned(Duration.ofDays(90)),
                    agent("fresh").load(1, 5)));
        }

        @Test
        @DisplayName("tie: both never assigned, same ratio: the lower device id wins")
        void neverAssignedTieById() {
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED, agent("b"), agent("a")));
        }

        @Test
        @DisplayName("a lower ratio beats a longer idle time")
        void ratioBeforeIdle() {
            assertEquals("busy-recent", chosenId(inTeam(), LEAST_LOADED,
                    agent("idle-long").load(2, 5),
                    agent("busy-recent").load(1, 5).lastAssigned(Duration.ofSeconds(5))));
        }

        @Test
        @DisplayName("big loads and capacities do not overflow the cross-multiplication")
        void noOverflow() {
            int big = Integer.MAX_VALUE;
            // a: (big-2)/big  vs  b: (big-1)/big
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED,
                    agent("b").load(big - 1, big), agent("a").load(big - 2, big)));
            // a: 1/(big)  vs  b: 1/(big-1)
            assertEquals("a", chosenId(inTeam(), LEAST_LOADED,
                    agent("b").load(1, big - 1), agent("a").load(1, big)));
        }

        @Test
        @DisplayName("reason: 'Least loaded: 1 of 5 chats open', code least_loaded")
        void reasonText() {
            Choice choice = choose(inTeam(), LEAST_LOADED, agent("a").load(1, 5), agent("b").load(3, 5)).orElseThrow();
            assertEquals(new Choice("a", Choice.LEAST_LOADED, "Least loaded: 1 of 5 chats open"), choice);
            assertEquals("least_loaded", choice.code());
        }

        @Test
        @DisplayName("reason: an idle agent reads '0 of 3 chats open'")
        void reasonTextIdle() {
            assertEquals("Least loaded: 0 of 3 chats open",
                    choose(inTeam(), LEAST_LOADED, agent("a").load(0, 3)).orElseThrow().text());
        }
    }

    // ---- eligibility (shared by every automatic policy) -----------------------------------------

    @Nested
    @DisplayName("eligibility")
    class Eligibility {

        @Test
        @DisplayName("an agent at capacity is skipped (round robin)")
        void fullSkippedRoundRobin() {
            assertEquals("b", chosenId(inTeam(), ROUND_ROBIN,
                    agent("a").load(5, 5), // never assigned: would win if eligible
                    agent("b").load(4, 5).lastAssigned(Duration.ofMinutes(1))));
        }

        @Test
        @DisplayName("an agent at capacity is skipped (least loaded)")
        void fullSkippedLeastLoaded() {
            assertEquals("b", chosenId(inTeam(), LEAST_LOADED,
                    agent("a").load(3, 3), agent("b").load(9, 10)));
        }

        @Test
        @DisplayName("an agent over capacity (capacity lowered) is skipped")
        void overCapacitySkipped() {
            assertNobody(choose(inTeam(), LEAST_LOADED, agent("a").load(4, 2)));
        }

        @Test
        @DisplayName("an agent with capacity 0 is never chosen")
        void zeroCapacity() {
            assertNobody(choose(inTeam(), LEAST_LOADED, agent("a").load(0, 0)));
            assertNobody(choose(inTeam(), ROUND_ROBIN, agent("a").load(0, 0)));
        }

        @Test
        @DisplayName("a team whose agents are all full yields empty")
        void allFull() {
            Agent[] agents = {agent("a").load(5, 5), agent("b").load(2, 2), agent("c").load(1, 1)};
            assertNobody(choose(inTeam(), ROUND_ROBIN, agents));
            assertNobody(choose(inTeam(), LEAST_LOADED, agents));
            assertNobody(choose(inTeam(), STICKY_LEAST_LOADED, agents));
        }

        @Test
        @DisplayName("an away agent is skipped even if idle")
        void awaySkipped() {
            assertEquals("b", chosenId(inTeam(), LEAST_LOADED, agent("a").away(), agent("b").load(4)));
            assertEquals("b", chosenId(inTeam(), ROUND_ROBIN, agent("a").away(),
                    agent("b").lastAssigned(Duration.ofSeconds(1))));
        }

        @Test
        @DisplayName("only away agents: empty")
        void onlyAway() {
            assertNobody(choose(inTeam(), LEAST_LOADED, agent("a").away(), agent("b").away()));
        }

        @Test
        @DisplayName("an offline agent (grace period, online=false) is skipped though under capacity")
        void offlineSkipped() {
            assertEquals("b", chosenId(inTeam(), LEAST_LOADED, agent("a").offline().load(0), agent("b").load(4)));
            assertEquals("b", chosenId(inTeam(), ROUND_ROBIN, agent("a").offline(),
                    agent("b").lastAssigned(Duration.ofSeconds(1))));
        }

        @Test
        @DisplayName("only offline agents: empty")
        void onlyOffline() {
            assertNobody(choose(inTeam(), ROUND_ROBIN, agent("a").offline()));
        }

        @Test
        @DisplayName("a conversation with a team only goes to members of that team")
        void teamFilter() {
            assertEquals("member", chosenId(inTeam(), LEAST_LOADED,
                    agent("outsider").teams(OTHER_TEAM),
                    agent("member").teams(OTHER_TEAM, TEAM).load(4)));
        }

        @Test
        @DisplayName("no member of the team eligible: empty, even with idle agents elsewhere")
        void teamFilterNobody() {
            assertNobody(choose(inTeam(), ROUND_ROBIN, agent("a").teams(OTHER_TEAM), agent("b").teams()));
        }

        @Test
        @DisplayName("a conversation without a team goes to anyone, in a team or not")
        void noTeamAnyone() {
            assertEquals("nobody-team", chosenId(withoutTeam(), LEAST_LOADED,
                    agent("a").teams(TEAM).load(2),
                    agent("nobody-team").teams().load(0),
                    agent("c").teams(OTHER_TEAM).load(1)));
            assertEquals("c", chosenId(withoutTeam(), LEAST_LOADED,
                    agent("a").teams(TEAM).load(2),
                    agent("nobody-team").teams().load(3),
                    agent("c").teams(OTHER_TEAM).load(1)));
        }

        @Test
        @DisplayName("the skip device (offer timed out) is passed over for the next agent")
        void skipDevicePassedOver() {
            assertEquals("b", chosenId(inTeamSkipping("a"), ROUND_ROBIN,
                    agent("a"), agent("b").lastAssigned(Duration.ofSeconds(1))));
            assertEquals("b", chosenId(inTeamSkipping("a"), LEAST_LOADED,
                    agent("a").load(0), agent("b").load(4)));
        }

        @Test
        @DisplayName("the skip device gets it again only when nobody else can take it")
        void skipDeviceOnlyAgent() {
            assertEquals("a", chosenId(inTeamSkipping("a"), ROUND_ROBIN, agent("a")));
            assertEquals("a", chosenId(inTeamSkipping("a"), LEAST_LOADED, agent("a")));
            assertEquals("a", chosenId(inTeamSkipping("a"), LEAST_LOADED, agent("a"), agent("b").load(5, 5)));
            assertNobody(choose(inTeamSkipping("a"), ROUND_ROBIN, agent("a").away()));
        }

        @Test
        @DisplayName("no candidates: empty")
        void noCandidates() {
            assertNobody(Chooser.choose(inTeam(), ROUND_ROBIN, List.of(), NOW));
            assertNobody(Chooser.choose(inTeam(), STICKY_LEAST_LOADED, List.of(), NOW));
        }

        @Test
        @DisplayName("eligible(): all conditions at once")
        void eligiblePredicate() {
            Waiting conversation = inTeamSkipping("skip");
            assertTrue(Chooser.eligible(agent("a").load(4, 5).build(), conversation));
            assertFalse(Chooser.eligible(agent("a").load(5, 5).build(), conversation), "full");
            assertFalse(Chooser.eligible(agent("a").away().build(), conversation), "away");
            assertFalse(Chooser.eligible(agent("a").offline().build(), conversation), "offline");
            assertFalse(Chooser.eligible(agent("a").teams(OTHER_TEAM).build(), conversation), "other team");
            assertFalse(Chooser.eligible(agent("skip").build(), conversation), "skip device");
            assertTrue(Chooser.eligible(agent("a").teams().build(), withoutTeam()), "no team: anyone");
        }
    }

    // ---- sticky ---------------------------------------------------------------------------------

    @Nested
    @DisplayName("sticky")
    class Sticky {

        /** The previous agent "alex" is busier and more recently assigned than "bea", so no policy picks alex. */
        Agent alex() {
            return agent("alex").person("Alex").load(4, 5).lastAssigned(Duration.ofSeconds(30));
        }

        Agent bea() {
            return agent("bea").person("Bea").load(0, 5);
        }

        @Test
        @DisplayName("prefers the previous agent within the window over round robin's pick")
        void prefersPreviousRoundRobin() {
            Choice choice = choose(previouslyWith("alex", Duration.ofHours(2)), STICKY_ROUND_ROBIN, bea(), alex())
                    .orElseThrow();
            assertEquals(new Choice("alex", Choice.STICKY, "Sticky: Alex talked with this customer 2 h ago"), choice);
            assertEquals("sticky", choice.code());
        }

        @Test
        @DisplayName("prefers the previous agent within the window over least loaded's pick")
        void prefersPreviousLeastLoaded() {
            Choice choice = choose(previouslyWith("alex", Duration.ofMinutes(12)), STICKY_LEAST_LOADED, bea(), alex())
                    .orElseThrow();
            assertEquals("alex", choice.deviceId());
            assertEquals(Choice.STICKY, choice.code());
            assertEquals("Sticky: Alex talked with this customer 12 min ago", choice.text());
        }

        @Test
        @DisplayName("sticky off: the policy decides even inside the window")
        void stickyOff() {
            Waiting conversation = previouslyWith("alex", Duration.ofMinutes(12));
            assertEquals("bea", chosenId(conversation, LEAST_LOADED, bea(), alex()));
            assertEquals("bea", chosenId(conversation, ROUND_ROBIN, bea(), alex()));
        }

        @Test
        @DisplayName("after the window (sticky timeout): falls back to the policy")
        void afterWindow() {
            Waiting conversation = previouslyWith("alex", STICKY_FOR.plusSeconds(1));
            Choice choice = choose(conversation, STICKY_LEAST_LOADED, bea(), alex()).orElseThrow();
            assertEquals(new Choice("bea", Choice.LEAST_LOADED, "Least loaded: 0 of 5 chats open"), choice);
            assertEquals(Choice.ROUND_ROBIN,
                    choose(conversation, STICKY_ROUND_ROBIN, bea(), alex()).orElseThrow().code());
        }

        @Test
        @DisplayName("one nanosecond after the window end: no longer sticky")
        void justAfterWindow() {
            Waiting conversation = new Waiting("conv-1", TEAM, "alex", NOW.minus(STICKY_FOR).minusNanos(1), null);
            assertEquals("bea", chosenId(conversation, STICKY_LEAST_LOADED, bea(), alex()));
        }

        @Test
        @DisplayName("exactly at the window end: still sticky (inclusive boundary)")
        void exactlyAtWindowEnd() {
            Waiting conversation = previouslyWith("alex", STICKY_FOR);
            Choice choice = choose(conversation, STICKY_LEAST_LOADED, bea(), alex()).orElseThrow();
            assertEquals("alex", choice.deviceId());
            assertEquals("Sticky: Alex talked with this customer 1 day ago", choice.text());
        }

        @Test
        @DisplayName("the window follows the team's stickyFor (30 min window, 31 min ago: not sticky)")
        void customWindow() {
            Rules shortWindow = new Rules(Policy.LEAST_LOADED, true, Duration.ofMinutes(30));
            assertEquals("alex", chosenId(previouslyWith("alex", Duration.ofMinutes(29)), shortWindow, bea(), alex()));
            assertEquals("alex", chosenId(previouslyWith("alex", Duration.ofMinutes(30)), shortWindow, bea(), alex()));
            assertEquals("bea", chosenId(previouslyWith("alex", Duration.ofMinutes(31)), shortWindow, bea(), alex()));
        }

        @Test
        @DisplayName("previous assignment just ended: 'just now'")
        void justEnded() {
            assertEquals("Sticky: Alex talked with this customer just now",
                    choose(previouslyWith("alex", Duration.ZERO), STICKY_LEAST_LOADED, bea(), alex())
                            .orElseThrow().text());
        }

        @Test
        @DisplayName("previous agent at capacity: falls back to the policy")
        void previousFull() {
            Choice choice = choose(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_LEAST_LOADED,
                    bea().load(4, 5), alex().load(5, 5)).orElseThrow();
            assertEquals("bea", choice.deviceId());
            assertEquals(Choice.LEAST_LOADED, choice.code());
        }

        @Test
        @DisplayName("previous agent away: falls back to the policy")
        void previousAway() {
            Choice choice = choose(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_ROUND_ROBIN,
                    bea(), alex().away()).orElseThrow();
            assertEquals("bea", choice.deviceId());
            assertEquals(Choice.ROUND_ROBIN, choice.code());
        }

        @Test
        @DisplayName("previous agent offline (grace period): falls back to the policy")
        void previousOffline() {
            Choice choice = choose(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_LEAST_LOADED,
                    bea(), alex().offline().load(0, 5)).orElseThrow();
            assertEquals("bea", choice.deviceId());
            assertEquals(Choice.LEAST_LOADED, choice.code());
        }

        @Test
        @DisplayName("previous agent no longer in the conversation's team: falls back to the policy")
        void previousLeftTeam() {
            assertEquals("bea", chosenId(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_LEAST_LOADED,
                    bea(), alex().teams(OTHER_TEAM)));
        }

        @Test
        @DisplayName("previous agent not among the candidates (device gone): falls back to the policy")
        void previousMissing() {
            assertEquals("bea", chosenId(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_LEAST_LOADED, bea()));
        }

        @Test
        @DisplayName("previous agent unavailable and nobody else: empty")
        void previousIneligibleNobodyElse() {
            assertNobody(choose(previouslyWith("alex", Duration.ofMinutes(5)), STICKY_LEAST_LOADED, alex().away()));
        }

        @Test
        @DisplayName("the previous agent whose offer just timed out is not picked by sticky")
        void skipDeviceNotSticky() {
            Waiting conversation = new Waiting("conv-1", TEAM, "alex", NOW.minus(Duration.ofMinutes(5)), "alex");
            Choice choice = choose(conversation, STICKY_ROUND_ROBIN, alex(), bea()).orElseThrow();
            assertEquals("bea", choice.deviceId());
            assertEquals(Choice.ROUND_ROBIN, choice.code());
        }

        @Test
        @DisplayName("the previous agent whose offer timed out, alone: offered again by the policy, not as sticky")
        void skipDeviceNotStickyAlone() {
            Waiting conversation = new Waiting("conv-1", TEAM, "alex", NOW.minus(Duration.ofMinutes(5)), "alex");
            Choice choice = choose(conversation, STICKY_LEAST_LOADED, alex().load(0, 5)).orElseThrow();
            assertEquals("alex", choice.deviceId());
            assertEquals(Choice.LEAST_LOADED, choice.code());
        }

        @Test
        @DisplayName("a different skip device does not stop sticky")
        void otherSkipDeviceKeepsSticky() {
            Waiting conversation = new Waiting("conv-1", TEAM, "alex", NOW.minus(Duration.ofMinutes(5)), "bea");
            Choice choice = choose(conversation, STICKY_LEAST_LOADED, alex(), bea()).orElseThrow();
            assertEquals("alex", choice.deviceId());
            assertEquals(Choice.STICKY, choice.code());
        }

        @Test
        @DisplayName("no previous agent: the policy decides")
        void noPrevious() {
            assertEquals("bea", chosenId(inTeam(), STICKY_LEAST_LOADED, alex(), bea()));
        }

        @Test
        @DisplayName("previous agent known but no end time: the policy decides")
        void previousWithoutUntil() {
            Waiting conversation = new Waiting("conv-1", TEAM, "alex", null, null);
            assertEquals("bea", chosenId(conversation, STICKY_LEAST_LOADED, alex(), bea()));
        }

        @Test
        @DisplayName("sticky works for a conversation without a team too")
        void stickyWithoutTeam() {
            Waiting conversation = new Waiting("conv-1", null, "alex", NOW.minus(Duration.ofHours(3)), null);
            Choice choice = choose(conversation, STICKY_LEAST_LOADED, bea().teams(), alex().teams(OTHER_TEAM))
                    .orElseThrow();
            assertEquals(new Choice("alex", Choice.STICKY, "Sticky: Alex talked with this customer 3 h ago"), choice);
        }
    }

    // ---- Candidate ------------------------------------------------------------------------------

    @Nested
    @DisplayName("Candidate")
    class CandidateTest {

        @Test
        @DisplayName("withAssignment increments the load and sets lastAssignedAt, keeping the rest")
        void withAssignment() {
            Candidate before = new Candidate("a", "Alex", true, true, 2, 5,
                    NOW.minus(Duration.ofHours(1)), Set.of(TEAM, OTHER_TEAM));
            Candidate after = before.withAssignment(NOW);
            assertNotSame(before, after);
            assertEquals(new Candidate("a", "Alex", true, true, 3, 5, NOW, Set.of(TEAM, OTHER_TEAM)), after);
            assertEquals(2, before.load(), "the record is immutable");
        }

        @Test
        @DisplayName("withAssignment on a never-assigned agent sets lastAssignedAt")
        void withAssignmentFromNever() {
            Candidate after = agent("a").build().withAssignment(NOW);
            assertEquals(1, after.load());
            assertEquals(NOW, after.lastAssignedAt());
        }

        @Test
        @DisplayName("hasRoom: load below capacity")
        void hasRoom() {
            assertTrue(agent("a").load(4, 5).build().hasRoom());
            assertFalse(agent("a").load(5, 5).build().hasRoom());
            assertFalse(agent("a").load(4, 5).build().withAssignment(NOW).hasRoom());
        }
    }

    // ---- Policy ---------------------------------------------------------------------------------

    @Nested
    @DisplayName("Policy")
    class PolicyTest {

        @Test
        @DisplayName("wire names round-trip; unknown names are empty")
        void wireNames() {
            for (Policy policy : Policy.values()) {
                assertEquals(Optional.of(policy), Policy.fromWire(policy.wireName()));
            }
            assertEquals("manual", Policy.MANUAL.wireName());
            assertEquals("round_robin", Policy.ROUND_ROBIN.wireName());
            assertEquals("least_loaded", Policy.LEAST_LOADED.wireName());
            assertEquals(Optional.empty(), Policy.fromWire("LEAST_LOADED"));
            assertEquals(Optional.empty(), Policy.fromWire("random"));
            assertEquals(Optional.empty(), Policy.fromWire(null));
        }
    }

    // ---- ago ------------------------------------------------------------------------------------

    @Nested
    @DisplayName("ago")
    class Ago {

        String ago(Duration elapsed) {
            return Chooser.ago(NOW.minus(elapsed), NOW);
        }

        @Test
        @DisplayName("under a minute: 'just now'")
        void justNow() {
            assertEquals("just now", ago(Duration.ZERO));
            assertEquals("just now", ago(Duration.ofSeconds(59)));
            assertEquals("just now", ago(Duration.ofSeconds(59).plusMillis(999)));
        }

        @Test
        @DisplayName("a time in the future (clock skew): 'just now'")
        void future() {
            assertEquals("just now", Chooser.ago(NOW.plusSeconds(3600), NOW));
        }

        @Test
        @DisplayName("minutes, rounded down: '1 min ago' … '59 min ago'")
        void minutes() {
            assertEquals("1 min ago", ago(Duration.ofMinutes(1)));
            assertEquals("1 min ago", ago(Duration.ofSeconds(119)));
            assertEquals("12 min ago", ago(Duration.ofMinutes(12).plusSeconds(30)));
            assertEquals("59 min ago", ago(Duration.ofMinutes(59).plusSeconds(59)));
        }

        @Test
        @DisplayName("hours, rounded down: '1 h ago' … '23 h ago'")
        void hours() {
            assertEquals("1 h ago", ago(Duration.ofHours(1)));
            assertEquals("2 h ago", ago(Duration.ofHours(2).plusMinutes(59)));
            assertEquals("23 h ago", ago(Duration.ofHours(23).plusMinutes(59).plusSeconds(59)));
        }

        @Test
        @DisplayName("days: '1 day ago' (singular), '2 days ago'")
        void days() {
            assertEquals("1 day ago", ago(Duration.ofDays(1)));
            assertEquals("1 day ago", ago(Duration.ofHours(47)));
            assertEquals("2 days ago", ago(Duration.ofDays(2)));
            assertEquals("30 days ago", ago(Duration.ofDays(30).plusHours(5)));
        }
    }
}
