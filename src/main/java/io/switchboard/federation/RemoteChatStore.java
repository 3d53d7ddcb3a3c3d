package io.switchboard.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code federation_remote_chat} rows and their {@code federation_remote_message}s: the customer side of third-party chats. */
@ApplicationScoped
class RemoteChatStore {

    /** A customer's chat with the business {@code businessNumber} at the peer; {@code roomId} once granted. */
    record RemoteChat(String id, String peerDomain, String customerId, String businessNumber, Consent.State state, String roomId,
                      long deliveredSeq, long readSeq) {
    }

    /** A message of a remote chat; {@code remoteSeq} is its place at the business's provider, once known. */
    record RemoteMessage(long seq, Long remoteSeq, boolean fromCustomer, String state, String refusal, byte[] envelope) {
    }

    private static final String CHAT =
            "select id, peer_domain, customer_id, business_number, state, room_id, delivered_seq, read_seq from federation_remote_chat ";

    private final EntityManager entityManager;

    RemoteChatStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The pair's chat, created as requested when it has none. */
    RemoteChat putRequested(String newId, String peerDomain, String customerId, String businessNumber, Instant at) {
        entityManager.createNativeQuery("""
                        insert into federation_remote_chat (id, peer_domain, customer_id, business_number, state, updated_at)
                        values (?1, ?2, ?3, ?4, 'requested', ?5)
                        on conflict (peer_domain, customer_id, business_number) do nothing""")
                .setParameter(1, newId).setParameter(2, peerDomain).setParameter(3, customerId).setParameter(4, businessNumber)
                .setParameter(5, at.atOffset(ZoneOffset.UTC)).executeUpdate();
        return first(CHAT + "where peer_domain = ?1 and customer_id = ?2 and business_number = ?3", peerDomain, customerId, businessNumber)
                .orElseThrow();
    }

    Optional<RemoteChat> find(String id) {
        return first(CHAT + "where id = ?1", id);
    }

    Optional<RemoteChat> byRoom(String roomId) {
        return first(CHAT + "where room_id = ?1", roomId);
    }

    Optional<RemoteChat> byPair(String peerDomain, String customerId, String businessNumber) {
        return first(CHAT + "where peer_domain = ?1 and customer_id = ?2 and business_number = ?3", peerDomain, customerId, businessNumber);
    }

    List<RemoteChat> ofCustomer(String customerId) {
        return chats(CHAT + "where customer_id = ?1 order by updated_at desc", customerId);
    }

    /** Sets the state; {@code roomId}, when given, becomes the chat's room. */
    void setState(String id, Consent.State state, String roomId, Instant at) {
        entityManager.createNativeQuery("""
                        update federation_remote_chat set state = ?2, room_id = coalesce(?3, room_id), updated_at = ?4 where id = ?1""")
                .setParameter(1, id).setParameter(2, state.column()).setParameter(3, roomId).setParameter(4, at.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    /** The business side's marks only move forward. */
    void moveMarks(String id, long deliveredSeq, long readSeq) {
        entityManager.createNativeQuery("""
                        update federation_remote_chat set delivered_seq = greatest(delivered_seq, ?2, ?3), read_seq = greatest(read_seq, ?3)
                        where id = ?1""")
                .setParameter(1, id).setParameter(2, deliveredSeq).setParameter(3, readSeq).executeUpdate();
    }

    /**
     * Stores the customer's message (sent by {@code senderDeviceId}, which claims that device's earlier uploads to the chat)
     * once per message id, pending until the business's provider took it; null when stored before.
     */
    Long addOwn(String chatId, byte[] messageId, String senderDeviceId, byte[] envelope, Instant at) {
        return added(entityManager.createNativeQuery("""
                        insert into federation_remote_message (chat_id, message_id, sender_device_id, from_customer, state, envelope, stored_at)
                        values (?1, ?2, ?3, true, 'pending', ?4, ?5) on conflict do nothing returning seq""")
                .setParameter(1, chatId).setParameter(2, messageId).setParameter(3, senderDeviceId).setParameter(4, envelope)
                .setParameter(5, at.atOffset(ZoneOffset.UTC)).getResultList());
    }

    /** Stores a business message once per remote seq; null when stored before. */
    Long addBusiness(String chatId, long remoteSeq, byte[] envelope, Instant at) {
        return added(entityManager.createNativeQuery("""
                        insert into federation_remote_message (chat_id, remote_seq, from_customer, state, envelope, stored_at)
                        values (?1, ?2, false, 'accepted', ?3, ?4) on conflict do nothing returning seq""")
                .setParameter(1, chatId).setParameter(2, remoteSeq).setParameter(3, envelope).setParameter(4, at.atOffset(ZoneOffset.UTC))
                .getResultList());
    }

    private static Long added(List<?> seq) {
        return seq.isEmpty() ? null : ((Number) seq.get(0)).longValue();
    }

    Optional<Long> seqOf(byte[] messageId) {
        @SuppressWarnings("unchecked")
        List<Number> seq = entityManager.createNativeQuery("select seq from federation_remote_message where message_id = ?1")
                .setParameter(1, messageId).getResultList();
        return seq.stream().findFirst().map(Number::longValue);
    }

    /** The business's provider took the customer's message as its {@code remoteSeq} (0 when it did not say); its chat's owner. */
    Optional<RemoteChatChanged> accepted(byte[] messageId, long remoteSeq) {
        return changed(entityManager.createNativeQuery("""
                        update federation_remote_message m set state = 'accepted', remote_seq = nullif(?2, 0)
                        from federation_remote_chat c where m.message_id = ?1 and c.id = m.chat_id returning c.customer_id, c.id""")
                .setParameter(1, messageId).setParameter(2, remoteSeq).getResultList());
    }

    /** The business's provider refused the customer's message for good, with this code; its chat's owner. */
    Optional<RemoteChatChanged> refused(byte[] messageId, String code) {
        return changed(entityManager.createNativeQuery("""
                        update federation_remote_message m set state = 'refused', refusal = ?2
                        from federation_remote_chat c where m.message_id = ?1 and c.id = m.chat_id returning c.customer_id, c.id""")
                .setParameter(1, messageId).setParameter(2, code).getResultList());
    }

    private static Optional<RemoteChatChanged> changed(List<?> rows) {
        return rows.stream().findFirst().map(row -> new RemoteChatChanged((String) ((Object[]) row)[0], (String) ((Object[]) row)[1]));
    }

    @SuppressWarnings("unchecked")
    List<RemoteMessage> messages(String chatId, long afterSeq, int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select seq, remote_seq, from_customer, state, refusal, envelope from federation_remote_message
                        where chat_id = ?1 and seq > ?2 order by seq limit ?3""")
                .setParameter(1, chatId).setParameter(2, afterSeq).setParameter(3, limit).getResultList();
        return rows.stream().map(row -> new RemoteMessage(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue(),
                (Boolean) row[2], (String) row[3], (String) row[4], (byte[]) row[5])).toList();
    }

    private Optional<RemoteChat> first(String sql, Object... parameters) {
        return chats(sql, parameters).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<RemoteChat> chats(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new RemoteChat((String) row[0], (String) row[1], (String) row[2], (String) row[3], Consent.State.of((String) row[4]),
                        (String) row[5], ((Number) row[6]).longValue(), ((Number) row[7]).longValue())).toList();
    }
}
