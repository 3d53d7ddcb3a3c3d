package io.switchboard.routing.events;

import java.util.Set;

/** The agent did not accept in time: the conversation waits in line again, offered to somebody else first. */
public record OfferExpired(String conversationId, String deviceId) implements ConversationEvent {

    @Override
    public Set<String> agentIds() {
        return Set.of(deviceId);
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
