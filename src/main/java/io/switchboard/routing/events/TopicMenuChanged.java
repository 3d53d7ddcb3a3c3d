package io.switchboard.routing.events;

/** An admin replaced the topic menu customers pick from. Conversations keep the topic and team they have. */
public record TopicMenuChanged() implements RoutingEvent {

    @Override
    public boolean mayRoute() {
        return false;
    }
}
