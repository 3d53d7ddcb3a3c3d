package io.switchboard.conversation;

import java.time.Instant;
import java.util.List;

/**
 * A conversation's metadata and routing state as business devices see it (docs/protocol.md §14.1).
 * {@code source} is where the customer writes from: {@code null} for this provider's own customers, the
 * peer provider's domain in a third-party chat (docs/interop.md).
 */
public record ConversationState(String id, String phone, String name, Instant createdAt, long lastSeq, ConversationStatus status,
                                String teamId, String topicId, int priority, Instant queuedAt, Assignee assignee,
                                Instant assignedAt, Instant offerExpiresAt, Reason reason, Instant snoozedUntil,
                                List<String> labels, String source) {

    public record Assignee(String deviceId, String person) {
    }

    /** Why the assignee has it: a machine code and the sentence agents read. */
    public record Reason(String code, String text) {
    }

    public boolean queued() {
        return status == ConversationStatus.OPEN && assignee == null && queuedAt != null;
    }
}
