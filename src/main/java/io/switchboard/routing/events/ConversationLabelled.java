package io.switchboard.routing.events;

import java.util.List;

/** The conversation's labels are now {@code labels}. */
public record ConversationLabelled(String conversationId, List<String> labels) implements ConversationEvent {

    @Override
    public boolean mayRoute() {
        return false;
    }
}
