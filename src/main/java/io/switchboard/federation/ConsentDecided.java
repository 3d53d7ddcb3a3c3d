package io.switchboard.federation;

/**
 * The business's provider decided on a consent request; the decision goes to the peer as an
 * {@code updateConsent} once the transaction that stored it has committed.
 */
record ConsentDecided(Peer peer, MimiWire.ConsentEntry entry) {
}
