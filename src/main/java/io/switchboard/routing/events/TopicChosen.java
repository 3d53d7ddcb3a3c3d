package io.switchboard.routing.events;

/** The customer picked a topic: {@code teamId} handles the conversation from now on. */
public record TopicChosen(String conversationId, String topicId, String teamId) implements ConversationEvent {

    @Override
    public boolean mayRoute() {
        return true;
    }
}
