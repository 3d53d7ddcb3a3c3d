package io.switchboard.routing;

import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.ConversationNotFound;
import io.switchboard.conversation.ConversationState;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.conversation.EndReason;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.routing.events.ConversationLabelled;
import io.switchboard.routing.events.ConversationPending;
import io.switchboard.routing.events.ConversationPrioritised;
import io.switchboard.routing.events.ConversationQueued;
import io.switchboard.routing.events.ConversationReopened;
import io.switchboard.routing.events.ConversationResolved;
import io.switchboard.routing.events.ConversationSnoozed;
import io.switchboard.routing.events.ConversationTransferred;
import io.switchboard.routing.events.OfferAccepted;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.events.TopicChosen;
import io.switchboard.routing.policy.Choice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What agents and supervisors do with a conversation (claim, assign, transfer, unassign, resolve,
 * set pending, snooze, reopen, accept, label, prioritise, take over) and the customer's topic choice. Each
 * holds the conversation's row, checks the caller's {@link RoutingPermissions} and the status transition, writes,
 * and fires what happened.
 * <p>
 * Those that give a conversation to an agent or put it in the queue hold the {@link RoutingLock} first, as routing
 * runs do: an agent's room and the queue's order are decided by one at a time. Those that only take a conversation
 * off the floor or change nothing routing decides (resolve, pending, snooze, labels, priority) hold the row alone:
 * they cannot make a run's decision wrong — a run gives only conversations still queued
 * ({@link RoutingStore#assignStillQueued}), and an agent's load only falls — so they need not queue behind routing.
 * Two hundred agents resolving at once waited for each other there for seconds (docs/performance.md).
 */
@ApplicationScoped
public class RoutingActions {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final int MAX_LABELS = 10;
    private static final Duration MAX_SNOOZE = Duration.ofDays(90);

    private final RoutingLock lock;
    private final RoutingStore store;
    private final AgentStore agents;
    private final RoutingSettingsStore settings;
    private final RoutingPermissions permissions;
    private final RoutingViews views;
    private final Clock clock;
    private final SwitchboardConfig config;
    private final Event<RoutingEvent> events;
    private final AuditLog audit;

    RoutingActions(RoutingLock lock, RoutingStore store, AgentStore agents, RoutingSettingsStore settings,
                   RoutingPermissions permissions, RoutingViews views, Clock clock, SwitchboardConfig config, Event<RoutingEvent> events,
                   AuditLog audit) {
        this.audit = audit;
        this.lock = lock;
        this.store = store;
        this.agents = agents;
        this.settings = settings;
        this.permissions = permissions;
        this.views = views;
        this.clock = clock;
        this.config = config;
        this.events = events;
    }

    @Transactional
    public ConversationState claim(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (row.assignee() != null) {
            throw row.assignee().equals(caller.deviceId()) ? AlreadyAssigned.toYou() : AlreadyAssigned.toSomeoneElse();
        }
        if (row.status() != ConversationStatus.OPEN) {
            throw new RoutingRefused(RoutingRefused.NOT_QUEUED);
        }
        permissions.requireMayClaim(caller, row);
        String person = requireRoom(caller.deviceId());
        giveTo(row, caller.deviceId(), new Choice(caller.deviceId(), Choice.CLAIMED, person + " took it from the queue"),
                caller.deviceId(), null);
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState assign(AuthenticatedDevice caller, String conversationId, String deviceId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        permissions.requireSupervisorOf(caller, row);
        AgentView agent = agents.agent(deviceId).orElseThrow(RoutingSettingNotFound::agent);
        permissions.requireSupervisorOf(caller, agent);
        if (deviceId.equals(row.assignee())) {
            return views.view(conversationId);
        }
        String person = requireRoom(deviceId);
        handOver(row, deviceId, new Choice(deviceId, Choice.ASSIGNED, "Assigned to " + person + " by " + personOf(caller.deviceId())),
                caller.deviceId(), EndReason.REASSIGNED);
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState transferToAgent(AuthenticatedDevice caller, String conversationId, String deviceId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (permissions.requireHolderOrSupervisor(caller, row)) {
            permissions.requireSupervisorOf(caller, agents.agent(deviceId).orElseThrow(RoutingSettingNotFound::agent));
        }
        String person = requireRoom(deviceId);
        if (deviceId.equals(row.assignee())) {
            throw AlreadyAssigned.to(person);
        }
        handOver(row, deviceId, new Choice(deviceId, Choice.TRANSFERRED, "Transferred to " + person + " by " + personOf(caller.deviceId())),
                caller.deviceId(), EndReason.TRANSFERRED);
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState transferToTeam(AuthenticatedDevice caller, String conversationId, String teamId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (permissions.requireHolderOrSupervisor(caller, row)) {
            permissions.requireTeamInReach(caller, teamId);
        }
        if (!settings.teamExists(teamId)) {
            throw RoutingSettingNotFound.team();
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, EndReason.TRANSFERRED, now);
        store.moveToTeam(conversationId, teamId);
        store.requeue(conversationId, null, now);
        events.fire(new ConversationTransferred(conversationId, row.assignee(), null, teamId, caller.deviceId(), EndReason.TRANSFERRED));
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState unassign(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        permissions.requireHandler(caller, row);
        if (row.assignee() == null) {
            throw new RoutingRefused(RoutingRefused.NOT_ASSIGNED);
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, EndReason.UNASSIGNED, now);
        store.requeue(conversationId, row.assignee(), now);
        events.fire(new ConversationQueued(conversationId, row.assignee(), EndReason.UNASSIGNED));
        return views.view(conversationId);
    }

    /** Resolving a resolved conversation changes nothing. */
    @Transactional
    public ConversationState resolve(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedRow(conversationId);
        permissions.requireHandler(caller, row);
        if (!row.status().canBecome(ConversationStatus.RESOLVED)) {
            return views.view(conversationId);
        }
        Instant now = clock.instant();
        store.endAssignment(conversationId, EndReason.RESOLVED, now);
        store.setStatus(conversationId, ConversationStatus.RESOLVED, null, true, now);
        events.fire(new ConversationResolved(conversationId, row.assignee(), caller.deviceId()));
        return views.view(conversationId);
    }

    /** Waiting on the customer; the agent who has it keeps it. Setting it again restarts the status time. */
    @Transactional
    public ConversationState pending(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedRow(conversationId);
        permissions.requireHandler(caller, row);
        if (row.status() != ConversationStatus.PENDING && !row.status().canBecome(ConversationStatus.PENDING)) {
            throw new RoutingRefused(RoutingRefused.ONLY_OPEN_CAN_PEND);
        }
        store.setStatus(conversationId, ConversationStatus.PENDING, null, row.assignee() == null, clock.instant());
        events.fire(new ConversationPending(conversationId, caller.deviceId()));
        return views.view(conversationId);
    }

    /** Snoozing a snoozed conversation moves its wake-up time. */
    @Transactional
    public ConversationState snooze(AuthenticatedDevice caller, String conversationId, Instant until) {
        Instant now = clock.instant();
        if (!until.isAfter(now) || until.isAfter(now.plus(MAX_SNOOZE))) {
            throw new RoutingRefused(RoutingRefused.SNOOZE_OUT_OF_RANGE);
        }
        RoutingStore.Row row = lockedRow(conversationId);
        permissions.requireHandler(caller, row);
        if (row.status() != ConversationStatus.SNOOZED && !row.status().canBecome(ConversationStatus.SNOOZED)) {
            throw new RoutingRefused(RoutingRefused.RESOLVED_CANNOT_SNOOZE);
        }
        store.endAssignment(conversationId, EndReason.SNOOZED, now);
        store.setStatus(conversationId, ConversationStatus.SNOOZED, until, true, now);
        events.fire(new ConversationSnoozed(conversationId, until, row.assignee(), caller.deviceId()));
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState reopen(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        if (!row.status().canBecome(ConversationStatus.OPEN)) {
            throw new RoutingRefused(RoutingRefused.ALREADY_OPEN);
        }
        store.reopen(row, clock.instant());
        events.fire(new ConversationReopened(conversationId, ConversationReopened.Cause.REOPENED_BY_AGENT, caller.deviceId()));
        return views.view(conversationId);
    }

    /** Opening the conversation accepts the offer (answering does too: {@link MessageRouting#businessWrote}). */
    @Transactional
    public ConversationState accept(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        permissions.requireAssignee(caller, row);
        if (row.offerExpiresAt() != null && store.acceptOffer(conversationId, caller.deviceId())) {
            events.fire(new OfferAccepted(conversationId, caller.deviceId()));
        }
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState labels(AuthenticatedDevice caller, String conversationId, List<String> labels) {
        List<String> distinct = labels.stream().distinct().sorted().toList();
        if (distinct.size() > MAX_LABELS) {
            throw new ValidationFailed("A conversation has at most " + MAX_LABELS + " labels.");
        }
        for (String label : distinct) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new ValidationFailed(
                        "Labels are 1–32 lowercase letters, digits and dashes, starting with a letter or digit.");
            }
        }
        lockedRow(conversationId);
        store.setLabels(conversationId, distinct, clock.instant());
        events.fire(new ConversationLabelled(conversationId, distinct));
        return views.view(conversationId);
    }

    @Transactional
    public ConversationState priority(AuthenticatedDevice caller, String conversationId, int priority) {
        permissions.requireSupervisorOf(caller, lockedRow(conversationId));
        store.setPriority(conversationId, priority, clock.instant());
        events.fire(new ConversationPrioritised(conversationId, priority));
        return views.view(conversationId);
    }

    /**
     * A supervisor takes the conversation over from whoever has it (or from the queue): it is theirs at
     * once, without an offer to accept and past their capacity (an intervention, not routing), and the
     * agent's inbox shows why it left (the reason {@code taken_over}). Audited. Taking over one's own
     * conversation changes nothing.
     */
    @Transactional
    public ConversationState takeOver(AuthenticatedDevice caller, String conversationId) {
        RoutingStore.Row row = lockedConversation(conversationId);
        permissions.requireSupervisorOf(caller, row);
        if (caller.deviceId().equals(row.assignee())) {
            return views.view(conversationId);
        }
        if (row.status() != ConversationStatus.OPEN && row.status() != ConversationStatus.PENDING) {
            throw new RoutingRefused(RoutingRefused.NOT_ON_THE_FLOOR);
        }
        String me = personOf(caller.deviceId());
        String text = row.assignee() == null ? me + " took it over from the queue" : me + " took over from " + personOf(row.assignee());
        store.endAssignment(conversationId, EndReason.TAKEN_OVER, clock.instant());
        if (row.assignee() != null) {
            events.fire(new ConversationTransferred(conversationId, row.assignee(), caller.deviceId(), null, caller.deviceId(),
                    EndReason.TAKEN_OVER));
        }
        giveTo(row, caller.deviceId(), new Choice(caller.deviceId(), Choice.TAKEN_OVER, text), caller.deviceId(), null);
        audit.record(AuditAction.TAKE_OVER, caller.deviceId(), row.assignee(),
                row.assignee() == null ? Map.of("conversation", conversationId) : Map.of("conversation", conversationId, "from", row.assignee()));
        return views.view(conversationId);
    }

    /** The customer picked a topic: its team handles the conversation from now on. */
    @Transactional
    public void topic(String conversationId, String topicId) {
        Topic topic = settings.topic(topicId).orElseThrow(RoutingSettingNotFound::topic);
        RoutingStore.Row row = lockedConversation(conversationId);
        if (row.assignee() != null) {
            throw AlreadyAssigned.toAnAgent();
        }
        store.setTopic(conversationId, topic, clock.instant());
        events.fire(new TopicChosen(conversationId, topicId, topic.teamId()));
    }

    // ------------------------------------------------------------------------------------------

    /** The routing lock, then the conversation's row: for what gives a conversation to an agent or queues it. */
    private RoutingStore.Row lockedConversation(String conversationId) {
        lock.hold();
        return lockedRow(conversationId);
    }

    /** The conversation's row alone: for what takes it off the floor or changes nothing routing decides. */
    private RoutingStore.Row lockedRow(String conversationId) {
        return store.lock(conversationId).orElseThrow(ConversationNotFound::new);
    }

    private void giveTo(RoutingStore.Row row, String deviceId, Choice choice, String byDeviceId, Instant offerExpiresAt) {
        RoutingStore.Assignment assignment = new RoutingStore.Assignment(row.id(), deviceId, row.teamId(), choice, byDeviceId,
                row.assignee() == null ? row.queuedAt() : null, offerExpiresAt);
        agents.ensureAgent(deviceId);
        store.assign(List.of(assignment), clock.instant());
        events.fire(RoutingRun.assigned(assignment));
    }

    /** From whoever has it (or the queue) to another agent, who must accept within the offer timeout. */
    private void handOver(RoutingStore.Row row, String deviceId, Choice choice, String byDeviceId, EndReason endReason) {
        Instant now = clock.instant();
        store.endAssignment(row.id(), endReason, now);
        if (row.assignee() != null) {
            events.fire(new ConversationTransferred(row.id(), row.assignee(), deviceId, null, byDeviceId, endReason));
        }
        giveTo(row, deviceId, choice, byDeviceId, now.plus(config.routing().offerTimeout()));
    }

    /** The agent must exist and have a free slot; answers their name. */
    private String requireRoom(String deviceId) {
        AgentView agent = agents.agent(deviceId).orElseThrow(RoutingSettingNotFound::agent);
        if (agent.load() >= agent.capacity()) {
            throw new AgentAtCapacity(agent);
        }
        return agent.person();
    }

    private String personOf(String deviceId) {
        return agents.person(deviceId).orElse("someone");
    }
}
