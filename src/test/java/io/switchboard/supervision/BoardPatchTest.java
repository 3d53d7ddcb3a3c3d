package io.switchboard.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.Role;
import io.switchboard.routing.AgentView;
import io.switchboard.routing.Team;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The board's patches (docs/protocol.md §15.3) on a generated floor that keeps changing: conversations queue, are
 * assigned, move between teams, go pending, are resolved; agents come and go, change teams and load; cycles are
 * answered in time or late; the clock runs, so waits cross their alerts and SLAs their warnings. For every scope,
 * each patch applied to the board before it, as a client applies it, gives the next whole board exactly.
 */
class BoardPatchTest {

    private static final String A = "team-a";
    private static final String B = "team-b";
    private static final List<String> TEAMS = java.util.Arrays.asList(A, B, null);
    private static final SupervisorScope EVERYTHING = new SupervisorScope(true, Set.of());
    private static final SupervisorScope ONLY_A = new SupervisorScope(false, Set.of(A));
    private static final SupervisorScope ONLY_B = new SupervisorScope(false, Set.of(B));

    /** What a client does with a patch: rows replaced or added by id, removed by id, put back in the board's order. */
    static Board apply(Board board, BoardPatch patch) {
        Map<String, Board.AgentRow> agents = byId(board.agents(), Board.AgentRow::deviceId);
        patch.removedAgents().forEach(agents::remove);
        patch.agents().forEach(agent -> agents.put(agent.deviceId(), agent));
        Map<String, Board.ConversationRow> conversations = byId(board.conversations(), Board.ConversationRow::id);
        patch.removedConversations().forEach(conversations::remove);
        patch.conversations().forEach(conversation -> conversations.put(conversation.id(), conversation));
        return new Board(patch.generatedAt(), patch.overall() == null ? board.overall() : patch.overall(),
                patch.teams() == null ? board.teams() : patch.teams(),
                agents.values().stream().sorted(Board.AGENT_ORDER).toList(),
                conversations.values().stream().sorted(Board.QUEUE_ORDER).toList());
    }

    private static <T> Map<String, T> byId(List<T> rows, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        rows.forEach(row -> map.put(id.apply(row), row));
        return map;
    }

    /** A floor that changes at random, a few things per step. */
    private static final class Floor {
        final Random random;
        Instant now = Instant.parse("2026-12-05T09:00:00Z");
        final Map<String, BoardStore.Active> active = new LinkedHashMap<>();
        final Map<String, Cycle> running = new HashMap<>();
        final List<Cycle> startedToday = new ArrayList<>();
        final Map<String, AgentView> agents = new LinkedHashMap<>();
        int next;

        Floor(long seed) {
            random = new Random(seed);
            for (int i = 0; i < 6; i++) {
                List<String> teams = switch (i % 4) {
                    case 0 -> List.of(A);
                    case 1 -> List.of(B);
                    case 2 -> List.of(A, B);
                    default -> List.of();
                };
                agents.put("agent-" + i, new AgentView("agent-" + i, "Agent " + (5 - i), null, Role.AGENT, "available", true, 0, 3,
                        teams, null));
            }
            for (int i = 0; i < 12; i++) {
                queue();
            }
        }

        String team() {
            return TEAMS.get(random.nextInt(TEAMS.size()));
        }

        void queue() {
            String id = "c" + (next++);
            String team = team();
            // Same instants on purpose: the id must settle the order.
            Instant queuedAt = now.minusSeconds(random.nextInt(3) * 40L);
            active.put(id, new BoardStore.Active(id, "open", team, random.nextInt(3), queuedAt, null, null));
            Cycle cycle = new Cycle(null, id, 1, team, queuedAt);
            cycle.awaitingSince = queuedAt;
            running.put(id, cycle);
            startedToday.add(cycle);
        }

        <T> T any(java.util.Collection<T> values) {
            List<T> list = new ArrayList<>(values);
            return list.get(random.nextInt(list.size()));
        }

        void step() {
            now = now.plusSeconds(random.nextInt(90));
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                change();
            }
        }

