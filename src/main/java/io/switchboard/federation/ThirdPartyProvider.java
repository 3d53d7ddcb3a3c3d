package io.switchboard.federation;

import java.util.Map;
import java.util.Optional;

/**
 * How third-party chats reach the provider of the other user: the seam another transport would
 * implement. {@link PeerClient} is the one there is, MIMI over mutual TLS (docs/interop.md).
 * Calls that do not wait for an answer return at once and join the caller's transaction: they are
 * delivered at least once, after it commits, retried until the peer takes them, and receivers deduplicate
 * (consent by its scope, submissions by their message id, notifications by their {@code seq}).
 */
interface ThirdPartyProvider {

    /**
     * Asks the peer whether it has a user with this number who may be found by the business; waits for
     * the answer. Not found, refused and unreachable all come back empty.
     */
    Optional<String> findUser(Peer peer, String phoneNumber);

    /**
     * Asks the business's provider for the signed device list of its business, for its user named in {@code request};
     * waits for the answer. Empty when not found, refused or unreachable.
     */
    Optional<com.fasterxml.jackson.databind.JsonNode> keyMaterial(Peer peer, MimiWire.KeyMaterialRequest request);

    /** Asks the other user's provider for that user's consent to chat (or, with {@code cancel}, takes the request back). */
    void requestConsent(Peer peer, MimiWire.ConsentEntry entry);

    /** Tells the user's provider that the business granted (or revoked) their consent. */
    void updateConsent(Peer peer, MimiWire.ConsentEntry entry);

    /** Carries one notification of a room — a business message or a receipt — to the user's provider. */
    void notify(Peer peer, String roomId, Map<String, Object> notification);

    /** Carries one of a local customer's messages to the business's provider; {@code messageId} is its MIMI message id. */
    void submit(Peer peer, String roomId, MimiWire.Submission submission, byte[] messageId);
}
