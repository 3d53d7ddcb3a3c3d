package io.switchboard.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
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
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new Consent((String) row[0], (String) row[1], (String) row[2], Consent.State.of((String) row[3]), (String) row[4]))
                .findFirst();
    }
}
