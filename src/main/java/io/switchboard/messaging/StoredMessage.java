package io.switchboard.messaging;

import java.time.Instant;

/** A message as the group commit stored it: its place in the global order and when it became durable. */
public record StoredMessage(long seq, Instant storedAt, boolean duplicate) {
}
