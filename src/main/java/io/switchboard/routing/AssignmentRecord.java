package io.switchboard.routing;

import io.switchboard.conversation.ConversationState;
import io.switchboard.conversation.EndReason;
import java.time.Instant;

/** One agent's time with a conversation, as its history shows it (docs/protocol.md §14.3). */
public record AssignmentRecord(String deviceId, String person, ConversationState.Reason reason, String byDeviceId,
                               Instant assignedAt, Instant endedAt, EndReason endReason) {
}
