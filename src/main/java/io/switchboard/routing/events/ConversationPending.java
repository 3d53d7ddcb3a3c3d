package io.switchboard.routing.events;

/** The conversation waits on the customer; an agent who has it keeps it. */
public record ConversationPending(String conversationId, String byDeviceId) implements ConversationEvent {

    @Override
    public boolean mayRoute() {
        return false;
    }
}
