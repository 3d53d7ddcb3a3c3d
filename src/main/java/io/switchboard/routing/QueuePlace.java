package io.switchboard.routing;

/** What a customer sees about their wait (docs/protocol.md §14.3/§14.4). */
public record QueuePlace(String conversation, String status, Integer position, Long estimatedWaitSeconds, boolean assigned) {
}
