package io.switchboard.reports;

import java.util.Locale;
import java.util.Optional;

/** The kinds of {@code report_fact} rows (docs/metrics.md, "Reports"); the string form is stored and sent. */
enum Metric {
    STARTED, WAIT, FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, HANDLE, ABANDONED, SHORT_ABANDON,
    /** A customer's rating, 1–5, stored as the fact's value. */
    CSAT;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Metric> fromCode(String code) {
        for (Metric metric : values()) {
            if (metric.code().equals(code)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }
}
