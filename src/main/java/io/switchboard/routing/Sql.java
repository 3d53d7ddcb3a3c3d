package io.switchboard.routing;

import io.switchboard.platform.Jdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** What routing's stores share: statements through {@link Jdbc} and PostgreSQL's values read back. */
final class Sql {

    private Sql() {
    }

    /**
     * Rows of a statement with positional parameters ?1, ?2, … (times bound as SQL timestamps), through
     * {@link Jdbc} (docs/architecture.md: routing runs on every business message and assignment). A row of one
     * column comes back as its value, as Hibernate's native queries gave it.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> list(Jdbc jdbc, String sql, Object... parameters) {
        return (List<T>) jdbc.list(sql, parameters).stream().map(row -> row.length == 1 ? row[0] : row).toList();
    }

    static int update(Jdbc jdbc, String sql, Object... parameters) {
        return jdbc.update(sql, parameters);
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
}
