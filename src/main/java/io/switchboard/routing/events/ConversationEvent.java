package io.switchboard.routing.events;

import java.util.Set;

/** A routing event about one conversation. */
public interface ConversationEvent extends RoutingEvent {

    String conversationId();

    @Override
    default Set<String> conversationIds() {
        return Set.of(conversationId());
    }

    /** The agent (if any) who had the conversation until this event and has one fewer now. */
    static Set<String> released(String deviceId) {
        return deviceId == null ? Set.of() : Set.of(deviceId);
    }
}
