package io.switchboard.reports;

import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.supervision.Scopes;
import io.switchboard.supervision.SupervisionSettingsService;
import io.switchboard.supervision.SupervisorScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reports, their drill-down and their CSV exports (docs/protocol.md §15.8), cut to the caller's
 * supervision scope — the same rule as the board's (§15.1). Every export is audited.
 */
@ApplicationScoped
public class ReportService {

    static final int MAX_DRILL = 500;
    /** A page of the per-cycle CSV: small enough to answer within the reports' 200 ms (docs/performance.md). */
    static final int MAX_CYCLE_ROWS = 1_000;

    private final ReportStore store;
    private final Scopes scopes;
    private final SupervisionSettingsService settings;
    private final AuditLog audit;

    ReportService(ReportStore store, Scopes scopes, SupervisionSettingsService settings, AuditLog audit) {
        this.store = store;
        this.scopes = scopes;
        this.settings = settings;
        this.audit = audit;
    }

    /** The query's text as received; {@code timeZone} null: the account's (the default settings' zone). */
    public record Query(String from, String to, String timeZone, String granularity, String groupBy, String team, String agent,
                        String topic, String label, String clock, String channel) {
    }

    /** One fact behind a number, as sent. */
    public record Item(String conversationId, long cycleId, String metric, Instant at, String teamId, String deviceId, Long ms,
                       Long businessMs, Boolean met, boolean answered) {
    }

    public record Items(List<Item> items, Integer nextOffset) {
    }

    @Transactional
    public Report report(AuthenticatedDevice caller, Query query) {
        ReportRequest request = parse(query);
        ReportStore.Filter filter = filter(caller, request, null, null);
        ReportStore.ZoneCells days = store.zoneCells(request);
        return build(request, store.aggregate(filter, request, days, false), days.progress());
    }

    /** The facts behind one number: a metric ({@code volume} for the cycles started), narrowed to {@code [start, end)}. */
    @Transactional
    public Items conversations(AuthenticatedDevice caller, Query query, String metric, String start, String end, Boolean met, int limit,
                               int offset) {
        ReportRequest request = parse(query);
        List<Metric> metrics = metrics(metric);
        ReportStore.Filter filter = filter(caller, request, instant(start, "start", request.start()), instant(end, "end", request.end()));
        List<ReportStore.Fact> facts = store.facts(filter, metrics, met, Math.min(limit, MAX_DRILL) + 1, offset);
        boolean more = facts.size() > Math.min(limit, MAX_DRILL);
        List<Item> items = facts.stream().limit(Math.min(limit, MAX_DRILL))
                .map(f -> new Item(f.conversationId(), f.cycleId(), f.metric().code(), f.at(), f.teamId(), f.deviceId(), f.ms(),
                        f.businessMs(), f.met(), f.answered()))
                .toList();
        return new Items(items, more ? offset + items.size() : null);
    }

    /** One row per day per series (team, agent, or everything): the report's numbers, audited as an export. */
    @Transactional
    public String dailyCsv(AuthenticatedDevice caller, Query query) {
        ReportRequest request = parse(new Query(query.from(), query.to(), query.timeZone(), "day", query.groupBy(), query.team(),
                query.agent(), query.topic(), query.label(), query.clock(), query.channel()));
        ReportStore.Filter filter = filter(caller, request, null, null);
        ReportStore.ZoneCells days = store.zoneCells(request);
        // the export has no totals: none is summed
        Report report = build(request, store.aggregate(filter, request, days, true), days.progress());
        String csv = ReportCsv.daily(report);
        audited(caller, "daily", request, report.series().stream().mapToInt(s -> s.buckets().size()).sum(), null);
        return csv;
    }

