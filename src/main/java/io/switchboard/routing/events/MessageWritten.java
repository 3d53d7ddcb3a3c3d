package io.switchboard.routing.events;

import java.time.Instant;

/**
 * A message (not a note) was stored in the conversation: by the customer ({@code deviceId} null) or
 * by the business device {@code deviceId}. Metadata only, for supervision's response clocks
 * (docs/metrics.md); not a {@link RoutingEvent}, because it changes nothing routing pushes or runs on.
 */
public record MessageWritten(String conversationId, boolean fromCustomer, String deviceId, Instant at) {
}
