package io.switchboard.routing.events;

import java.util.Set;

/**
 * Something that happened to routing, fired as a CDI event inside the transaction that made it
 * happen. Observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}: then it is
 * delivered once that transaction committed, and never when it rolled back. One transaction may fire
 * several (a routing run fires one {@link ConversationAssigned} per conversation it gave away), and
 * after-commit observers may hear those in any order: each event is complete on its own.
 *
 * <p>Besides what happened, each event says what it touched, which is all today's consequences
 * need: the pushes to devices (and to the other app nodes) and whether the router should run.
 */
public interface RoutingEvent {

    /** The conversations whose routing state, as business devices see it, changed. */
    default Set<String> conversationIds() {
        return Set.of();
    }

    /** The agents whose presence, status, load or settings changed. */
    default Set<String> agentIds() {
        return Set.of();
    }

    /** Whether a conversation may have become assignable or an agent may have gained room: the router should run. */
    boolean mayRoute();
}
