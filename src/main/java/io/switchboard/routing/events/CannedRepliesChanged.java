package io.switchboard.routing.events;

/** An admin added, changed or deleted the canned reply {@code shortcut}. */
public record CannedRepliesChanged(String shortcut) implements RoutingEvent {

    @Override
    public boolean mayRoute() {
        return false;
    }
}
