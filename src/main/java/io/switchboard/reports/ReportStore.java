package io.switchboard.reports;

import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code report_fact} (written by supervision with each cycle fact, docs/metrics.md "Reports")
 * and its rollup cells ({@code report_rollup}, kept by the database with every fact, "Rollups"): every
 * query is one range scan of their time index, never of conversations or cycles.
 */
@ApplicationScoped
class ReportStore {

    private final EntityManager entityManager;
    private final Jdbc jdbc;

    ReportStore(EntityManager entityManager, Jdbc jdbc) {
        this.entityManager = entityManager;
        this.jdbc = jdbc;
    }

    /**
     * Which facts: those stamped in {@code [start, end)}, of the teams in {@code scopeTeams} (null:
     * every team and none), of one team ({@code teamNone}: of no team), of one agent, of one topic
     * ({@code topicNone}: of none), with one label ({@code labelNone}: without labels) and of one
     * channel (null: every one; {@link ReportRequest#DIRECT} or a peer provider's domain).
     */
    record Filter(Instant start, Instant end, Set<String> scopeTeams, String team, boolean teamNone, String agent, String topic,
                  boolean topicNone, String label, boolean labelNone, String channel) {

        boolean byTopic() {
            return topic != null || topicNone;
        }

        boolean byLabel() {
            return label != null || labelNone;
        }
    }

    /** One metric of one series in one bucket; {@code bucket} null for the series' total, {@code total} for the report's. */
    record Aggregate(boolean total, String key, LocalDateTime bucket, Metric metric, long facts, long measured, Double mean, Double median,
                     Double p90, long met, long missed) {
    }

    /** One fact behind a number. */
    record Fact(long id, Metric metric, Instant at, String teamId, String deviceId, long cycleId, String conversationId, Long ms,
                Long businessMs, Boolean met, boolean answered) {
    }

    /**
     * The cells of a report zone that a report in {@code zone} over {@code [start, end)} can read — its
     * days for a daily or weekly report, its own hours for an hourly one in a zone with 30/45-minute
     * offsets: the id of a report zone with the same offsets throughout, filled back to {@code start}
     * (null: none); else, while such a zone is being filled, how far ({@code progress}, the share of the
     * facts' time span filled, newest first).
     */
    record ZoneCells(Integer zone, Double progress) {

        static final ZoneCells NONE = new ZoneCells(null, null);
    }

    /** At most this many report zones keep cells (each costs every fact one more cell per level); the account's always does. */
    static final int MAX_ZONES = 8;
    /** A fill takes the rollups' lock for about this many facts at a time, so fact writers wait a fraction of a second at most. */
    static final int FILL_CHUNK = 20_000;

    /**
     * The report zone cells for a report (none for an hourly report that UTC hours cut); a zone that no
     * report zone matches is registered (while fewer than {@link #MAX_ZONES} are) and filled in the
     * background ({@link #fillChunk()}).
     */
    ZoneCells zoneCells(ReportRequest request) {
        boolean hourly = request.granularity() == ReportRequest.Granularity.HOUR;
        if (hourly && wholeHours(request)) {
            return ZoneCells.NONE;
        }
        ZoneRules rules = request.zone().getRules();
        Object[] matching = null;
        for (Object[] zone : list("""
                select id, zone, filled_from <= ?1, case when filled_from > '-infinity' and filled_from < 'infinity' then filled_from end,
                       hours
                from report_zone order by id""", List.<Object>of(request.start()))) {
            if ((!hourly || (Boolean) zone[4]) && sameOffsets(ZoneId.of((String) zone[1]).getRules(), rules, request.start(), request.end())) {
                if ((Boolean) zone[2]) {
                    return new ZoneCells(((Number) zone[0]).intValue(), null);
                }
                matching = zone;
            }
        }
        if (matching == null) {
            Object asked = entityManager.createNativeQuery("select report_zone_ask(?1, ?2)").setParameter(1, request.zone().getId())
                    .setParameter(2, MAX_ZONES).getSingleResult();
            return new ZoneCells(null, asked == null ? null : 0.0);
        }
        Object[] span = (Object[]) entityManager.createNativeQuery("select min(at), max(at) from report_fact").getSingleResult();
        Instant filledFrom = instant(matching[3]);
        if (filledFrom == null || span[0] == null) {
            return new ZoneCells(null, 0.0);
        }
        Instant first = instant(span[0]);
        Instant last = instant(span[1]);
        double whole = Math.max(1, last.toEpochMilli() - first.toEpochMilli());
        return new ZoneCells(null, Math.min(1, Math.max(0, (last.toEpochMilli() - filledFrom.toEpochMilli()) / whole)));
    }

