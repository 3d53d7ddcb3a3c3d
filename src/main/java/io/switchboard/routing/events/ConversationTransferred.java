package io.switchboard.routing.events;

import io.switchboard.conversation.EndReason;
import java.util.Set;

/**
 * Whoever had the conversation gave it up to another agent ({@code toDeviceId}, followed by a
 * {@link ConversationAssigned}) or to a team's queue ({@code toTeamId}). {@code fromDeviceId} is
 * null when a team transfer moved it from the queue; {@code endReason} is
 * {@link EndReason#REASSIGNED} when a supervisor assigned it over the holder's head.
 */
public record ConversationTransferred(String conversationId, String fromDeviceId, String toDeviceId, String toTeamId,
                                      String byDeviceId, EndReason endReason) implements ConversationEvent {

    @Override
    public Set<String> agentIds() {
        return ConversationEvent.released(fromDeviceId);
    }

    /** The previous holder has room again; a team transfer puts it in line. */
    @Override
    public boolean mayRoute() {
        return true;
    }
}
