package io.switchboard.supervision;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.routing.AgentView;
import io.switchboard.routing.RoutingSettings;
import io.switchboard.routing.RoutingViews;
import io.switchboard.routing.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Computes the live board (docs/metrics.md, "Live board") for a supervisor's scope. */
@ApplicationScoped
public class BoardService {

    private final BoardStore store;
    private final CycleStore cycles;
    private final RoutingViews views;
    private final RoutingSettings routing;
    private final SupervisionSettingsService settings;
    private final Scopes scopes;
    private final Clock clock;

    BoardService(BoardStore store, CycleStore cycles, RoutingViews views, RoutingSettings routing, SupervisionSettingsService settings,
                 Scopes scopes, Clock clock) {
        this.store = store;
        this.cycles = cycles;
        this.views = views;
        this.routing = routing;
        this.settings = settings;
        this.scopes = scopes;
        this.clock = clock;
    }

    /** The caller's board, or only one team's ({@code 403 team_out_of_scope} outside the caller's teams). */
    @Transactional
    public Board board(AuthenticatedDevice caller, String teamId) {
        SupervisorScope scope = teamId == null ? scopes.require(caller) : scopes.requireTeam(caller, teamId);
        return snapshot().view(scope);
    }

    /** The scopes of a push's subscribers, and the snapshot when any of them still supervises. */
    record ForPush(Map<String, SupervisorScope> scopeOfDevice, Snapshot snapshot) {
    }

    /**
     * What a push reads, in one transaction: a push then waits for one pooled connection, not two. In a storm of
     * resolves every connection may be held by a request queueing on the routing lock (docs/performance.md).
     */
    @Transactional
    ForPush forPush(Set<String> subscribers) {
        Map<String, SupervisorScope> scopeOfDevice = scopes.of(subscribers);
        return new ForPush(scopeOfDevice, scopeOfDevice.isEmpty() ? null : snapshot());
    }

    /** Everything the board needs, read once; {@link Snapshot#view} cuts it to a scope. */
    @Transactional
    Snapshot snapshot() {
        Instant now = clock.instant();
        SupervisionSettingsService.Effective effective = settings.effective();
        List<Team> teams = routing.teams();
        Instant since = now;
        Set<ZoneId> zones = new HashSet<>();
        zones.add(zone(effective.defaults()));
        teams.forEach(team -> zones.add(zone(effective.forTeam(team.id()))));
        for (ZoneId zone : zones) {
            Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            since = midnight.isBefore(since) ? midnight : since;
        }
        Map<String, Cycle> running = new HashMap<>();
        List<Cycle> startedToday = new ArrayList<>();
        for (Cycle cycle : cycles.runningOrStartedSince(since)) {
            if (cycle.running()) {
                running.put(cycle.conversationId, cycle);
            }
            if (!cycle.startedAt.isBefore(since)) {
                startedToday.add(cycle);
            }
        }
        return new Snapshot(now, effective, teams, views.agents(), store.connections(), store.active(), running, startedToday);
    }

    private static ZoneId zone(SupervisionSettings settings) {
        return ZoneId.of(settings.timeZone());
    }

