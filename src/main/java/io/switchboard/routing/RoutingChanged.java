package io.switchboard.routing;

import java.util.Set;

/**
 * Fired inside a transaction that changed routing state; acted on after it commits (pushes, the
 * cluster, and a routing run when {@code route} says a conversation or a slot became available).
 */
public record RoutingChanged(Set<String> conversationIds, Set<String> agentIds, boolean queueMoved, boolean route) {

    public static RoutingChanged conversation(String id, boolean route) {
        return new RoutingChanged(Set.of(id), Set.of(), true, route);
    }
}
