package io.switchboard.routing.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the agent for one queued conversation. Pure: the caller supplies the agents' state and the
 * time, so every rule is tested without a database or a clock that moves.
 */
public final class Chooser {

    private static final Comparator<Instant> NEVER_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private static final Comparator<Candidate> ROUND_ROBIN_ORDER = Comparator
            .comparing(Candidate::lastAssignedAt, NEVER_FIRST)
            .thenComparingInt(Candidate::load)
            .thenComparing(Candidate::deviceId);

    /** Load ÷ capacity compared exactly (cross-multiplied), then the longest idle, then the id. */
    private static final Comparator<Candidate> LEAST_LOADED_ORDER = ((Comparator<Candidate>) (a, b) ->
            Long.compare((long) a.load() * b.capacity(), (long) b.load() * a.capacity()))
            .thenComparing(Candidate::lastAssignedAt, NEVER_FIRST)
            .thenComparing(Candidate::deviceId);

    private Chooser() {
    }

    /** Whether this agent may be given this conversation now, whatever the policy, other than the one it just left. */
    public static boolean eligible(Candidate agent, Waiting conversation) {
        return canTake(agent, conversation) && !agent.deviceId().equals(conversation.skipDeviceId());
    }

    private static boolean canTake(Candidate agent, Waiting conversation) {
        return agent.available() && agent.online() && agent.hasRoom()
                && (conversation.teamId() == null || agent.teamIds().contains(conversation.teamId()));
    }

    /**
     * The agent whose offer timed out (or who unassigned) goes last: anyone else who can take the
     * conversation comes first, but when nobody else can, it is offered to them again rather than
     * waiting for someone who is not there.
     */
    public static Optional<Choice> choose(Waiting conversation, Rules rules, Collection<Candidate> agents, Instant now) {
        if (rules.policy() == Policy.MANUAL) {
            return Optional.empty();
        }
        List<Candidate> able = agents.stream().filter(agent -> canTake(agent, conversation)).toList();
        List<Candidate> others = able.stream().filter(agent -> eligible(agent, conversation)).toList();
        List<Candidate> eligible = others.isEmpty() ? able : others;
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        if (rules.sticky() && stickyApplies(conversation, rules, now)) {
            Optional<Candidate> previous = eligible.stream()
                    .filter(agent -> agent.deviceId().equals(conversation.previousAgentId())).findFirst();
            if (previous.isPresent()) {
                return Optional.of(new Choice(previous.get().deviceId(), Choice.STICKY,
                        "Sticky: " + previous.get().person() + " talked with this customer " + ago(conversation.previousAgentUntil(), now)));
            }
        }
        if (rules.policy() == Policy.ROUND_ROBIN) {
            Candidate next = eligible.stream().min(ROUND_ROBIN_ORDER).orElseThrow();
            return Optional.of(new Choice(next.deviceId(), Choice.ROUND_ROBIN, "Round robin: longest since last assignment ("
                    + (next.lastAssignedAt() == null ? "never assigned" : ago(next.lastAssignedAt(), now)) + ")"));
        }
        Candidate next = eligible.stream().min(LEAST_LOADED_ORDER).orElseThrow();
        return Optional.of(new Choice(next.deviceId(), Choice.LEAST_LOADED, "Least loaded: " + next.load() + " of "
                + next.capacity() + " chats open"));
    }

    private static boolean stickyApplies(Waiting conversation, Rules rules, Instant now) {
        return conversation.previousAgentId() != null && conversation.previousAgentUntil() != null
                && !Objects.equals(conversation.previousAgentId(), conversation.skipDeviceId())
                && !now.isAfter(conversation.previousAgentUntil().plus(rules.stickyFor()));
    }

    /** "just now", "12 min ago", "3 h ago", "2 days ago". */
    static String ago(Instant then, Instant now) {
        Duration elapsed = Duration.between(then, now);
        if (elapsed.toMinutes() < 1) {
            return "just now";
        }
        if (elapsed.toHours() < 1) {
            return elapsed.toMinutes() + " min ago";
        }
        if (elapsed.toDays() < 1) {
            return elapsed.toHours() + " h ago";
        }
        long days = elapsed.toDays();
        return days + (days == 1 ? " day ago" : " days ago");
    }
}
