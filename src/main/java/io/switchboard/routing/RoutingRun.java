package io.switchboard.routing;

import io.switchboard.conversation.ConversationState;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.routing.events.ConversationAssigned;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.policy.Candidate;
import io.switchboard.routing.policy.Choice;
import io.switchboard.routing.policy.Chooser;
import io.switchboard.routing.policy.Policy;
import io.switchboard.routing.policy.Rules;
import io.switchboard.routing.policy.Waiting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One routing run: under the {@link RoutingLock}, reads the agents and the queue once, lets each
 * team's policy ({@link Chooser}) pick, and writes the assignments in one batch. {@link Router}
 * decides when it runs. What the run reads may be overtaken by the actions that do not wait for the lock
 * ({@link RoutingActions}: a resolve, snooze, pending): a conversation taken off the queue meanwhile is not given,
 * and an agent whose load fell meanwhile gets the room at the next run, which that action's event asks for.
 */
@ApplicationScoped
public class RoutingRun {

    private final RoutingLock lock;
    private final RoutingStore store;
    private final AgentStore agentStore;
    private final RoutingSettingsStore settings;
    private final Clock clock;
    private final SwitchboardConfig config;
    private final Event<RoutingEvent> events;

    RoutingRun(RoutingLock lock, RoutingStore store, AgentStore agentStore, RoutingSettingsStore settings, Clock clock,
               SwitchboardConfig config, Event<RoutingEvent> events) {
        this.lock = lock;
        this.store = store;
        this.agentStore = agentStore;
        this.settings = settings;
        this.clock = clock;
        this.config = config;
        this.events = events;
    }

    /**
     * Gives every queued conversation that an eligible agent can take to the agent its team's policy
     * picks, in queue order; conversations nobody can take keep their place. Answers how many it gave.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int route() {
        lock.hold();
        Map<String, Candidate> agents = new LinkedHashMap<>();
        agentStore.candidates().forEach(candidate -> agents.put(candidate.deviceId(), candidate));
        // After the read of the agents' loads, not before: a resolve does not wait for this lock, and a slot it freed that
        // this run gives again must start after it ended, or the history shows the agent over capacity for a moment
        // (RoutingConcurrencyIT compares the intervals).
        Instant now = clock.instant();
        if (agents.values().stream().noneMatch(RoutingRun::canTakeMore)) {
            return 0;
        }
        Map<String, Rules> teams = settings.teamRules();
        Rules defaults = defaultRules();
        List<RoutingStore.Assignment> assignments = new ArrayList<>();
        for (RoutingStore.Queued queued : store.queue()) {
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
            if (agents.values().stream().noneMatch(RoutingRun::canTakeMore)) {
                break;
            }
        }
        assignments.stream().map(RoutingStore.Assignment::deviceId).distinct().forEach(agentStore::ensureAgent);
        List<RoutingStore.Assignment> made = store.assignStillQueued(assignments, now);
        for (RoutingStore.Assignment assignment : made) {
            events.fire(assigned(assignment));
        }
        return made.size();
    }

    static ConversationAssigned assigned(RoutingStore.Assignment assignment) {
        return new ConversationAssigned(assignment.conversationId(), assignment.deviceId(), assignment.teamId(),
                new ConversationState.Reason(assignment.choice().code(), assignment.choice().text()), assignment.byDeviceId(),
                assignment.queuedAt() != null, assignment.offerExpiresAt());
    }

    private static boolean canTakeMore(Candidate agent) {
        return agent.available() && agent.online() && agent.hasRoom();
    }

    /** Conversations without a team (or whose team is gone) follow the configured defaults. */
    private Rules defaultRules() {
        var routing = config.routing();
        return new Rules(Policy.fromWire(routing.defaultPolicy()).orElse(Policy.LEAST_LOADED), routing.defaultSticky(),
                routing.defaultStickyFor());
    }
}
