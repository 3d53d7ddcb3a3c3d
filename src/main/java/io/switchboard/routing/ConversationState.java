package io.switchboard.routing;

import java.time.Instant;
import java.util.List;

/** A conversation's metadata and routing state as business devices see it (docs/protocol.md §14.1). */
public record ConversationState(String id, String phone, String name, Instant createdAt, long lastSeq, String status,
                                String teamId, String topicId, int priority, Instant queuedAt, Assignee assignee,
                                Instant assignedAt, Instant offerExpiresAt, Reason reason, Instant snoozedUntil,
                                List<String> labels) {

    public record Assignee(String deviceId, String person) {
    }

    public record Reason(String code, String text) {
    }

    public boolean queued() {
        return "open".equals(status) && assignee == null && queuedAt != null;
    }
}