    /** Whether two zones have the same offset at every instant of {@code [start, end)}: then their local days there are the same. */
    private static boolean sameOffsets(ZoneRules a, ZoneRules b, Instant start, Instant end) {
        Instant at = start;
        while (at != null && at.isBefore(end)) {
            if (!a.getOffset(at).equals(b.getOffset(at))) {
                return false;
            }
            ZoneOffsetTransition nextA = a.nextTransition(at);
            ZoneOffsetTransition nextB = b.nextTransition(at);
            Instant next = nextA == null ? null : nextA.getInstant();
            if (nextB != null && (next == null || nextB.getInstant().isBefore(next))) {
                next = nextB.getInstant();
            }
            at = next;
        }
        return true;
    }

    /**
     * Adds the next chunk of older facts to the day cells of a report zone still being filled, newest
     * first; false when every zone is complete. The database moves the zone's {@code filled_from} under
     * the rollups' lock, so a chunk and the triggers never count a fact twice.
     */
    boolean fillChunk() {
        return !entityManager.createNativeQuery("""
                select report_zone_fill(z.id, coalesce((select at from report_fact where at < z.filled_from order by at desc
                                                        offset ?1 limit 1), '-infinity'))
                from report_zone z where z.filled_from > '-infinity' order by z.id limit 1""").setParameter(1, FILL_CHUNK)
                .getResultList().isEmpty();
    }

    /**
     * Every metric per series per bucket, per series, and overall ({@code bucketsOnly}: per series per
     * bucket only, as the daily CSV has no totals, so no histogram is merged beyond a bucket's cells): from
     * the rollup cells when they cut the report's buckets exactly (docs/metrics.md, "Rollups"), else from the facts themselves.
     */
    List<Aggregate> aggregate(Filter filter, ReportRequest request, ZoneCells days, boolean bucketsOnly) {
        if (request.groupBy() == ReportRequest.GroupBy.LABEL && bucketsOnly) {
            return aggregateOnce(filter, request, days, true);
        }
        if (request.groupBy() == ReportRequest.GroupBy.LABEL) {
            // a fact with two labels is in two series: the report's total is the same facts without the grouping
            List<Aggregate> aggregates = new ArrayList<>(aggregateOnce(filter, request, days, false).stream().filter(a -> !a.total()).toList());
            ReportRequest overall = new ReportRequest(request.from(), request.to(), request.zone(), request.granularity(),
                    ReportRequest.GroupBy.NONE, request.team(), request.agent(), request.topic(), request.label(), request.business(),
                    request.channel());
            aggregates.addAll(aggregateOnce(filter, overall, days, false).stream().filter(a -> a.total() && a.bucket() == null).toList());
            return aggregates;
        }
        return aggregateOnce(filter, request, days, bucketsOnly);
    }

    private List<Aggregate> aggregateOnce(Filter filter, ReportRequest request, ZoneCells days, boolean bucketsOnly) {
        Character level = level(filter, request);
        if (level == null) {
            return aggregateFacts(filter, request, bucketsOnly);
        }
        if (days.zone() != null && request.granularity() == ReportRequest.Granularity.HOUR) {
            return aggregateCells('h', days.zone(), level, filter, request, bucketsOnly);
        }
        if (days.zone() != null) {
            // an unscoped reader's agents over every team: one cell per agent-day instead of one per agent-team-day
            boolean everyTeam = filter.scopeTeams() == null && filter.team() == null && !filter.teamNone()
                    && request.groupBy() != ReportRequest.GroupBy.TEAM;
            return aggregateCells('d', days.zone(), level == 'a' && everyTeam ? 'g' : level, filter, request, bucketsOnly);
        }
        return wholeHours(request) ? aggregateCells('h', 0, level, filter, request, bucketsOnly) : aggregateFacts(filter, request, bucketsOnly);
    }