        private void change() {
            BoardStore.Active c = active.isEmpty() ? null : any(active.values());
            AgentView agent = any(agents.values());
            switch (random.nextInt(9)) {
                case 0 -> queue();
                case 1 -> {
                    if (c != null) {
                        active.put(c.id(), new BoardStore.Active(c.id(), "open", c.teamId(), c.priority(), c.queuedAt(), agent.deviceId(), now));
                    }
                }
                case 2 -> {
                    if (c != null) {
                        active.remove(c.id());
                        running.get(c.id()).resolvedAt = now;
                        running.remove(c.id());
                    }
                }
                case 3 -> {
                    if (c != null) {
                        String team = team();
                        active.put(c.id(), new BoardStore.Active(c.id(), c.status(), team, c.priority(), c.queuedAt(), c.assigneeDeviceId(),
                                c.assignedAt()));
                        running.get(c.id()).teamId = team;
                    }
                }
                case 4 -> {
                    if (c != null && c.assigneeDeviceId() != null) {
                        active.put(c.id(), new BoardStore.Active(c.id(), "open".equals(c.status()) ? "pending" : "open", c.teamId(), c.priority(),
                                c.queuedAt(), c.assigneeDeviceId(), c.assignedAt()));
                    }
                }
                case 5 -> {
                    if (c != null && running.get(c.id()).awaitingSince != null) {
                        Cycle cycle = running.get(c.id());
                        cycle.firstResponseAt = now;
                        cycle.firstResponseMs = now.toEpochMilli() - cycle.startedAt.toEpochMilli();
                        cycle.awaitingSince = null;
                    }
                }
                case 6 -> agents.put(agent.deviceId(), new AgentView(agent.deviceId(), agent.person(), null, agent.role(),
                        random.nextBoolean() ? "available" : "away", random.nextInt(4) > 0, random.nextInt(4), agent.capacity(),
                        agent.teamIds(), now));
                case 7 -> agents.put(agent.deviceId(), new AgentView(agent.deviceId(), agent.person(), null, agent.role(), agent.status(),
                        agent.online(), agent.load(), agent.capacity(), random.nextBoolean() ? List.of(A) : List.of(B), agent.lastAssignedAt()));
                default -> {
                    if (c != null && c.assigneeDeviceId() != null) {
                        active.put(c.id(), new BoardStore.Active(c.id(), c.status(), c.teamId(), c.priority(), c.queuedAt(), null, null));
                    }
                }
            }
        }

        BoardService.Snapshot snapshot() {
            SupervisionSettings targets = new SupervisionSettings("Europe/Lisbon", null, new SupervisionSettings.Sla(120, 300, 3600), 60, 10,
                    new SupervisionSettings.Alerts(60, 300, 80));
            SupervisionSettingsService.Effective settings = new SupervisionSettingsService.Effective(Map.of(A, targets));
            List<Team> teams = List.of(new Team(A, "Billing", "least_loaded", false, 0, List.of()), new Team(B, "Returns", "least_loaded", false, 0,
                    List.of()));
            Map<String, Integer> connections = agents.values().stream().filter(AgentView::online)
                    .collect(Collectors.toMap(AgentView::deviceId, agent -> 1));
            return new BoardService.Snapshot(now, settings, teams, List.copyOf(agents.values()), connections, List.copyOf(active.values()),
                    Map.copyOf(running), List.copyOf(startedToday));
        }
    }

    @Test
    void eachPatchAppliedToTheBoardBeforeItIsTheNextBoard() {
        Map<String, Integer> seen = new HashMap<>();
        for (long seed = 1; seed <= 20; seed++) {
            Floor floor = new Floor(seed);
            Map<SupervisorScope, Board> before = new HashMap<>();
            for (SupervisorScope scope : List.of(EVERYTHING, ONLY_A, ONLY_B)) {
                before.put(scope, floor.snapshot().view(scope));
            }
            for (int step = 0; step < 60; step++) {
                floor.step();
                BoardService.Snapshot snapshot = floor.snapshot();
                for (SupervisorScope scope : List.of(EVERYTHING, ONLY_A, ONLY_B)) {
                    Board previous = before.get(scope);
                    Board next = snapshot.view(scope);
                    BoardPatch patch = BoardPatch.between(step, step + 1, previous, next);
                    assertEquals(next, apply(previous, patch), "seed " + seed + ", step " + step + ", " + scope);
                    count(seen, patch);
                    before.put(scope, next);
                }
            }
        }
        // The floor did exercise every kind of change.
        for (String kind : List.of("overall", "teams", "agents", "removedAgents", "conversations", "removedConversations", "nothing")) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, kind + " never appeared in a patch: " + seen);
        }
    }

    private static void count(Map<String, Integer> seen, BoardPatch patch) {
        if (patch.overall() != null) {
            seen.merge("overall", 1, Integer::sum);
        }
        if (patch.teams() != null) {
            seen.merge("teams", 1, Integer::sum);
        }
        seen.merge("agents", patch.agents().size(), Integer::sum);
        seen.merge("removedAgents", patch.removedAgents().size(), Integer::sum);
        seen.merge("conversations", patch.conversations().size(), Integer::sum);
        seen.merge("removedConversations", patch.removedConversations().size(), Integer::sum);
        if (patch.changesNothing()) {
            seen.merge("nothing", 1, Integer::sum);
        }
    }

    @Test
    void aPatchOfATeamsScopeCarriesNothingOfAnotherTeam() {
        for (long seed = 1; seed <= 20; seed++) {
            Floor floor = new Floor(seed);
            Board before = floor.snapshot().view(ONLY_A);
            for (int step = 0; step < 60; step++) {
                floor.step();
                Board next = floor.snapshot().view(ONLY_A);
                BoardPatch patch = BoardPatch.between(step, step + 1, before, next);
                Set<String> known = before.conversations().stream().map(Board.ConversationRow::id).collect(Collectors.toSet());
                assertTrue(patch.conversations().stream().allMatch(row -> A.equals(row.teamId())), "only team A's conversations: " + patch);
                assertTrue(known.containsAll(patch.removedConversations()), "only conversations that were on A's board are removed");
                assertTrue(patch.agents().stream().allMatch(agent -> agent.teamIds().contains(A)), "only team A's agents: " + patch);
                assertTrue(patch.teams() == null || patch.teams().stream().allMatch(team -> A.equals(team.teamId())), "only team A's row");
                before = next;
            }
        }
    }
}
