package io.switchboard.supervision;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** What supervision's stores share: PostgreSQL's values read back (statements go through {@link io.switchboard.platform.Jdbc}). */
final class Rows {

    private Rows() {
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
}