    /**
     * The cells that hold every dimension the report groups or filters by besides the team: 'a' for an
     * agent, 'p' for a topic, 'l' for a label, 'c' for a channel, 't' for none; null (the facts) for two of them.
     */
    private static Character level(Filter filter, ReportRequest request) {
        java.util.EnumSet<ReportRequest.GroupBy> dimensions = java.util.EnumSet.noneOf(ReportRequest.GroupBy.class);
        if (request.groupBy() != ReportRequest.GroupBy.NONE && request.groupBy() != ReportRequest.GroupBy.TEAM) {
            dimensions.add(request.groupBy());
        }
        if (filter.agent() != null) {
            dimensions.add(ReportRequest.GroupBy.AGENT);
        }
        if (filter.byTopic()) {
            dimensions.add(ReportRequest.GroupBy.TOPIC);
        }
        if (filter.byLabel()) {
            dimensions.add(ReportRequest.GroupBy.LABEL);
        }
        if (filter.channel() != null) {
            dimensions.add(ReportRequest.GroupBy.CHANNEL);
        }
        if (dimensions.size() > 1) {
            return null;
        }
        if (dimensions.isEmpty()) {
            return 't';
        }
        return switch (dimensions.iterator().next()) {
            case AGENT -> 'a';
            case TOPIC -> 'p';
            case LABEL -> 'l';
            case CHANNEL -> 'c';
            default -> 't';
        };
    }

    /** Whether every UTC offset of the zone in the range is whole hours: then UTC hour cells add up to its hours, days and weeks. */
    private static boolean wholeHours(ReportRequest request) {
        ZoneRules rules = request.zone().getRules();
        Instant at = request.start();
        while (at != null && at.isBefore(request.end())) {
            if (rules.getOffset(at).getTotalSeconds() % 3600 != 0) {
                return false;
            }
            ZoneOffsetTransition next = rules.nextTransition(at);
            at = next == null ? null : next.getInstant();
        }
        return true;
    }

