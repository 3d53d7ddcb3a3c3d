package io.switchboard.routing.events;

import java.util.Set;

/** An agent connected, disconnected, ran out of grace, or set themselves available or away. */
public record AgentPresenceChanged(String deviceId, Change change) implements RoutingEvent {

    public enum Change {
        /** A live connection opened (a first one, or another tab); a grace period, if one was running, ends. */
        CONNECTED(true),
        /** No live connection left anywhere: the grace period starts, and the agent keeps their conversations during it. */
        DISCONNECTED(false),
        /** The grace period ran out: the agent's conversations went back in line ({@link ConversationQueued}). */
        GRACE_EXPIRED(true),
        AVAILABLE(true),
        AWAY(false);

        private final boolean mayRoute;

        Change(boolean mayRoute) {
            this.mayRoute = mayRoute;
        }
    }

    @Override
    public Set<String> agentIds() {
        return Set.of(deviceId);
    }

    @Override
    public boolean mayRoute() {
        return change.mayRoute;
    }
}
