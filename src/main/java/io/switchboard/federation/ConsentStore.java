package io.switchboard.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code federation_consent} rows and the submissions made in their rooms. */
@ApplicationScoped
class ConsentStore {

    private static final String COLUMNS = "select peer_domain, remote_user, local_user, state, room_id from federation_consent ";

    private final EntityManager entityManager;

    ConsentStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    Optional<Consent> find(String peerDomain, String remoteUser, String localUser) {
        return rows(COLUMNS + "where peer_domain = ?1 and remote_user = ?2 and local_user = ?3", peerDomain, remoteUser, localUser);
    }

    Optional<Consent> findRoom(String roomId) {
        return rows(COLUMNS + "where room_id = ?1", roomId);
    }

    /** Sets the state, creating the row with {@code newRoomId} if the pair has none; returns the row as it is now. */
    Consent put(String peerDomain, String remoteUser, String localUser, Consent.State state, String newRoomId, Instant at) {
        entityManager.createNativeQuery("""
                        insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (peer_domain, remote_user, local_user) do update set state = excluded.state, updated_at = excluded.updated_at""")
                .setParameter(1, peerDomain).setParameter(2, remoteUser).setParameter(3, localUser).setParameter(4, state.column())
                .setParameter(5, newRoomId).setParameter(6, at.atOffset(ZoneOffset.UTC)).executeUpdate();
        return find(peerDomain, remoteUser, localUser).orElseThrow();
    }

    /** Sets an existing pair's state; a pair that has no row stays without one. */
    void update(String peerDomain, String remoteUser, String localUser, Consent.State state, Instant at) {
        entityManager.createNativeQuery("""
                        update federation_consent set state = ?4, updated_at = ?5
                        where peer_domain = ?1 and remote_user = ?2 and local_user = ?3""")
                .setParameter(1, peerDomain).setParameter(2, remoteUser).setParameter(3, localUser).setParameter(4, state.column())
                .setParameter(5, at.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** A room's consent and how far its business messages were queued for the peer. */
    record Notified(Consent consent, long notifiedSeq) {
    }

    /** The rooms among these conversations, locked until the transaction ends (in id order, so two nodes cannot deadlock). */
    @SuppressWarnings("unchecked")
    List<Notified> lockRooms(Collection<String> conversationIds) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select peer_domain, remote_user, local_user, state, room_id, notified_seq from federation_consent
                        where room_id = any(cast(?1 as varchar[])) order by room_id for update""")
                .setParameter(1, "{" + String.join(",", conversationIds) + "}").getResultList();
        return rows.stream().map(row -> new Notified(consent(row), ((Number) row[5]).longValue())).toList();
    }

    /** The business messages of the room up to {@code seq} are queued for its peer (or passed over while it was closed). */
    void notified(String roomId, long seq) {
        entityManager.createNativeQuery("update federation_consent set notified_seq = greatest(notified_seq, ?2) where room_id = ?1")
                .setParameter(1, roomId).setParameter(2, seq).executeUpdate();
    }

    /** Rooms with a business message past their mark: one whose queueing a crash after the writer's commit cut off. */
    @SuppressWarnings("unchecked")
    List<String> lagging() {
        return entityManager.createNativeQuery("""
                        select c.room_id from federation_consent c where exists (
                            select 1 from message m join device s on s.id = m.sender_device_id and s.owner = 'business'
                            where m.conversation_id = c.room_id and m.seq > c.notified_seq and m.kind not in ('note', 'whisper'))""")
                .getResultList();
    }

    boolean hasSubmission(byte[] messageId) {
        return !entityManager.createNativeQuery("select 1 from federation_submission where message_id = ?1").setParameter(1, messageId)
                .getResultList().isEmpty();
    }

    /** Stores a submission once per message id; {@code false} when that id was stored before. */
    boolean addSubmission(byte[] messageId, String roomId, byte[] payload, Instant at) {
        return entityManager.createNativeQuery("""
                        insert into federation_submission (message_id, room_id, payload, received_at) values (?1, ?2, ?3, ?4)
                        on conflict (message_id) do nothing""")
                .setParameter(1, messageId).setParameter(2, roomId).setParameter(3, payload).setParameter(4, at.atOffset(ZoneOffset.UTC))
                .executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    private Optional<Consent> rows(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((List<Object[]>) query.getResultList()).stream().map(ConsentStore::consent).findFirst();
    }

    private static Consent consent(Object[] row) {
        return new Consent((String) row[0], (String) row[1], (String) row[2], Consent.State.of((String) row[3]), (String) row[4]);
    }
}