    /** Sums the cells per series per bucket, per series and overall; the histograms of a level are merged, never averaged. */
    private List<Aggregate> aggregateCells(char grain, int zone, char level, Filter filter, ReportRequest request, boolean bucketsOnly) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(request.granularity().sql());
        parameters.add(request.zone().getId());
        parameters.add(String.valueOf(grain));
        parameters.add(String.valueOf(level));
        parameters.add(zone);
        String key = switch (request.groupBy()) {
            case TEAM -> "team_id";
            case AGENT -> "device_id";
            case TOPIC -> "topic_id";
            case LABEL -> "label";
            case CHANNEL -> "channel";
            case NONE -> "cast(null as varchar)";
        };
        String clock = request.business() ? "_business" : "";
        String where = where(filter, parameters, true);
        Map<Sum, Cell> sums = new LinkedHashMap<>();
        for (Object[] row : list("""
                select %s, date_trunc(?1, start at time zone ?2), metric, facts, measured%s, sum%s_ms, met, missed, hist%s_ms
                from report_rollup where grain = ?3 and zone = ?5 and level = ?4 and %s""".formatted(key, clock, clock, clock, where), parameters)) {
            Metric metric = Metric.fromCode((String) row[2]).orElse(null);
            if (metric == null) {
                continue;
            }
            LocalDateTime bucket = localTime(row[1]);
            String series = (String) row[0];
            List<Sum> keys = new ArrayList<>(3);
            keys.add(new Sum(false, series, bucket, metric));
            if (!bucketsOnly) {
                keys.add(new Sum(request.groupBy() == ReportRequest.GroupBy.NONE, series, null, metric));
            }
            if (!bucketsOnly && request.groupBy() != ReportRequest.GroupBy.NONE) {
                keys.add(new Sum(true, null, null, metric));
            }
            byte[] histogram = (byte[]) row[8];
            for (Sum sum : keys) {
                sums.computeIfAbsent(sum, k -> new Cell()).add(number(row[3]), number(row[4]), number(row[5]), number(row[6]),
                        number(row[7]), histogram);
            }
        }
        List<Aggregate> aggregates = new ArrayList<>();
        sums.forEach((sum, c) -> aggregates.add(new Aggregate(sum.total(), sum.key(), sum.bucket(), sum.metric(), c.facts, c.measured,
                c.measured == 0 ? null : (double) c.sum / c.measured, c.histogram.percentile(0.5), c.histogram.percentile(0.9), c.met,
                c.missed)));
        return aggregates;
    }

    /** Which cells a {@link Cell} sums: one series' bucket, one series' range ({@code bucket} null), or the report's ({@code total}). */
    private record Sum(boolean total, String key, LocalDateTime bucket, Metric metric) {
    }

    /** The sum of rollup cells. */
    private static final class Cell {
        long facts;
        long measured;
        long sum;
        long met;
        long missed;
        final Histogram histogram = new Histogram();

        void add(long facts, long measured, long sum, long met, long missed, byte[] histogram) {
            this.facts += facts;
            this.measured += measured;
            this.sum += sum;
            this.met += met;
            this.missed += missed;
            this.histogram.add(histogram);
        }
    }

    /** Exact percentiles from the facts, in one scan (grouping sets): percentiles cannot be added up, so each level is computed from the facts. */
    private List<Aggregate> aggregateFacts(Filter filter, ReportRequest request, boolean bucketsOnly) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(request.granularity().sql());
        parameters.add(request.zone().getId());
        String key = switch (request.groupBy()) {
            case TEAM -> "team_id";
            case AGENT -> "device_id";
            case TOPIC -> "topic_id";
            case LABEL -> "label";
            case CHANNEL -> "channel";
            case NONE -> "cast(null as varchar)";
        };
        // per label: a fact once per label it has, once without a label when it has none
        String labels = request.groupBy() != ReportRequest.GroupBy.LABEL ? "" : ", unnest(case when cardinality(labels) = 0 "
                + "then array[null]::varchar[] else labels::varchar[] end) as label";
        String value = request.business() ? "business_ms" : "ms";
        String where = where(filter, parameters);
        String sets = bucketsOnly ? "grouping sets ((k, b, metric))"
                : request.groupBy() == ReportRequest.GroupBy.NONE ? "grouping sets ((k, b, metric), (k, metric))"
                : "grouping sets ((k, b, metric), (k, metric), (metric))";
        List<Object[]> rows = list("""
                select grouping(k), grouping(b), k, b, metric, count(*), count(v) filter (where answered),
                       cast(avg(v) filter (where answered) as double precision),
                       percentile_cont(0.5) within group (order by v) filter (where answered),
                       percentile_cont(0.9) within group (order by v) filter (where answered),
                       count(*) filter (where met), count(*) filter (where not met)
                from (select metric, %s as k, date_trunc(?1, at at time zone ?2) as b, %s as v, answered, met
                      from report_fact%s where %s) f
                group by %s""".formatted(key, value, labels, where, sets), parameters);
        List<Aggregate> aggregates = new ArrayList<>();
        for (Object[] row : rows) {
            boolean noKey = ((Number) row[0]).intValue() == 1;
            boolean noBucket = ((Number) row[1]).intValue() == 1;
            boolean total = noBucket && (noKey || request.groupBy() == ReportRequest.GroupBy.NONE);
            Metric metric = Metric.fromCode((String) row[4]).orElse(null);
            if (metric == null) {
                continue;
            }
            aggregates.add(new Aggregate(total, (String) row[2], noBucket ? null : localTime(row[3]), metric, number(row[5]), number(row[6]),
                    decimal(row[7]), decimal(row[8]), decimal(row[9]), number(row[10]), number(row[11])));
        }
        return aggregates;
    }

    /** The facts behind a number, oldest first. */
    List<Fact> facts(Filter filter, Collection<Metric> metrics, Boolean met, int limit, int offset) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        parameters.add(Jdbc.array(metrics.stream().map(Metric::code).toList()));
        String condition = where + " and metric = any(cast(?" + parameters.size() + " as varchar[]))";
        if (met != null) {
            parameters.add(met);
            condition += " and met = ?" + parameters.size();
        }
        parameters.add(limit);
        parameters.add(offset);
        List<Fact> facts = new ArrayList<>();
        for (Object[] row : list("""
                select id, metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered
                from report_fact where %s order by at, id limit ?%d offset ?%d""".formatted(condition, parameters.size() - 1,
                parameters.size()), parameters)) {
            facts.add(new Fact(number(row[0]), Metric.fromCode((String) row[1]).orElseThrow(), instant(row[2]), (String) row[3],
                    (String) row[4], number(row[5]), (String) row[6], nullableNumber(row[7]), nullableNumber(row[8]), (Boolean) row[9],
                    (Boolean) row[10]));
        }
        return facts;
    }

    /** One row per cycle started in the range (its {@code started} fact in the filter), its numbers side by side. */
    record CycleRow(long cycleId, String conversationId, String teamId, Instant startedAt, Long waitMs, Long waitBusinessMs,
                    String firstAssignee, Long firstResponseMs, Long firstResponseBusinessMs, String firstResponder, Boolean firstResponseMet,
                    long nextResponses, Double nextResponseMeanMs, long nextResponseMisses, Instant resolvedAt, String resolvedBy,
                    Long resolutionMs, Long resolutionBusinessMs, Boolean resolutionMet, Long handleMs, Long handleBusinessMs,
                    boolean abandoned, boolean shortAbandon, Long csat) {
    }

    /** Where a page of cycles continues: after the cycle {@code cycleId} started at {@code startedAt}. */
    record After(Instant startedAt, long cycleId) {
    }

    /** The cycles started in the range after {@code after} (null: from the start), in start order, at most {@code limit}. */
    List<CycleRow> cycles(Filter filter, After after, int limit) {
        List<Object> parameters = new ArrayList<>();
        Filter started = new Filter(filter.start(), filter.end(), filter.scopeTeams(), filter.team(), filter.teamNone(), null, filter.topic(),
                filter.topicNone(), filter.label(), filter.labelNone(), filter.channel());
        String where = where(started, parameters);
        if (after != null) {
            parameters.add(after.startedAt());
            parameters.add(after.cycleId());
            where += " and (at, cycle_id) > (?" + (parameters.size() - 1) + ", ?" + parameters.size() + ")";
        }
        String agent = "";
        if (filter.agent() != null) {
            parameters.add(filter.agent());
            agent = " and exists (select 1 from report_fact a where a.cycle_id = report_fact.cycle_id and a.device_id = ?" + parameters.size() + ")";
        }
        parameters.add(limit);
        List<CycleRow> cycles = new ArrayList<>();
        for (Object[] r : list("""
                select s.cycle_id, s.conversation_id, s.team_id, s.at,
                       max(f.ms) filter (where f.metric = 'wait'), max(f.business_ms) filter (where f.metric = 'wait'),
                       max(f.device_id) filter (where f.metric = 'wait'),
                       max(f.ms) filter (where f.metric = 'first_response' and f.answered),
                       max(f.business_ms) filter (where f.metric = 'first_response' and f.answered),
                       max(f.device_id) filter (where f.metric = 'first_response'),
                       bool_or(f.met) filter (where f.metric = 'first_response'),
                       count(*) filter (where f.metric = 'next_response' and f.answered),
                       cast(avg(f.ms) filter (where f.metric = 'next_response' and f.answered) as double precision),
                       count(*) filter (where f.metric = 'next_response' and f.met = false),
                       max(f.at) filter (where f.metric = 'resolution'), max(f.device_id) filter (where f.metric = 'resolution'),
                       max(f.ms) filter (where f.metric = 'resolution'), max(f.business_ms) filter (where f.metric = 'resolution'),
                       bool_or(f.met) filter (where f.metric = 'resolution'),
                       max(f.ms) filter (where f.metric = 'handle'), max(f.business_ms) filter (where f.metric = 'handle'),
                       count(*) filter (where f.metric in ('abandoned', 'short_abandon')), count(*) filter (where f.metric = 'short_abandon'),
                       max(f.ms) filter (where f.metric = 'csat')
                from (select cycle_id, conversation_id, team_id, at from report_fact where %s and metric = 'started' %s
                      order by at, cycle_id limit ?%d) s
                join report_fact f on f.cycle_id = s.cycle_id
                group by s.cycle_id, s.conversation_id, s.team_id, s.at
                order by s.at, s.cycle_id""".formatted(where, agent, parameters.size()), parameters)) {
            cycles.add(new CycleRow(number(r[0]), (String) r[1], (String) r[2], instant(r[3]), nullableNumber(r[4]), nullableNumber(r[5]),
                    (String) r[6], nullableNumber(r[7]), nullableNumber(r[8]), (String) r[9], (Boolean) r[10], number(r[11]), decimal(r[12]),
                    number(r[13]), instant(r[14]), (String) r[15], nullableNumber(r[16]), nullableNumber(r[17]), (Boolean) r[18],
                    nullableNumber(r[19]), nullableNumber(r[20]), number(r[21]) > 0, number(r[22]) > 0, nullableNumber(r[23])));
        }
        return cycles;
    }

    private static String where(Filter filter, List<Object> parameters) {
        return where(filter, parameters, false);
    }

    /** Of the facts, or of the rollup cells ({@code start} instead of {@code at}, one {@code label} instead of {@code labels}). */
    private static String where(Filter filter, List<Object> parameters, boolean cells) {
        String time = cells ? "start" : "at";
        StringBuilder where = new StringBuilder();
        parameters.add(filter.start());
        where.append(time).append(" >= ?").append(parameters.size());
        parameters.add(filter.end());
        where.append(" and ").append(time).append(" < ?").append(parameters.size());
        if (filter.scopeTeams() != null) {
            parameters.add("{" + String.join(",", filter.scopeTeams()) + "}");
            where.append(" and team_id = any(cast(?").append(parameters.size()).append(" as varchar[]))");
        }
        if (filter.teamNone()) {
            where.append(" and team_id is null");
        } else if (filter.team() != null) {
            parameters.add(filter.team());
            where.append(" and team_id = ?").append(parameters.size());
        }
        if (filter.agent() != null) {
            parameters.add(filter.agent());
            where.append(" and device_id = ?").append(parameters.size());
        }
        if (filter.topicNone()) {
            where.append(" and topic_id is null");
        } else if (filter.topic() != null) {
            parameters.add(filter.topic());
            where.append(" and topic_id = ?").append(parameters.size());
        }
        if (filter.channel() != null) {
            parameters.add(filter.channel());
            where.append(" and channel = ?").append(parameters.size());
        }
        if (filter.labelNone()) {
            where.append(cells ? " and label is null" : " and cardinality(labels) = 0");
        } else if (filter.label() != null) {
            parameters.add(filter.label());
            if (cells) {
                where.append(" and label = ?").append(parameters.size());
            } else {
                where.append(" and cast(?").append(parameters.size()).append(" as varchar) = any(labels)");
            }
        }
        return where.toString();
    }

    /** Straight through JDBC: a month of agent-day cells is tens of thousands of rows, each of which Hibernate would wrap. */
    private List<Object[]> list(String sql, List<Object> parameters) {
        return jdbc.list(sql, parameters.toArray());
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Long nullableNumber(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static LocalDateTime localTime(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        return (LocalDateTime) value;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
