package io.switchboard.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of {@code report_fact} rows (docs/metrics.md, "Reports"); the string form is stored and sent. */
enum Metric {
    STARTED, WAIT, FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, HANDLE, ABANDONED, SHORT_ABANDON,
    /** A customer's rating, 1–5, stored as the fact's value. */
    CSAT;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Read for every cell of a report: tens of thousands per call. */
    private static final Map<String, Metric> BY_CODE = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Metric::code, m -> m));

    static Optional<Metric> fromCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }
}
