package io.switchboard.routing.events;

/** A supervisor set the conversation's priority: its place in line may move. */
public record ConversationPrioritised(String conversationId, int priority) implements ConversationEvent {

    @Override
    public boolean mayRoute() {
        return true;
    }
}
