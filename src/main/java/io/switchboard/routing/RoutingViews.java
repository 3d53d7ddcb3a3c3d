package io.switchboard.routing;

import io.switchboard.conversation.ConversationNotFound;
import io.switchboard.conversation.ConversationState;
import io.switchboard.conversation.ConversationStore;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.routing.policy.WaitEstimate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What devices read about routing: conversations' states and histories, agents, customers' places in line. */
@ApplicationScoped
@Transactional
public class RoutingViews {

    private final RoutingStore store;
    private final AgentStore agents;
    private final ConversationStore conversations;
    private final Clock clock;
    private final SwitchboardConfig config;

    RoutingViews(RoutingStore store, AgentStore agents, ConversationStore conversations, Clock clock, SwitchboardConfig config) {
        this.store = store;
        this.agents = agents;
        this.conversations = conversations;
        this.clock = clock;
        this.config = config;
    }

    public ConversationState view(String conversationId) {
        return store.state(conversationId).orElseThrow(ConversationNotFound::new);
    }

    public List<ConversationState> all() {
        return store.allStates();
    }

    public List<ConversationState> states(Set<String> ids) {
        return store.states(ids);
    }

    public List<AgentView> agents() {
        return agents.agents();
    }

    public List<AgentView> agents(Set<String> deviceIds) {
        return agents.agents(deviceIds);
    }

    public List<AssignmentRecord> history(String conversationId) {
        view(conversationId);
        return store.history(conversationId);
    }

    /** The customer's place in line and the estimated wait (docs/protocol.md §14.4). */
    public Map<String, QueuePlace> places(Set<String> conversationIds) {
        Map<String, QueuePlace> places = new LinkedHashMap<>();
        if (conversationIds.isEmpty()) {
            return places;
        }
        Map<String, Integer> positions = store.positions(conversationIds);
        Map<String, Long> rates = positions.isEmpty() ? Map.of()
                : store.assignmentsFromQueueSince(clock.instant().minus(config.routing().estimateWindow()));
        // Only what the customer sees: this runs for every waiting customer after each change to the queue.
        for (RoutingStore.Standing standing : store.standings(conversationIds)) {
            Integer position = positions.get(standing.id());
            Long estimate = position == null ? null
                    : WaitEstimate.seconds(position, rates.getOrDefault(standing.teamKey(), 0L), config.routing().estimateWindow());
            places.put(standing.id(), new QueuePlace(standing.id(), standing.status(), position, estimate, standing.assigned()));
        }
        return places;
    }

    /**
     * Each of these customers' place in line, by customer id: a customer's frames go to its devices,
     * while the place is the conversation's, whose id is not the customer's in general.
     */
    public Map<String, QueuePlace> placesOfCustomers(Set<String> customerIds) {
        Map<String, String> conversationIds = conversations.idsOfCustomers(customerIds);
        Map<String, QueuePlace> places = places(Set.copyOf(conversationIds.values()));
        Map<String, QueuePlace> byCustomer = new LinkedHashMap<>();
        conversationIds.forEach((customerId, conversationId) -> {
            QueuePlace place = places.get(conversationId);
            if (place != null) {
                byCustomer.put(customerId, place);
            }
        });
        return byCustomer;
    }
}
