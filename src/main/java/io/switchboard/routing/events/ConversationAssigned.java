package io.switchboard.routing.events;

import io.switchboard.conversation.ConversationState;
import java.time.Instant;
import java.util.Set;

/**
 * An agent has the conversation: the router chose them, they claimed it, or someone assigned or
 * transferred it to them ({@code byDeviceId}, null for the router). The reason is the one agents
 * read ({@code least_loaded}, {@code sticky}, {@code claimed}, …). With an {@code offerExpiresAt}
 * the agent must accept in time ({@link OfferAccepted}, {@link OfferExpired}).
 */
public record ConversationAssigned(String conversationId, String deviceId, String teamId, ConversationState.Reason reason,
                                   String byDeviceId, boolean fromQueue, Instant offerExpiresAt) implements ConversationEvent {

    @Override
    public Set<String> agentIds() {
        return Set.of(deviceId);
    }

    /** It took a slot and left nothing waiting. */
    @Override
    public boolean mayRoute() {
        return false;
    }
}
