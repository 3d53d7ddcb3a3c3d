package io.switchboard.routing.policy;

import java.time.Instant;

/**
 * A queued conversation as the router sees it. {@code previousAgentId} had it last, until
 * {@code previousAgentUntil} (for the sticky step); {@code skipDeviceId} just let an offer time out.
 */
public record Waiting(String conversationId, String teamId, String previousAgentId, Instant previousAgentUntil,
                      String skipDeviceId) {
}