    /** The board's raw material at one instant. */
    record Snapshot(Instant now, SupervisionSettingsService.Effective settings, List<Team> teams, List<AgentView> agents,
                    Map<String, Integer> connections, List<BoardStore.Active> active, Map<String, Cycle> running, List<Cycle> startedToday) {

        Board view(SupervisorScope scope) {
            List<Board.ConversationRow> conversations = active.stream().filter(c -> scope.covers(c.teamId())).map(this::row)
                    .sorted(Board.QUEUE_ORDER).toList();
            List<Board.AgentRow> agentRows = agents.stream()
                    .filter(agent -> scope.everything() || agent.teamIds().stream().anyMatch(scope::covers))
                    .map(this::agentRow).sorted(Board.AGENT_ORDER).toList();
            List<Cycle> today = startedToday.stream().filter(cycle -> scope.covers(cycle.teamId)).toList();
            List<Board.TeamRow> teamRows = new ArrayList<>();
            for (Team team : teams) {
                if (scope.covers(team.id())) {
                    teamRows.add(new Board.TeamRow(team.id(), team.name(), summary(conversations, c -> team.id().equals(c.teamId()),
                            agentRows.stream().filter(a -> a.teamIds().contains(team.id())).toList(), today, team.id()::equals)));
                }
            }
            if (scope.covers(null)) {
                teamRows.add(new Board.TeamRow(null, null, summary(conversations, c -> c.teamId() == null, List.of(), today,
                        Objects::isNull)));
            }
            Board.Summary overall = summary(conversations, c -> true, agentRows, today, team -> true);
            return new Board(now, overall, teamRows, agentRows, conversations);
        }

        private Board.Summary summary(List<Board.ConversationRow> all, Predicate<Board.ConversationRow> in, List<Board.AgentRow> agents,
                                      List<Cycle> today, Predicate<String> team) {
            int waiting = 0;
            int open = 0;
            int atRisk = 0;
            int breached = 0;
            Instant longest = null;
            for (Board.ConversationRow row : all) {
                if (!in.test(row)) {
                    continue;
                }
                if (row.assigneeDeviceId() == null) {
                    waiting++;
                    longest = longest == null || row.queuedAt().isBefore(longest) ? row.queuedAt() : longest;
                } else {
                    open++;
                }
                if (row.slas().stream().anyMatch(sla -> "breached".equals(sla.state()))) {
                    breached++;
                } else if (row.slas().stream().anyMatch(sla -> "at_risk".equals(sla.state()))) {
                    atRisk++;
                }
            }
            int available = (int) agents.stream().filter(a -> "available".equals(a.presence())).count();
            int away = (int) agents.stream().filter(a -> "away".equals(a.presence())).count();
            int offline = agents.size() - available - away;
            int offered = 0;
            int inTime = 0;
            Map<String, Instant> midnightOfTeam = new HashMap<>();
            for (Cycle cycle : today) {
                if (!team.test(cycle.teamId)) {
                    continue;
                }
                SupervisionSettings teamSettings = settings.forTeam(cycle.teamId);
                Instant midnight = midnightOfTeam.computeIfAbsent(cycle.teamId == null ? "" : cycle.teamId, t -> {
                    ZoneId zone = ZoneId.of(teamSettings.timeZone());
                    return now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
                });
                if (cycle.startedAt.isBefore(midnight)) {
                    continue;
                }
                Boolean answeredInTime = ServiceLevel.answeredInTime(cycle, teamSettings, now);
                if (answeredInTime != null) {
                    offered++;
                    inTime += answeredInTime ? 1 : 0;
                }
            }
            Double level = offered == 0 ? null : Math.round(inTime * 1000.0 / offered) / 10.0;
            return new Board.Summary(waiting, longest, open, available, away, offline, atRisk, breached, offered, inTime, level);
        }

        private Board.AgentRow agentRow(AgentView agent) {
            String presence = !agent.online() ? "offline" : agent.status();
            return new Board.AgentRow(agent.deviceId(), agent.person(), agent.role(), agent.status(), presence,
                    connections.getOrDefault(agent.deviceId(), 0), agent.load(), agent.capacity(), agent.teamIds(), agent.lastAssignedAt());
        }

        private Board.ConversationRow row(BoardStore.Active conversation) {
            SupervisionSettings team = settings.forTeam(conversation.teamId());
            String waitAlert = null;
            if (conversation.waiting() && conversation.queuedAt() != null) {
                long waited = Duration.between(conversation.queuedAt(), now).toSeconds();
                waitAlert = waited >= team.alerts().waitCriticalSeconds() ? "critical"
                        : waited >= team.alerts().waitWarningSeconds() ? "warning" : null;
            }
            Cycle cycle = running.get(conversation.id());
            Board.ResponseClock responseClock = null;
            List<Board.SlaClock> slas = List.of();
            if (cycle != null && cycle.awaitingSince != null) {
                responseClock = new Board.ResponseClock(cycle.firstResponseAt == null ? "first_response" : "next_response", cycle.awaitingSince);
            }
            if (cycle != null && "open".equals(conversation.status()) && cycle.pausedAt == null) {
                slas = ServiceLevel.slaClocks(cycle, team, now);
            }
            return new Board.ConversationRow(conversation.id(), conversation.status(), conversation.teamId(), conversation.priority(),
                    conversation.queuedAt(), conversation.assigneeDeviceId(), conversation.assignedAt(), waitAlert, responseClock, slas);
        }
    }
}
