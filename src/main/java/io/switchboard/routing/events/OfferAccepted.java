package io.switchboard.routing.events;

/** The assignee opened or answered the conversation before the offer ran out. */
public record OfferAccepted(String conversationId, String deviceId) implements ConversationEvent {

    @Override
    public boolean mayRoute() {
        return false;
    }
}
