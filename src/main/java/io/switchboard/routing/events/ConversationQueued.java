package io.switchboard.routing.events;

import io.switchboard.conversation.EndReason;
import java.util.Set;

/**
 * The conversation waits in line for an agent: a message of the customer put it there
 * ({@code releasedFrom} and {@code endReason} null), or an agent's assignment ended and it went back
 * ({@link EndReason#UNASSIGNED}, {@link EndReason#GRACE_EXPIRED}). Offers that expire, transfers to
 * a team and reopening say so with their own events.
 */
public record ConversationQueued(String conversationId, String releasedFrom, EndReason endReason) implements ConversationEvent {

    public static ConversationQueued customerWrote(String conversationId) {
        return new ConversationQueued(conversationId, null, null);
    }

    @Override
    public Set<String> agentIds() {
        return ConversationEvent.released(releasedFrom);
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
