package io.switchboard.routing;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** What routing's stores share: binding parameters and reading PostgreSQL's values back. */
final class Sql {

    private Sql() {
    }

    /** A native query with positional parameters ?1, ?2, … and times bound as SQL timestamps. */
    static Query bind(EntityManager entityManager, String sql, Object... parameters) {
        Query query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Instant instant ? ts(instant) : parameters[i];
            query.setParameter(i + 1, value);
        }
        return query;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(EntityManager entityManager, String sql, Object... parameters) {
        return bind(entityManager, sql, parameters).getResultList();
    }

    static int update(EntityManager entityManager, String sql, Object... parameters) {
        return bind(entityManager, sql, parameters).executeUpdate();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
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

    /** A comma-joined list (string_agg, array_to_string) back as a list. */
    static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.copyOf(Arrays.asList(joined.split(",")));
    }

    /** A PostgreSQL array literal of ids (ids are base64url, so they never need quoting). */
    static String array(Collection<String> ids) {
        return "{" + String.join(",", ids) + "}";
    }
}
