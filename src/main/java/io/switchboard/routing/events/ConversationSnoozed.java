package io.switchboard.routing.events;

import java.time.Instant;
import java.util.Set;

/** Put aside until {@code until}; the agent who had it ({@code releasedFrom}, if any) has room again. */
public record ConversationSnoozed(String conversationId, Instant until, String releasedFrom, String byDeviceId)
        implements ConversationEvent {

    @Override
    public Set<String> agentIds() {
        return ConversationEvent.released(releasedFrom);
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
