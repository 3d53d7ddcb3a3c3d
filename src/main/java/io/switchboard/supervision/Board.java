package io.switchboard.supervision;

import io.switchboard.protocol.Role;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The live board as a supervisor sees it (docs/protocol.md §15.2, docs/metrics.md "Live board"):
 * every time is an instant, so clients tick locally between frames.
 */
public record Board(Instant generatedAt, Summary overall, List<TeamRow> teams, List<AgentRow> agents, List<ConversationRow> conversations) {

    /**
     * The order of {@code conversations}, defined by the rows alone so that a client applying a {@link BoardPatch} puts
     * them back in it: the queue's order (priority first, then the longest waiting), conversations without
     * {@code queuedAt} last, the id settling ties.
     */
    static final Comparator<ConversationRow> QUEUE_ORDER = Comparator.comparingInt(ConversationRow::priority).reversed()
            .thenComparing(ConversationRow::queuedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ConversationRow::id);

    /** The order of {@code agents}, for the same reason: by person, the device id settling ties. */
    static final Comparator<AgentRow> AGENT_ORDER = Comparator.comparing(AgentRow::person).thenComparing(AgentRow::deviceId);

    /** Counts over a team, the conversations without one, or everything the supervisor sees. */
    public record Summary(int waiting, Instant longestWaitSince, int open, int agentsAvailable, int agentsAway, int agentsOffline,
                          int slaAtRisk, int slaBreached, int offeredToday, int answeredInTimeToday, Double serviceLevelToday) {
    }

    /** {@code teamId} and {@code name} null: the conversations without a team. */
    public record TeamRow(String teamId, String name, Summary summary) {
    }

    /** {@code presence}: {@code available}, {@code away} or {@code offline}; {@code connections}: live event sockets over all nodes. */
    public record AgentRow(String deviceId, String person, Role role, String status, String presence, int connections, int load, int capacity,
                           List<String> teamIds, Instant lastAssignedAt) {
    }

    /**
     * A conversation waiting or being worked on. {@code waitAlert}: null, {@code warning} or {@code critical}. {@code slas}: the
     * running SLA clocks (none while pending).
     */
    public record ConversationRow(String id, String status, String teamId, int priority, Instant queuedAt, String assigneeDeviceId,
                                  Instant assignedAt, String waitAlert, ResponseClock responseClock, List<SlaClock> slas) {
    }

    /** The running response clock: {@code first_response} or {@code next_response}, since the first unanswered customer message. */
    public record ResponseClock(String kind, Instant since) {
    }

    /** {@code target}: {@code first_response}, {@code next_response}, {@code resolution}; {@code state}: {@code ok}, {@code at_risk}, {@code breached}. */
    public record SlaClock(String target, int targetSeconds, String state, Instant warnAt, Instant dueAt) {
    }
}
