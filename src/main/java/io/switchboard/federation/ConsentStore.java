package io.switchboard.federation;

import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code federation_consent} rows and the submissions made in their rooms; plain JDBC, as they are read for every message. */
@ApplicationScoped
class ConsentStore {

    private static final String COLUMNS = "select peer_domain, remote_user, local_user, state, room_id from federation_consent ";

    private final Jdbc jdbc;

    ConsentStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Consent> find(String peerDomain, String remoteUser, String localUser) {
        return rows(COLUMNS + "where peer_domain = ?1 and remote_user = ?2 and local_user = ?3", peerDomain, remoteUser, localUser);
    }

    Optional<Consent> findRoom(String roomId) {
        return rows(COLUMNS + "where room_id = ?1", roomId);
    }

    /** Sets the state, creating the row with {@code newRoomId} if the pair has none; returns the row as it is now. */
    Consent put(String peerDomain, String remoteUser, String localUser, Consent.State state, String newRoomId, Instant at) {
        jdbc.update("""
                        insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (peer_domain, remote_user, local_user) do update set state = excluded.state, updated_at = excluded.updated_at""",
                peerDomain, remoteUser, localUser, state.column(), newRoomId, at);
        return find(peerDomain, remoteUser, localUser).orElseThrow();
    }

    /** Sets an existing pair's state; a pair that has no row stays without one. */
    void update(String peerDomain, String remoteUser, String localUser, Consent.State state, Instant at) {
        jdbc.update("""
                        update federation_consent set state = ?4, updated_at = ?5
                        where peer_domain = ?1 and remote_user = ?2 and local_user = ?3""",
                peerDomain, remoteUser, localUser, state.column(), at);
    }

    /** A room's consent and how far its business messages were queued for the peer. */
    record Notified(Consent consent, long notifiedSeq) {
    }

    /** The rooms among these conversations, locked until the transaction ends (in id order, so two nodes cannot deadlock). */
    List<Notified> lockRooms(Collection<String> conversationIds) {
        return jdbc.list("""
                        select peer_domain, remote_user, local_user, state, room_id, notified_seq from federation_consent
                        where room_id = any(cast(?1 as varchar[])) order by room_id for update""",
                Jdbc.array(conversationIds)).stream().map(row -> new Notified(consent(row), ((Number) row[5]).longValue())).toList();
    }

    /** The business messages of the room up to {@code seq} are queued for its peer (or passed over while it was closed). */
    void notified(String roomId, long seq) {
        jdbc.update("update federation_consent set notified_seq = greatest(notified_seq, ?2) where room_id = ?1", roomId, seq);
    }

    /** Rooms with a business message past their mark: one whose queueing a crash after the writer's commit cut off. */
    List<String> lagging() {
        return jdbc.list("""
                        select c.room_id from federation_consent c where exists (
                            select 1 from message m join device s on s.id = m.sender_device_id and s.owner = 'business'
                            where m.conversation_id = c.room_id and m.seq > c.notified_seq and m.kind not in ('note', 'whisper'))""")
                .stream().map(row -> (String) row[0]).toList();
    }

    boolean hasSubmission(byte[] messageId) {
        return !jdbc.list("select 1 from federation_submission where message_id = ?1", messageId).isEmpty();
    }

    /** Stores a submission once per message id; {@code false} when that id was stored before. */
    boolean addSubmission(byte[] messageId, String roomId, byte[] payload, Instant at) {
        return jdbc.update("""
                        insert into federation_submission (message_id, room_id, payload, received_at) values (?1, ?2, ?3, ?4)
                        on conflict (message_id) do nothing""", messageId, roomId, payload, at) == 1;
    }

    private Optional<Consent> rows(String sql, Object... parameters) {
        return jdbc.list(sql, parameters).stream().map(ConsentStore::consent).findFirst();
    }

    private static Consent consent(Object[] row) {
        return new Consent((String) row[0], (String) row[1], (String) row[2], Consent.State.of((String) row[3]), (String) row[4]);
    }
}
