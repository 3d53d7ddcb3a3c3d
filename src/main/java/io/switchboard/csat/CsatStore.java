package io.switchboard.csat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code csat_rating} rows, and the one thing a rating needs to know of its conversation: since when it is resolved. */
@ApplicationScoped
class CsatStore {

    private final EntityManager entityManager;

    CsatStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** When the conversation was resolved, if it is resolved now. */
    Optional<Instant> resolvedAt(String conversationId) {
        List<?> rows = entityManager.createNativeQuery(
                        "select status_changed_at from conversation where id = ?1 and status = 'resolved' and status_changed_at is not null")
                .setParameter(1, conversationId).getResultList();
        return rows.stream().findFirst().map(CsatStore::instant);
    }

    Optional<Integer> rating(String conversationId, Instant resolvedAt) {
        List<?> rows = entityManager.createNativeQuery("select rating from csat_rating where conversation_id = ?1 and resolved_at = ?2")
                .setParameter(1, conversationId).setParameter(2, Timestamp.from(resolvedAt)).getResultList();
        return rows.stream().findFirst().map(value -> ((Number) value).intValue());
    }

    /** Stores the rating of that resolution; false when it was rated already. */
    boolean insert(String conversationId, Instant resolvedAt, int rating, String deviceId, Instant at) {
        return entityManager.createNativeQuery("""
                        insert into csat_rating (conversation_id, resolved_at, rating, device_id, rated_at) values (?1, ?2, ?3, ?4, ?5)
                        on conflict (conversation_id, resolved_at) do nothing""")
                .setParameter(1, conversationId).setParameter(2, Timestamp.from(resolvedAt)).setParameter(3, (short) rating)
                .setParameter(4, deviceId).setParameter(5, Timestamp.from(at)).executeUpdate() == 1;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp ts ? ts.toInstant() : value instanceof Instant i ? i
                : ((java.time.OffsetDateTime) value).toInstant();
    }
}
