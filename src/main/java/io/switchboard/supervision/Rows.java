package io.switchboard.supervision;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** What supervision's stores share: native queries with positional parameters, and PostgreSQL's values read back. */
final class Rows {

    private Rows() {
    }

    static Query bind(EntityManager entityManager, String sql, Object... parameters) {
        Query query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Instant instant ? Timestamp.from(instant) : parameters[i];
            query.setParameter(i + 1, value);
        }
        return query;
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> list(EntityManager entityManager, String sql, Object... parameters) {
        return bind(entityManager, sql, parameters).getResultList();
    }

    static int update(EntityManager entityManager, String sql, Object... parameters) {
        return bind(entityManager, sql, parameters).executeUpdate();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalArgumentException("not a time: " + value.getClass());
    }

    static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    /** A PostgreSQL array literal of ids (base64url, never needing quotes). */
    static String array(Collection<String> ids) {
        return "{" + String.join(",", ids) + "}";
    }
}
