package io.switchboard.csat;

import java.time.Instant;

/**
 * A customer rated a resolved conversation (1–5). Fired inside the transaction that stored it, so
 * observers that write facts listen {@code during = AFTER_SUCCESS}. Metadata only: the comment is an
 * encrypted {@code feedback} message the server cannot read.
 */
public record CsatRated(String conversationId, int rating, Instant resolvedAt, Instant ratedAt) {
}
