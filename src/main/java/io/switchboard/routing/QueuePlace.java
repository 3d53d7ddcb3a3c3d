package io.switchboard.routing;

import io.switchboard.conversation.ConversationStatus;

/** What a customer sees about their wait (docs/protocol.md §14.3/§14.4). */
public record QueuePlace(String conversation, ConversationStatus status, Integer position, Long estimatedWaitSeconds, boolean assigned) {
}
