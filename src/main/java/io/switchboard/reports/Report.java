package io.switchboard.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A report as sent (docs/protocol.md §15.8): the numbers of the whole range, and per series (a team,
 * an agent, a topic, a label, a channel, or everything) per bucket. Times are milliseconds; each bucket says the instants it covers
 * so a client can ask for the facts behind any number.
 * {@code preparing} (0–1, null when not) says how far the cells of a viewer's zone are filled while they
 * are (docs/metrics.md, "Rollups"): the numbers are the same either way, only slower until then.
 */
public record Report(String timeZone, LocalDate from, LocalDate to, String granularity, String groupBy, String clock, Instant start,
                     Instant end, Numbers total, List<Series> series, Double preparing) {

    /**
     * {@code teamId}, {@code deviceId}, {@code topicId}, {@code label} or {@code channel} set by the grouping;
     * all null for the overall series or the "no team / agent / topic / label" one (every fact has a channel).
     */
    public record Series(String teamId, String deviceId, String topicId, String label, String channel, Numbers total,
                         List<Bucket> buckets) {

        /** The one set by the grouping, if any. */
        String key() {
            return teamId != null ? teamId : deviceId != null ? deviceId : topicId != null ? topicId : label != null ? label : channel;
        }
    }

    /** {@code local}: the bucket's first local time in the report's zone; {@code start}–{@code end}: the instants, cut to the range. */
    public record Bucket(LocalDateTime local, Instant start, Instant end, Numbers numbers) {
    }

    /**
     * {@code volume}: cycles started; {@code assigned}: cycles first assigned (an agent's volume);
     * {@code abandoned} excludes the short abandons, counted apart; {@code csat}: ratings 1–5 (not ms).
     */
    public record Numbers(long volume, long assigned, Stat waitTime, Stat firstResponse, Stat nextResponse, Stat resolution, Stat handle,
                          long abandoned, long shortAbandoned, Stat csat) {
    }

    /**
     * Durations in ms over the measured facts ({@code count}); {@code met}/{@code missed}: SLA results
     * (unanswered misses included), {@code slaPercent} = met ÷ (met + missed) × 100, null without results.
     */
    public record Stat(long count, Double mean, Double median, Double p90, long met, long missed, Double slaPercent) {

        static final Stat EMPTY = new Stat(0, null, null, null, 0, 0, null);
    }
}