    /**
     * One row per conversation cycle started in the range, in start order, a page of at most
     * {@code limit} rows after the cycle {@code afterCycle} started at {@code afterStart} (the last row
     * of the page before); each page is audited as an export.
     */
    @Transactional
    public String cyclesCsv(AuthenticatedDevice caller, Query query, String afterStart, Long afterCycle, int limit) {
        ReportRequest request = parse(query);
        ReportStore.After after = null;
        if (afterStart != null || afterCycle != null) {
            if (afterStart == null || afterCycle == null) {
                throw new ValidationFailed(Map.of(afterStart == null ? "afterStart" : "afterCycle", "afterStart and afterCycle go together"));
            }
            Instant startedAt = instant(afterStart, "afterStart", null);
            if (startedAt == null) {
                throw new ValidationFailed(Map.of("afterStart", "must be an instant such as 2026-12-01T00:00:00Z"));
            }
            after = new ReportStore.After(startedAt, afterCycle);
        }
        List<ReportStore.CycleRow> rows = store.cycles(filter(caller, request, null, null), after, Math.min(limit, MAX_CYCLE_ROWS));
        audited(caller, "cycles", request, rows.size(), after);
        return ReportCsv.cycles(rows);
    }

    private void audited(AuthenticatedDevice caller, String kind, ReportRequest request, int rows, ReportStore.After after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("from", request.from().toString());
        details.put("to", request.to().toString());
        details.put("timeZone", request.zone().getId());
        details.put("groupBy", request.groupBy().name().toLowerCase(java.util.Locale.ROOT));
        details.put("team", request.team());
        details.put("agent", request.agent());
        details.put("topic", request.topic());
        details.put("label", request.label());
        details.put("channel", request.channel());
        details.put("rows", rows);
        if (after != null) {
            details.put("afterStart", after.startedAt().toString());
            details.put("afterCycle", after.cycleId());
        }
        details.values().removeIf(Objects::isNull);
        audit.record(AuditAction.REPORT_EXPORTED, caller.deviceId(), null, details);
    }

    private ReportRequest parse(Query q) {
        ZoneId account = ZoneId.of(settings.effective().defaults().timeZone());
        return ReportRequest.parse(q.from(), q.to(), q.timeZone(), q.granularity(), q.groupBy(), q.team(), q.agent(), q.topic(), q.label(),
                q.clock(), q.channel(), account);
    }

    /** The caller's scope (403 for agents and customers), narrowed to the team asked for (403 outside the scope). */
    private ReportStore.Filter filter(AuthenticatedDevice caller, ReportRequest request, Instant start, Instant end) {
        SupervisorScope scope = scopes.require(caller);
        boolean none = ReportRequest.NONE.equals(request.team());
        if (request.team() != null) {
            scopes.requireTeamOrNone(caller, none ? null : request.team());
        }
        Instant from = start == null || start.isBefore(request.start()) ? request.start() : start;
        Instant to = end == null || end.isAfter(request.end()) ? request.end() : end;
        boolean noTopic = ReportRequest.NONE.equals(request.topic());
        boolean noLabel = ReportRequest.NO_LABEL.equals(request.label());
        return new ReportStore.Filter(from, to, scope.everything() ? null : scope.teamIds(), none ? null : request.team(), none,
                request.agent(), noTopic ? null : request.topic(), noTopic, noLabel ? null : request.label(), noLabel, request.channel());
    }

    private static List<Metric> metrics(String code) {
        if ("volume".equals(code)) {
            return List.of(Metric.STARTED);
        }
        if ("assigned".equals(code)) {
            return List.of(Metric.WAIT);
        }
        return Metric.fromCode(code).map(List::of).orElseThrow(() -> new ValidationFailed(Map.of("metric",
                "must be volume, assigned, wait, first_response, next_response, resolution, handle, abandoned, short_abandon or csat")));
    }

