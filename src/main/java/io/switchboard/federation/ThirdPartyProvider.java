package io.switchboard.federation;

import java.util.Map;
import java.util.Optional;

/**
 * How third-party chats reach the provider of the other user: the seam another transport would
 * implement. {@link PeerClient} is the one there is, MIMI over mutual TLS (docs/interop.md).
 * Calls return at once; delivery is at least once, and receivers deduplicate (consent by its scope,
 * notifications by their {@code seq}).
 */
interface ThirdPartyProvider {

    /**
     * Asks the peer whether it has a user with this number who may be found by the business; waits for
     * the answer. Not found, refused and unreachable all come back empty.
     */
    Optional<String> findUser(Peer peer, String phoneNumber);

    /** Asks the user's provider for the user's consent to chat with the business. */
    void requestConsent(Peer peer, MimiWire.ConsentEntry entry);

    /** Tells the user's provider that the business granted (or revoked) their consent. */
    void updateConsent(Peer peer, MimiWire.ConsentEntry entry);

    /** Carries one notification of a room — a business message or a receipt — to the user's provider. */
    void notify(Peer peer, String roomId, Map<String, Object> notification);
}
