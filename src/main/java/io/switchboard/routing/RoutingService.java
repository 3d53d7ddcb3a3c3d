package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.device.Device;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.ApiException;
import io.switchboard.protocol.Role;
import io.switchboard.routing.policy.Candidate;
import io.switchboard.routing.policy.Choice;
import io.switchboard.routing.policy.Chooser;
import io.switchboard.routing.policy.Rules;
import io.switchboard.routing.policy.WaitEstimate;
import io.switchboard.routing.policy.Waiting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who has which conversation, and every way that changes: the router's decisions, agents' and
 * supervisors' actions, customers writing, timers running out. Each change holds the routing lock
 * (see {@link RoutingStore#lockRouting()}), so two nodes never decide at once.
 */
@ApplicationScoped
public class RoutingService {

    public static final Set<Role> SUPERVISORS = Role.SUPERVISORS;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final int MAX_LABELS = 10;
    private static final Duration MAX_SNOOZE = Duration.ofDays(90);

    private final RoutingStore store;
    private final Clock clock;
    private final SwitchboardConfig config;
    private final Event<RoutingChanged> changed;

    RoutingService(RoutingStore store, Clock clock, SwitchboardConfig config, Event<RoutingChanged> changed) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.changed = changed;
    }

    // ------------------------------------------------------------------------------------------
    // The router

    /** What one routing run did. */
    public record RunResult(int assigned) {
    }

    /**
     * Gives every queued conversation that an eligible agent can take to the agent its team's policy
     * picks, in queue order; conversations nobody can take keep their place.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RunResult route() {
        store.lockRouting();
        Instant now = clock.instant();
        Map<String, Candidate> agents = new LinkedHashMap<>();
        store.candidates().forEach(candidate -> agents.put(candidate.deviceId(), candidate));
        if (agents.values().stream().noneMatch(RoutingService::canTakeMore)) {
            return new RunResult(0);
        }
        Map<String, Rules> teams = store.teamRules();
        Rules defaults = store.defaultRules();
        List<RoutingStore.Queued> queue = store.queue();
        List<RoutingStore.Assignment> assignments = new ArrayList<>();
        for (RoutingStore.Queued queued : queue) {
            Waiting waiting = queued.waiting();
            Rules rules = waiting.teamId() == null ? defaults : teams.getOrDefault(waiting.teamId(), defaults);
            Optional<Choice> choice = Chooser.choose(waiting, rules, agents.values(), now);
            if (choice.isEmpty()) {
                continue;
            }
            String deviceId = choice.get().deviceId();
            agents.put(deviceId, agents.get(deviceId).withAssignment(now));
            assignments.add(new RoutingStore.Assignment(waiting.conversationId(), deviceId, waiting.teamId(), choice.get(), null,
                    queued.queuedAt(), now.plus(config.routing().offerTimeout())));
            if (agents.values().stream().noneMatch(RoutingService::canTakeMore)) {
                break;
            }
        }
        store.assign(assignments, now);
        if (!assignments.isEmpty()) {
            Set<String> ids = new HashSet<>();
            Set<String> agentIds = new HashSet<>();
            assignments.forEach(assignment -> {
                ids.add(assignment.conversationId());
                agentIds.add(assignment.deviceId());
            });
            changed.fire(new RoutingChanged(ids, agentIds, true, false));
        }
        return new RunResult(assignments.size());
    }

    private static boolean canTakeMore(Candidate agent) {
        return agent.available() && agent.online() && agent.hasRoom();
    }

    // ------------------------------------------------------------------------------------------
    // Timers: offers, grace periods, snoozes

    /** Acts on every deadline that has passed; answers the next one still ahead (if any). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Instant> processDue() {
        store.lockRouting();
        Instant now = clock.instant();
        Set<String> touched = new HashSet<>();
        Set<String> agentIds = new HashSet<>();
        List<Object[]> offers = store.list("select id, assignee_device_id from conversation where offer_expires_at <= ?1", now);
        for (Object[] offer : offers) {
            String id = (String) offer[0];
            store.endAssignment(id, "offer_timeout", now);
            store.requeue(id, (String) offer[1], now);
            touched.add(id);
            agentIds.add((String) offer[1]);
        }
        // An agent with a live connection is not in a grace period, whatever a racing close wrote.
        store.update("""
                update agent a set offline_since = null where offline_since is not null
                and exists (select 1 from agent_presence p where p.device_id = a.device_id)""");
        Instant graceStart = now.minus(config.routing().gracePeriod());
        List<String> gone = store.list("""
                select a.device_id from agent a where a.offline_since <= ?1 and not a.released
                and not exists (select 1 from agent_presence p where p.device_id = a.device_id)""", graceStart);
        for (String deviceId : gone) {
            List<String> held = store.list("select id from conversation where assignee_device_id = ?1", deviceId);
            for (String id : held) {
                store.endAssignment(id, "grace_expired", now);
                store.requeue(id, null, now);
                touched.add(id);
            }
            store.update("update agent set released = true where device_id = ?1", deviceId);
            agentIds.add(deviceId);
        }
        List<String> woken = store.list("select id from conversation where status = 'snoozed' and snoozed_until <= ?1", now);
        for (String id : woken) {
            store.reopen(id, now);
            touched.add(id);
        }
        if (!touched.isEmpty() || !agentIds.isEmpty()) {
            changed.fire(new RoutingChanged(touched, agentIds, true, true));
        }
        return nextDeadline();
    }

    @Transactional
    public Optional<Instant> nextDeadline() {
        List<Object> rows = store.list("""
                select min(t) from (
                    select min(offer_expires_at) as t from conversation where offer_expires_at is not null
                    union all select min(snoozed_until) from conversation where status = 'snoozed'
                    union all select min(offline_since) + cast(?1 as interval) from agent a
                        where offline_since is not null and not released
                        and not exists (select 1 from agent_presence p where p.device_id = a.device_id)) d""",
                config.routing().gracePeriod().toMillis() + " milliseconds");
        return rows.stream().filter(java.util.Objects::nonNull).findFirst().map(RoutingStore::instant);
    }

    // ------------------------------------------------------------------------------------------
    // Messages

    /**
     * A customer wrote (a message stored at {@code storedAt}): a resolved or snoozed conversation
     * reopens, a pending one is open again, a new one joins the queue. A message stored before the
     * status last changed — a late retry of it, say — changes nothing: the agent's resolve stands.
     */
    @Transactional
    public void customerWrote(String conversationId, Instant storedAt) {
        if (!needsAttention(conversationId)) {
            return;
        }
        store.lockRouting();
        RoutingStore.Row row = store.lock(conversationId).orElseThrow();
        Instant now = clock.instant();
        if (!"open".equals(row.status()) && row.statusChangedAt() != null && !storedAt.isAfter(row.statusChangedAt())) {
            return;
        }
        switch (row.status()) {
            case "resolved", "snoozed" -> store.reopen(conversationId, now);
            case "pending" -> backToOpen(row, now);
            default -> {
                if (row.assignee() != null || row.queuedAt() != null) {
                    return;
                }
                store.update("update conversation set queued_at = ?2, updated_at = ?2 where id = ?1", conversationId, now);
            }
        }
        changed.fire(RoutingChanged.conversation(conversationId, true));
    }

    /** Pending → open: the assignee keeps it; without one it waits in the queue again. */
    private void backToOpen(RoutingStore.Row row, Instant now) {
        if (row.assignee() == null) {
            store.reopen(row.id(), now);
        } else {
            store.setStatus(row.id(), "open", null, false, now);
        }
    }

    private boolean needsAttention(String conversationId) {
        List<Object[]> rows = store.list("select status, assignee_device_id, queued_at from conversation where id = ?1", conversationId);
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.get(0);
        return !"open".equals(row[0]) || (row[1] == null && row[2] == null);
    }

    /** The assignee wrote: that accepts the offer (under the lock, so it cannot cross a timeout being processed). */
    @Transactional
    public void businessWrote(String conversationId, String deviceId) {
        if (store.list("select 1 from conversation where id = ?1 and assignee_device_id = ?2 and offer_expires_at is not null",
                conversationId, deviceId).isEmpty()) {
            return;
        }
        store.lockRouting();
        int accepted = store.update("update conversation set offer_expires_at = null where id = ?1 and assignee_device_id = ?2 "
                + "and offer_expires_at is not null", conversationId, deviceId);
        if (accepted > 0) {
            changed.fire(RoutingChanged.conversation(conversationId, false));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Agents' and supervisors' actions

    @Transactional
    public ConversationState claim(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (row.assignee() != null) {
            throw ApiException.conflict("already_assigned", row.assignee().equals(caller.deviceId())
                    ? "You already have this conversation." : "Someone else has this conversation.");
        }
        if (!"open".equals(row.status())) {
            throw ApiException.conflict("not_queued", "Only an open conversation waiting for an agent can be claimed; reopen it first.");
        }
        if (row.teamId() != null && !SUPERVISORS.contains(caller.role()) && !inTeam(caller.deviceId(), row.teamId())) {
            throw ApiException.forbidden("not_in_team", "This conversation waits for another team.");
        }
        String person = requireRoom(caller.deviceId());
        giveTo(row, caller.deviceId(), new Choice(caller.deviceId(), Choice.CLAIMED, person + " took it from the queue"),
                caller.deviceId(), null);
        return view(conversationId);
    }

    @Transactional
    public ConversationState assign(AuthenticatedDevice caller, String conversationId, String deviceId) {
        requireSupervisor(caller);
        RoutingStore.Row row = lockedConversation(conversationId);
        if (deviceId.equals(row.assignee())) {
            return view(conversationId);
        }
        String person = requireRoom(deviceId);
        handOver(row, deviceId, new Choice(deviceId, Choice.ASSIGNED, "Assigned to " + person + " by " + personOf(caller.deviceId())),
                caller.deviceId(), "reassigned");
        return view(conversationId);
    }

    @Transactional
    public ConversationState transferToAgent(AuthenticatedDevice caller, String conversationId, String deviceId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHolderOrSupervisor(caller, row);
        String person = requireRoom(deviceId);
        if (deviceId.equals(row.assignee())) {
            throw ApiException.conflict("already_assigned", person + " already has this conversation.");
        }
        handOver(row, deviceId, new Choice(deviceId, Choice.TRANSFERRED, "Transferred to " + person + " by " + personOf(caller.deviceId())),
                caller.deviceId(), "transferred");
        return view(conversationId);
    }

    @Transactional
    public ConversationState transferToTeam(AuthenticatedDevice caller, String conversationId, String teamId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHolderOrSupervisor(caller, row);
        if (store.list("select id from team where id = ?1", teamId).isEmpty()) {
            throw ApiException.notFound("team_not_found", "There is no such team.");
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, "transferred", now);
        store.update("update conversation set team_id = ?2 where id = ?1", conversationId, teamId);
        store.requeue(conversationId, null, now);
        changed.fire(new RoutingChanged(Set.of(conversationId), agentsOf(row), true, true));
        return view(conversationId);
    }

    @Transactional
    public ConversationState unassign(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHandler(caller, row);
        if (row.assignee() == null) {
            throw ApiException.conflict("not_assigned", "Nobody has this conversation.");
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, "unassigned", now);
        store.requeue(conversationId, row.assignee(), now);
        changed.fire(new RoutingChanged(Set.of(conversationId), agentsOf(row), true, true));
        return view(conversationId);
    }

    @Transactional
    public ConversationState resolve(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHandler(caller, row);
        if ("resolved".equals(row.status())) {
            return view(conversationId);
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, "resolved", now);
        store.setStatus(conversationId, "resolved", null, true, now);
        changed.fire(new RoutingChanged(Set.of(conversationId), agentsOf(row), true, true));
        return view(conversationId);
    }

    @Transactional
    public ConversationState pending(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHandler(caller, row);
        if (!"open".equals(row.status()) && !"pending".equals(row.status())) {
            throw ApiException.conflict("invalid_transition", "Only an open conversation can wait on the customer.");
        }
        store.setStatus(conversationId, "pending", null, row.assignee() == null, clock.instant());
        changed.fire(RoutingChanged.conversation(conversationId, false));
        return view(conversationId);
    }

    @Transactional
    public ConversationState snooze(AuthenticatedDevice caller, String conversationId, Instant until) {
        Instant now = clock.instant();
        if (!until.isAfter(now) || until.isAfter(now.plus(MAX_SNOOZE))) {
            throw ApiException.badRequest("snooze_invalid", "Snooze until a time in the future, at most 90 days ahead.");
        }
        RoutingStore.Row row = lockedConversation(conversationId);
        requireHandler(caller, row);
        if ("resolved".equals(row.status())) {
            throw ApiException.conflict("invalid_transition", "A resolved conversation cannot be snoozed; reopen it first.");
        }
        store.endAssignment(conversationId, "snoozed", now);
        store.setStatus(conversationId, "snoozed", until, true, now);
        changed.fire(new RoutingChanged(Set.of(conversationId), agentsOf(row), true, true));
        return view(conversationId);
    }

    @Transactional
    public ConversationState reopen(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        Instant now = clock.instant();
        switch (row.status()) {
            case "resolved", "snoozed" -> store.reopen(conversationId, now);
            case "pending" -> backToOpen(row, now);
            default -> throw ApiException.conflict("invalid_transition", "The conversation is already open.");
        }
        changed.fire(RoutingChanged.conversation(conversationId, true));
        return view(conversationId);
    }

    @Transactional
    public ConversationState accept(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (!caller.deviceId().equals(row.assignee())) {
            throw ApiException.forbidden("not_your_conversation", "Only the assigned agent can accept this conversation.");
        }
        if (row.offerExpiresAt() != null) {
            store.update("update conversation set offer_expires_at = null where id = ?1", conversationId);
            changed.fire(RoutingChanged.conversation(conversationId, false));
        }
        return view(conversationId);
    }

    @Transactional
    public ConversationState labels(AuthenticatedDevice caller, String conversationId, List<String> labels) {
        List<String> distinct = labels.stream().distinct().sorted().toList();
        if (distinct.size() > MAX_LABELS) {
            throw ApiException.badRequest("validation_failed", "A conversation has at most " + MAX_LABELS + " labels.");
        }
        for (String label : distinct) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw ApiException.badRequest("validation_failed",
                        "Labels are 1–32 lowercase letters, digits and dashes, starting with a letter or digit.");
            }
        }
        lockedConversation(conversationId);
        store.update("update conversation set labels = cast(?2 as varchar[]), updated_at = ?3 where id = ?1", conversationId,
                RoutingStore.toArrayLiteral(distinct.toArray(String[]::new)), clock.instant());
        changed.fire(new RoutingChanged(Set.of(conversationId), Set.of(), false, false));
        return view(conversationId);
    }

    @Transactional
    public ConversationState priority(AuthenticatedDevice caller, String conversationId, int priority) {
        requireSupervisor(caller);
        lockedConversation(conversationId);
        store.update("update conversation set priority = ?2, updated_at = ?3 where id = ?1", conversationId, priority, clock.instant());
        changed.fire(RoutingChanged.conversation(conversationId, true));
        return view(conversationId);
    }

    /** The customer picked a topic: its team handles the conversation from now on. */
    @Transactional
    public void topic(String conversationId, String topicId) {
        List<Object[]> topics = store.list("select team_id, priority from topic where id = ?1", topicId);
        if (topics.isEmpty()) {
            throw ApiException.notFound("topic_not_found", "There is no such topic.");
        }
        RoutingStore.Row row = lockedConversation(conversationId);
        if (row.assignee() != null) {
            throw ApiException.conflict("already_assigned", "An agent already has this conversation.");
        }
        store.update("update conversation set topic_id = ?2, team_id = ?3, priority = ?4, updated_at = ?5 where id = ?1",
                conversationId, topicId, topics.get(0)[0], topics.get(0)[1], clock.instant());
        changed.fire(RoutingChanged.conversation(conversationId, true));
    }

    // ------------------------------------------------------------------------------------------
    // Views

    @Transactional
    public ConversationState view(String conversationId) {
        return store.state(conversationId).orElseThrow(RoutingService::notFound);
    }

    @Transactional
    public List<ConversationState> all() {
        return store.allStates();
    }

    @Transactional
    public List<ConversationState> states(Set<String> ids) {
        return store.states(ids);
    }

    @Transactional
    public List<AgentView> agents() {
        return store.agents();
    }

    @Transactional
    public List<AgentView> agents(Set<String> deviceIds) {
        return store.agents(deviceIds);
    }

    public record AssignmentRecord(String deviceId, String person, ConversationState.Reason reason, String byDeviceId,
                                   Instant assignedAt, Instant endedAt, String endReason) {
    }

    @Transactional
    public List<AssignmentRecord> history(String conversationId) {
        view(conversationId);
        List<Object[]> rows = store.list("""
                select a.device_id, d.person, a.reason_code, a.reason_text, a.by_device_id, a.assigned_at, a.ended_at, a.end_reason
                from assignment a join device d on d.id = a.device_id where a.conversation_id = ?1 order by a.id""", conversationId);
        return rows.stream().map(row -> new AssignmentRecord((String) row[0], (String) row[1],
                new ConversationState.Reason((String) row[2], (String) row[3]), (String) row[4], RoutingStore.instant(row[5]),
                RoutingStore.instant(row[6]), (String) row[7])).toList();
    }

    /** The customer's place in line and the estimated wait (docs/protocol.md §14.4). */
    @Transactional
    public Map<String, QueuePlace> places(Set<String> conversationIds) {
        Map<String, QueuePlace> places = new LinkedHashMap<>();
        if (conversationIds.isEmpty()) {
            return places;
        }
        Map<String, Integer> positions = store.positions(conversationIds);
        Map<String, Long> rates = positions.isEmpty() ? Map.of()
                : store.assignmentsFromQueueSince(clock.instant().minus(config.routing().estimateWindow()));
        // Only what the customer sees: this runs for every waiting customer after each change to the queue.
        List<Object[]> rows = store.list("select id, status, coalesce(team_id, ''), assignee_device_id is not null from conversation "
                + "where id = any(cast(?1 as varchar[]))", RoutingStore.toArrayLiteral(conversationIds.toArray(String[]::new)));
        for (Object[] row : rows) {
            String id = (String) row[0];
            Integer position = positions.get(id);
            Long estimate = position == null ? null
                    : WaitEstimate.seconds(position, rates.getOrDefault((String) row[2], 0L), config.routing().estimateWindow());
            places.put(id, new QueuePlace(id, (String) row[1], position, estimate, (Boolean) row[3]));
        }
        return places;
    }

    // ------------------------------------------------------------------------------------------

    private RoutingStore.Row lockedConversation(String conversationId) {
        store.lockRouting();
        return store.lock(conversationId).orElseThrow(RoutingService::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("conversation_not_found", "There is no such conversation.");
    }

    private void giveTo(RoutingStore.Row row, String deviceId, Choice choice, String byDeviceId, Instant offerExpiresAt) {
        Instant now = clock.instant();
        store.assign(List.of(new RoutingStore.Assignment(row.id(), deviceId, row.teamId(), choice, byDeviceId,
                row.assignee() == null ? row.queuedAt() : null, offerExpiresAt)), now);
        Set<String> agentIds = new HashSet<>(agentsOf(row));
        agentIds.add(deviceId);
        changed.fire(new RoutingChanged(Set.of(row.id()), agentIds, true, false));
    }

    /** From whoever has it (or the queue) to another agent, who must accept within the offer timeout. */
    private void handOver(RoutingStore.Row row, String deviceId, Choice choice, String byDeviceId, String endReason) {
        Instant now = clock.instant();
        store.endAssignment(row.id(), endReason, now);
        giveTo(row, deviceId, choice, byDeviceId, now.plus(config.routing().offerTimeout()));
        if (row.assignee() != null) {
            changed.fire(new RoutingChanged(Set.of(row.id()), Set.of(row.assignee()), true, true));
        }
    }

    private static Set<String> agentsOf(RoutingStore.Row row) {
        return row.assignee() == null ? Set.of() : Set.of(row.assignee());
    }

    /** The agent must exist and have a free slot; answers their name. */
    private String requireRoom(String deviceId) {
        AgentView agent = store.agent(deviceId).orElseThrow(() -> ApiException.notFound("agent_not_found", "There is no such agent."));
        if (agent.load() >= agent.capacity()) {
            throw new ApiException(409, "at_capacity", agent.person() + " already has " + agent.load() + " of " + agent.capacity()
                    + " conversations; resolve or transfer one first, or raise their capacity.", Map.of("load", agent.load(),
                    "capacity", agent.capacity()));
        }
        return agent.person();
    }

    private String personOf(String deviceId) {
        Device device = Device.findById(deviceId);
        return device == null ? "someone" : device.person;
    }

    private boolean inTeam(String deviceId, String teamId) {
        return !store.list("select 1 from team_member where team_id = ?1 and device_id = ?2", teamId, deviceId).isEmpty();
    }

    private static void requireSupervisor(AuthenticatedDevice caller) {
        if (!SUPERVISORS.contains(caller.role())) {
            throw ApiException.forbidden("role_required", "Only supervisors and admins can assign conversations to others.");
        }
    }

    /**
     * Transfers move a conversation past the queue or the team rules, so only whoever has it (or a
     * supervisor) may; agents take waiting conversations by claiming them.
     */
    private static void requireHolderOrSupervisor(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee()) && !SUPERVISORS.contains(caller.role())) {
            throw ApiException.forbidden("not_your_conversation", row.assignee() == null
                    ? "Claim it from the queue, or ask a supervisor to assign it." : "Another agent has this conversation; ask them or a supervisor.");
        }
    }

    /** The assignee, a supervisor, or anyone while nobody has it. */
    private static void requireHandler(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.assignee() != null && !row.assignee().equals(caller.deviceId()) && !SUPERVISORS.contains(caller.role())) {
            throw ApiException.forbidden("not_your_conversation", "Another agent has this conversation; ask them or a supervisor.");
        }
    }
}
