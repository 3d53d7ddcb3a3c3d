package io.switchboard.reports;

import io.switchboard.platform.error.ValidationFailed;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a report covers (docs/protocol.md §15.8): local dates {@code from}–{@code to}, both included,
 * in one time zone — the account's unless the viewer asks for theirs — cut into hours, days or weeks,
 * per team, agent, topic, label, channel or overall, optionally for one team ({@code "none"}: the conversations
 * without one), one agent, one topic ({@code "none"} too) and one label ({@code "-"}: without labels), in
 * wall-clock or business time, optionally of one channel: {@code direct} (this provider's own
 * customers) or a third-party chat provider's domain.
 */
record ReportRequest(LocalDate from, LocalDate to, ZoneId zone, Granularity granularity, GroupBy groupBy, String team, String agent,
                     String topic, String label, boolean business, String channel) {

    static final String NONE = "none";
    /** The channel of this provider's own customers; any other channel is a peer provider's domain. */
    static final String DIRECT = "direct";
    private static final String CHANNEL = "direct|[a-z0-9]([a-z0-9-]{0,62}\\.)*[a-z0-9-]{1,63}";
    /** The facts without labels ({@code none} is a possible label; a label never starts with a dash). */
    static final String NO_LABEL = "-";
    static final int MAX_DAYS = 366;
    static final int MAX_HOURLY_DAYS = 31;

    enum Granularity {
        HOUR, DAY, WEEK;

        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }

        ChronoUnit unit() {
            return switch (this) {
                case HOUR -> ChronoUnit.HOURS;
                case DAY -> ChronoUnit.DAYS;
                case WEEK -> ChronoUnit.WEEKS;
            };
        }
    }

    enum GroupBy {
        NONE, TEAM, AGENT, TOPIC,
        /** A fact with two labels is in both series; the report's total counts it once. */
        LABEL,
        /** {@link #DIRECT} or a peer provider's domain: every fact is in exactly one. */
        CHANNEL
    }

    /** The first instant of the range. */
    Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the range. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Reads the query's text; {@code defaultZone} is the account's. Refuses with
     * {@code 400 validation_failed}, naming each field that is wrong.
     */
    static ReportRequest parse(String from, String to, String timeZone, String granularity, String groupBy, String team, String agent,
                               String topic, String label, String clock, String channel, ZoneId defaultZone) {
        Map<String, String> problems = new LinkedHashMap<>();
        LocalDate start = date(from, "from", problems);
        LocalDate end = date(to, "to", problems);
        ZoneId zone = defaultZone;
        if (timeZone != null && !timeZone.isBlank()) {
            try {
                zone = ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                problems.put("timeZone", "must be an IANA time zone such as Europe/Lisbon");
            }
        }
        Granularity unit = choice(Granularity.class, granularity == null ? "day" : granularity, "granularity", problems);
        GroupBy by = choice(GroupBy.class, groupBy == null ? "none" : groupBy, "groupBy", problems);
        boolean business = "business".equals(clock);
        if (clock != null && !business && !"wall".equals(clock)) {
            problems.put("clock", "must be wall or business");
        }
        String wantedChannel = blankToNull(channel) == null ? null : channel.toLowerCase(Locale.ROOT);
        if (wantedChannel != null && (wantedChannel.length() > 253 || !wantedChannel.matches(CHANNEL))) {
            problems.put("channel", "must be direct or a third-party provider's domain");
        }
        if (start != null && end != null) {
            long days = ChronoUnit.DAYS.between(start, end) + 1;
            if (days < 1) {
                problems.put("to", "must not be before from");
            } else if (days > MAX_DAYS) {
                problems.put("to", "at most " + MAX_DAYS + " days after from");
            } else if (unit == Granularity.HOUR && days > MAX_HOURLY_DAYS) {
                problems.put("granularity", "hourly reports cover at most " + MAX_HOURLY_DAYS + " days");
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailed(problems);
        }
        return new ReportRequest(start, end, zone, unit, by, blankToNull(team), blankToNull(agent), blankToNull(topic), blankToNull(label),
                business, wantedChannel);
    }

    private static LocalDate date(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) {
            problems.put(field, "required, a date such as 2026-12-01");
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.put(field, "must be a date such as 2026-12-01");
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String text, String field, Map<String, String> problems) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text)) {
                return value;
            }
        }
        problems.put(field, "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