    private static Instant instant(String text, String field, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(Map.of(field, "must be an instant such as 2026-12-01T00:00:00Z"));
        }
    }

    private static Report build(ReportRequest request, List<ReportStore.Aggregate> aggregates, Double preparing) {
        Map<Metric, ReportStore.Aggregate> total = new EnumMap<>(Metric.class);
        Map<String, Map<Metric, ReportStore.Aggregate>> seriesTotals = new HashMap<>();
        Map<String, TreeMap<LocalDateTime, Map<Metric, ReportStore.Aggregate>>> buckets = new HashMap<>();
        for (ReportStore.Aggregate a : aggregates) {
            if (a.total()) {
                total.put(a.metric(), a);
            } else if (a.bucket() == null) {
                seriesTotals.computeIfAbsent(a.key(), k -> new EnumMap<>(Metric.class)).put(a.metric(), a);
            } else {
                buckets.computeIfAbsent(a.key(), k -> new TreeMap<>()).computeIfAbsent(a.bucket(), b -> new EnumMap<>(Metric.class))
                        .put(a.metric(), a);
            }
        }
        if (request.groupBy() == ReportRequest.GroupBy.NONE && !buckets.isEmpty()) {
            seriesTotals.put(null, total); // one series, everything: its total is the report's
        }
        // every series with a total or a bucket (without totals, as for the daily CSV, a series' total is empty)
        Set<String> keys = new HashSet<>(seriesTotals.keySet());
        keys.addAll(buckets.keySet());
        List<Report.Series> series = new ArrayList<>();
        for (String key : keys) {
            List<Report.Bucket> list = new ArrayList<>();
            buckets.getOrDefault(key, new TreeMap<>()).forEach((local, metrics) -> list.add(bucket(request, local, metrics)));
            ReportRequest.GroupBy by = request.groupBy();
            series.add(new Report.Series(by == ReportRequest.GroupBy.TEAM ? key : null, by == ReportRequest.GroupBy.AGENT ? key : null,
                    by == ReportRequest.GroupBy.TOPIC ? key : null, by == ReportRequest.GroupBy.LABEL ? key : null,
                    by == ReportRequest.GroupBy.CHANNEL ? key : null, numbers(seriesTotals.getOrDefault(key, Map.of())), list));
        }
        // the series of no team / agent / topic / label last
        series.sort(java.util.Comparator.comparing((Report.Series s) -> s.key() == null)
                .thenComparing(s -> Objects.requireNonNullElse(s.key(), "")));
        return new Report(request.zone().getId(), request.from(), request.to(), request.granularity().sql(),
                request.groupBy().name().toLowerCase(java.util.Locale.ROOT), request.business() ? "business" : "wall", request.start(),
                request.end(), numbers(total), series, preparing);
    }

    private static Report.Bucket bucket(ReportRequest request, LocalDateTime local, Map<Metric, ReportStore.Aggregate> metrics) {
        Instant start = local.atZone(request.zone()).toInstant();
        Instant end = local.plus(1, request.granularity().unit()).atZone(request.zone()).toInstant();
        return new Report.Bucket(local, start.isBefore(request.start()) ? request.start() : start,
                end.isAfter(request.end()) ? request.end() : end, numbers(metrics));
    }

    private static Report.Numbers numbers(Map<Metric, ReportStore.Aggregate> m) {
        return new Report.Numbers(count(m, Metric.STARTED), count(m, Metric.WAIT), stat(m.get(Metric.WAIT)), stat(m.get(Metric.FIRST_RESPONSE)),
                stat(m.get(Metric.NEXT_RESPONSE)), stat(m.get(Metric.RESOLUTION)), stat(m.get(Metric.HANDLE)), count(m, Metric.ABANDONED),
                count(m, Metric.SHORT_ABANDON), stat(m.get(Metric.CSAT)));
    }

    private static long count(Map<Metric, ReportStore.Aggregate> m, Metric metric) {
        ReportStore.Aggregate a = m.get(metric);
        return a == null ? 0 : a.facts();
    }

    private static Report.Stat stat(ReportStore.Aggregate a) {
        if (a == null) {
            return Report.Stat.EMPTY;
        }
        long decided = a.met() + a.missed();
        return new Report.Stat(a.measured(), a.mean(), a.median(), a.p90(), a.met(), a.missed(),
                decided == 0 ? null : 100.0 * a.met() / decided);
    }
}
