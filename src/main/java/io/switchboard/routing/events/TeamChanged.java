package io.switchboard.routing.events;

import java.util.Set;

/**
 * An admin created, changed (policy, stickiness, name) or deleted a team; {@code unteamed} are the
 * conversations that belonged to a deleted team and now wait for anyone.
 */
public record TeamChanged(String teamId, Change change, Set<String> unteamed) implements RoutingEvent {

    public enum Change {
        CREATED,
        UPDATED,
        DELETED
    }

    @Override
    public Set<String> conversationIds() {
        return unteamed;
    }

    /** A new team has no members and no conversations yet; a changed or deleted one may route differently. */
    @Override
    public boolean mayRoute() {
        return change != Change.CREATED;
    }
}
