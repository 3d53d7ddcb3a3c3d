package io.switchboard.routing.events;

import java.util.Set;

/** Done. {@code releasedFrom} is the agent who had it (null when nobody had). */
public record ConversationResolved(String conversationId, String releasedFrom, String byDeviceId) implements ConversationEvent {

    @Override
    public Set<String> agentIds() {
        return ConversationEvent.released(releasedFrom);
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
