package io.switchboard.routing.events;

import java.time.Instant;
import java.util.Set;

/**
 * The business's first message in an assignment ({@code assignment.first_reply_at}): sent by
 * {@code deviceId} (the assignee or, say, a supervisor) to the conversation {@code assigneeDeviceId}
 * has had since {@code assignedAt}. Notes to colleagues do not count.
 */
public record FirstReply(String conversationId, String deviceId, String assigneeDeviceId, Instant assignedAt, Instant repliedAt)
        implements ConversationEvent {

    /** Nothing business devices see changed (the message reaches them on its own). */
    @Override
    public Set<String> conversationIds() {
        return Set.of();
    }

    @Override
    public boolean mayRoute() {
        return false;
    }
}
