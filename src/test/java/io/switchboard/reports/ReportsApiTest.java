package io.switchboard.reports;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.supervision.GeneratedFacts;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports through the real API: a property test against a brute-force recomputation from the raw
 * cycle facts, the drill-down behind a number, the CSV exports and who may read them.
 */
@QuarkusTest
class ReportsApiTest extends ConversationTest {

    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** +5:45: no hour cell cuts its days; until its own day cells are filled, its reports read the facts. */
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    /** Rest Assured reads JSON numbers as floats unless told otherwise: too coarse for a mean in milliseconds. */
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final List<String> METRICS = List.of("waitTime", "firstResponse", "nextResponse", "resolution", "handle", "csat");

    @Inject
    GeneratedFacts generated;

    @Inject
    EntityManager entityManager;

    @Inject
    ReportZoneFiller filler;

    private String teamA;
    private String teamB;
    private TestDevice supervisor;

    @BeforeEach
    void teamsAndAScopedSupervisor() {
        teamA = team("Billing");
        teamB = team("Returns");
        supervisor = TestDevice.create("Sofia Supervisor");
        accounts.linkByQr(owner, supervisor, "supervisor");
        owner.request().contentType("application/json").body(Map.of("capacity", 5, "teamIds", List.of(teamA)))
                .put("/api/agents/" + supervisor.id()).then().statusCode(200);
    }

    private String team(String name) {
        return owner.request().contentType("application/json")
                .body(Map.of("name", name, "policy", "least_loaded", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
    }

    private JsonPath report(TestDevice device, String query) {
        return device.request().get("/api/reports?" + query).then().statusCode(200).extract().jsonPath().using(DOUBLES);
    }

    @Test
    void everyNumberAgreesWithABruteForceRecomputationFromTheRawFacts() {
        List<String> topics = topics();
        for (long seed = 1; seed <= 3; seed++) {
            data.execute("delete from report_fact; delete from response_fact; delete from conversation_cycle; delete from csat_rating");
            // a third-party chat's room exists before its conversation's facts, which keep its channel
            channels = thirdPartyRooms(seed, 150);
            generated.generate(seed, 150, FROM, 20, List.of(teamA, teamB), List.of(agent.id(), owner.id()), topics, List.of("vip", "refund"));
            // the account's zone, set after the facts, has its day cells cut again from them
            accountZone(seed % 2 == 0 ? TOKYO : LISBON);
            // before the viewer's zones are filled: hour cells (the other zone) and the facts (+5:45); after: their own day cells
            for (ZoneId zone : List.of(LISBON, TOKYO, KATHMANDU)) {
                checkPerAgent(zone, "seed " + seed + " before filling ");
                checkSeriesDays(report(owner, "from=2026-11-03&to=2026-11-20&granularity=day&groupBy=channel&timeZone=" + zone), "channel",
                        bruteForce(zone, FROM_DAY, TO_DAY, false, dimension("channel"), true), "seed " + seed + " " + zone + " before filling by channel ");
            }
            checkHoursPerTeam(KATHMANDU, "seed " + seed + " before filling ");
            filler.fill();
            checkHoursPerTeam(KATHMANDU, "seed " + seed + " filled ");
            for (ZoneId zone : List.of(LISBON, TOKYO, KATHMANDU)) {
                checkPerAgent(zone, "seed " + seed + " filled ");
                for (String clock : List.of("wall", "business")) {
                    for (String groupBy : List.of("team", "topic", "label", "channel")) {
                        String query = "from=2026-11-03&to=2026-11-20&granularity=day&groupBy=" + groupBy + "&timeZone=" + zone + "&clock=" + clock;
                        String where = "seed " + seed + " " + zone + " " + clock + " by " + groupBy + " ";
                        checkSeriesDays(report(owner, query), groupBy, bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"),
                                dimension(groupBy), true), where);
                    }
                    // one label (a fact in two label series counts once in a total) and one topic, as filters
                    String range = "from=2026-11-03&to=2026-11-20&timeZone=" + zone + "&clock=" + clock;
                    Map<String, Expected> all = bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"), d -> List.of("all"), false);
                    all.get("all").check(cast(report(owner, range + "&groupBy=label").get("total")), "seed " + seed + " " + zone + " total by label");
                    Map<String, Expected> vip = bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"),
                            d -> d.labels().contains("vip") ? List.of("vip") : List.of(), false);
                    vip.get("vip").check(cast(report(owner, range + "&label=vip").get("total")), "seed " + seed + " " + zone + " label vip");
                    Map<String, Expected> unlabelled = bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"),
                            d -> d.labels().isEmpty() ? List.of("-") : List.of(), false);
                    unlabelled.get("-").check(cast(report(owner, range + "&groupBy=team&label=-").get("total")),
                            "seed " + seed + " " + zone + " without labels");
                    Map<String, Expected> topic = bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"),
                            d -> topics.get(0).equals(d.topic()) ? List.of("t") : List.of(), false);
                    topic.get("t").check(cast(report(owner, range + "&groupBy=agent&topic=" + topics.get(0)).get("total")),
                            "seed " + seed + " " + zone + " one topic per agent (the facts)");
                    // one channel, as a filter of its cells and, per agent, of the facts
                    Map<String, Expected> peer = bruteForce(zone, FROM_DAY, TO_DAY, clock.equals("business"),
                            d -> "a.test".equals(channels.get(d.conversation())) ? List.of("a") : List.of(), false);
                    peer.get("a").check(cast(report(owner, range + "&groupBy=team&channel=a.test").get("total")),
                            "seed " + seed + " " + zone + " channel a.test");
                    peer.get("a").check(cast(report(owner, range + "&groupBy=agent&channel=a.test").get("total")),
                            "seed " + seed + " " + zone + " one channel per agent (the facts)");
                }
            }
        }
    }

    /** Per team per local hour over three days, wall time, against the raw facts. */
    private void checkHoursPerTeam(ZoneId zone, String where) {
        LocalDate from = LocalDate.parse("2026-11-09");
        LocalDate to = LocalDate.parse("2026-11-11");
        JsonPath report = report(owner, "from=" + from + "&to=" + to + "&granularity=hour&groupBy=team&timeZone=" + zone);
        checkSeriesBuckets(report, "team", facts(zone, from, to, false, null, f -> String.valueOf(f[3]), java.time.temporal.ChronoUnit.HOURS),
                13, where + zone + " hours ");
    }

    /**
     * Per agent per day and in total, wall and business, against the raw facts: the owner over every
     * team (the agent level over all teams once the zone has day cells), the supervisor of team A over
     * team A's facts only (the agent cells split by team).
     */
    private void checkPerAgent(ZoneId zone, String where) {
        for (String clock : List.of("wall", "business")) {
            String query = "from=2026-11-03&to=2026-11-20&granularity=day&groupBy=agent&timeZone=" + zone + "&clock=" + clock;
            boolean business = clock.equals("business");
            JsonPath everyTeam = report(owner, query);
            checkSeriesDays(everyTeam, "agent", factsPerAgent(zone, business, null, true), where + zone + " " + clock + " owner ");
            factsPerAgent(zone, business, null, false).get("all").check(cast(everyTeam.get("total")), where + zone + " " + clock + " owner total");
            JsonPath scoped = report(supervisor, query);
            checkSeriesDays(scoped, "agent", factsPerAgent(zone, business, teamA, true), where + zone + " " + clock + " supervisor ");
            factsPerAgent(zone, business, teamA, false).get("all").check(cast(scoped.get("total")), where + zone + " " + clock + " supervisor total");
        }
    }

    /**
     * The numbers straight from {@code report_fact}, of every team or of {@code team} only, keyed
     * {@code agent|day} ({@code perDay}) or {@code all}.
     */
    private Map<String, Expected> factsPerAgent(ZoneId zone, boolean business, String team, boolean perDay) {
        return facts(zone, FROM_DAY, TO_DAY, business, team, f -> perDay ? String.valueOf(f[2]) : "all",
                perDay ? java.time.temporal.ChronoUnit.DAYS : null);
    }

    /**
     * The numbers straight from {@code report_fact} ({@code metric, at, device_id, team_id, …}) of local
     * dates {@code from}–{@code to}, of every team or of {@code team} only, keyed {@code series|local
     * bucket} (per {@code unit}: {@code 2026-11-03} or {@code 2026-11-03T05}) or {@code series} (unit null).
     */
    private Map<String, Expected> facts(ZoneId zone, LocalDate from, LocalDate to, boolean business, String team,
                                        java.util.function.Function<Object[], String> series, java.time.temporal.ChronoUnit unit) {
        Map<String, Expected> expected = new HashMap<>();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<Object[]> facts = QuarkusTransaction.requiringNew().call(() -> rows(
                "select metric, at, device_id, team_id, ms, business_ms, met, answered from report_fact"));
        for (Object[] f : facts) {
            if (team != null && !team.equals(f[3])) {
                continue;
            }
            Instant at = time(f[1]);
            if (at.isBefore(start) || !at.isBefore(end)) {
                continue;
            }
            String local = at.atZone(zone).toLocalDateTime().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
            String key = unit == null ? series.apply(f)
                    : series.apply(f) + "|" + local.substring(0, unit == java.time.temporal.ChronoUnit.HOURS ? 13 : 10);
            Expected e = expected.computeIfAbsent(key, k -> new Expected());
            Long value = number(f[business ? 5 : 4]);
            boolean answered = Boolean.TRUE.equals(f[7]);
            switch ((String) f[0]) {
                case "started" -> e.volume++;
                case "wait" -> {
                    e.assigned++;
                    e.stat("waitTime").add(value, (Boolean) f[6], answered);
                }
                case "first_response" -> e.stat("firstResponse").add(value, (Boolean) f[6], answered);
                case "next_response" -> e.stat("nextResponse").add(value, (Boolean) f[6], answered);
                case "resolution" -> e.stat("resolution").add(value, (Boolean) f[6], answered);
                case "handle" -> e.stat("handle").add(value, (Boolean) f[6], answered);
                case "abandoned" -> e.abandoned++;
                case "short_abandon" -> e.shortAbandoned++;
                case "csat" -> e.stat("csat").add(value, (Boolean) f[6], answered);
                default -> throw new IllegalStateException("a metric the test does not know: " + f[0]);
            }
        }
        return expected;
    }

    @Test
    void aViewersZoneIsRegisteredOnFirstAskFilledInTheBackgroundAndThenReadFromItsDayCells() {
        generated.generate(17, 60, FROM, 20, List.of(teamA, teamB), List.of(agent.id(), owner.id()));
        String query = "from=2026-11-03&to=2026-11-20&groupBy=agent&timeZone=" + KATHMANDU;
        JsonPath before = report(owner, query);
        assertEquals(0.0, before.getDouble("preparing"), "registered, nothing filled yet");
        assertEquals(1, data.count("report_zone where zone = 'Asia/Kathmandu' and filled_from = 'infinity'"));
        filler.fill();
        JsonPath after = report(owner, query);
        assertNull(after.get("preparing"));
        assertEquals(before.getLong("total.assigned"), after.getLong("total.assigned"));
        long scopedAssigned = report(supervisor, query).getLong("total.assigned");
        assertTrue(scopedAssigned < after.getLong("total.assigned"), "the generated agents work in both teams");

        // what is read: the owner the agent level over every team, the scoped supervisor the agent cells of their team
        data.execute("update report_rollup set facts = facts + 1000 where grain = 'd' and level = 'g' and metric = 'wait'"
                + " and device_id = '" + agent.id() + "' and zone = (select id from report_zone where zone = 'Asia/Kathmandu')"
                + " and start = (select min(start) from report_rollup where grain = 'd' and level = 'g' and metric = 'wait' and start > '2026-11-05'"
                + " and device_id = '" + agent.id() + "'"
                + " and zone = (select id from report_zone where zone = 'Asia/Kathmandu'))");
        assertEquals(after.getLong("total.assigned") + 1000, report(owner, query).getLong("total.assigned"));
        assertEquals(scopedAssigned, report(supervisor, query).getLong("total.assigned"), "a scoped supervisor never reads across teams");

        // +5:45 keeps its own local hours too, which an hourly report there reads
        assertEquals(1, data.count("report_zone where zone = 'Asia/Kathmandu' and hours"));
        String hours = "from=2026-11-09&to=2026-11-11&granularity=hour&timeZone=" + KATHMANDU;
        long volume = report(owner, hours).getLong("total.volume");
        int cells = data.execute("update report_rollup set facts = facts + 1000 where grain = 'h' and level = 't' and metric = 'started'"
                + " and zone = (select id from report_zone where zone = 'Asia/Kathmandu')"
                + " and start = (select min(start) from report_rollup where grain = 'h' and level = 't' and metric = 'started'"
                + " and start > '2026-11-09T12:00:00Z' and zone = (select id from report_zone where zone = 'Asia/Kathmandu'))");
        assertTrue(cells > 0);
        assertEquals(volume + 1000L * cells, report(owner, hours).getLong("total.volume"));

        // a zone with the same offsets over the range reads the same cells: London is UTC (the account's) in November
        long zones = data.count("report_zone");
        assertNull(report(owner, "from=2026-11-03&to=2026-11-20&timeZone=Europe/London").get("preparing"));
        assertEquals(zones, data.count("report_zone"));
        // at most MAX_ZONES zones cost the writers a cell each: the ones beyond are read from hour cells, not prepared
        for (String zone : List.of("Asia/Tokyo", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
                "Africa/Nairobi", "Pacific/Auckland")) {
            report(owner, "from=2026-11-03&to=2026-11-20&timeZone=" + zone);
        }
        assertEquals(ReportStore.MAX_ZONES, data.count("report_zone"));
        assertEquals(List.of("Asia/Kathmandu", "Asia/Kolkata"), List.of(data.rows("select zone from report_zone where hours order by zone")
                .split("\n")).subList(1, 3), "only zones with 30/45-minute offsets keep their own hours");
        assertEquals(0, data.count("report_zone where zone = 'Pacific/Auckland'"));
        assertNull(report(owner, "from=2026-11-03&to=2026-11-20&timeZone=Pacific/Auckland").get("preparing"));
    }

    private static final LocalDate FROM_DAY = LocalDate.parse("2026-11-03");
    private static final LocalDate TO_DAY = LocalDate.parse("2026-11-20");

    /** Each series' days agree with the brute force keyed {@code series|day}. */
    private static void checkSeriesDays(JsonPath report, String groupBy, Map<String, Expected> expected, String where) {
        checkSeriesBuckets(report, groupBy, expected, 10, where);
    }

    /** Each series' buckets agree with the brute force keyed {@code series|the first keyLength characters of the bucket's local time}. */
    private static void checkSeriesBuckets(JsonPath report, String groupBy, Map<String, Expected> expected, int keyLength, String where) {
        String field = switch (groupBy) {
            case "team" -> "teamId";
            case "agent" -> "deviceId";
            case "topic" -> "topicId";
            case "channel" -> "channel";
            default -> "label";
        };
        Map<String, Map<String, Object>> actual = new HashMap<>();
        List<Map<String, Object>> series = report.getList("series");
        for (Map<String, Object> s : series) {
            for (Object b : (List<?>) s.get("buckets")) {
                Map<String, Object> bucket = cast(b);
                String day = ((String) bucket.get("local")).substring(0, keyLength);
                actual.put(s.get(field) + "|" + day, cast(bucket.get("numbers")));
            }
        }
        assertEquals(expected.keySet().stream().sorted().toList(), actual.keySet().stream().sorted().toList(), where + "the same series-days");
        expected.forEach((key, want) -> want.check(actual.get(key), where + key));
    }

    /**
     * The series a cycle's numbers belong to: its team, its topic, each of its labels (none: the series
     * without), or its channel (the peer whose room the conversation is, else direct).
     */
    private java.util.function.Function<Dims, List<String>> dimension(String groupBy) {
        return switch (groupBy) {
            case "team" -> d -> java.util.Collections.singletonList(d.team());
            case "topic" -> d -> java.util.Collections.singletonList(d.topic());
            case "channel" -> d -> List.of(channels.getOrDefault(d.conversation(), "direct"));
            default -> d -> d.labels().isEmpty() ? java.util.Collections.singletonList(null) : d.labels();
        };
    }

    private record Dims(String conversation, String team, String topic, List<String> labels) {
    }

    /** The channel of each generated conversation that is a third-party room; the others are direct. */
    private Map<String, String> channels = Map.of();

    /**
     * Makes some generated conversations third-party rooms: every third one of the peer a.test, every
     * fifth other one of b.test (the conversation of a third-party chat is its room, docs/protocol.md §16).
     */
    private Map<String, String> thirdPartyRooms(long seed, int conversations) {
        Map<String, String> rooms = new HashMap<>();
        for (int i = 0; i < conversations; i++) {
            if (i % 3 == 0 || i % 5 == 0) {
                rooms.put("gen" + seed + "x" + i, i % 3 == 0 ? "a.test" : "b.test");
            }
        }
        OffsetDateTime at = FROM.atOffset(java.time.ZoneOffset.UTC);
        QuarkusTransaction.requiringNew().run(() -> {
            for (String peer : List.of("a.test", "b.test")) {
                entityManager.createNativeQuery("""
                                insert into federation_peer (domain, address, trust_pem, enabled, updated_at)
                                values (?1, ?2, 'pem', true, ?3) on conflict do nothing""")
                        .setParameter(1, peer).setParameter(2, "https://" + peer).setParameter(3, at).executeUpdate();
            }
            rooms.forEach((room, peer) -> entityManager.createNativeQuery("""
                            insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at)
                            values (?1, ?2, ?3, 'granted', ?4, ?5)""")
                    .setParameter(1, peer).setParameter(2, "+49170" + room.substring(3).replace("x", "0")).setParameter(3, Accounts.NUMBER)
                    .setParameter(4, room).setParameter(5, at).executeUpdate());
        });
        return rooms;
    }

    private List<String> topics() {
        owner.request().contentType("application/json").body(Map.of("topics", List.of(Map.of("label", "Invoices", "teamId", teamA, "priority", 0),
                Map.of("label", "Returns", "teamId", teamB, "priority", 0)))).put("/api/teams/topics").then().statusCode(200);
        return owner.request().get("/api/teams/topics").then().statusCode(200).extract().jsonPath().getList("id");
    }

    private void accountZone(ZoneId zone) {
        owner.request().contentType("application/json").body("""
                        {"timeZone": "%s", "businessHours": null, "sla": {}, "serviceLevelSeconds": 60, "shortAbandonSeconds": 10,
                         "alerts": {"waitWarningSeconds": 60, "waitCriticalSeconds": 300, "slaWarningPercent": 80}}""".formatted(zone))
                .put("/api/supervision/settings/default").then().statusCode(200);
    }

    @Test
    void theDatabaseBinsEveryValueWhereTheHistogramReadsIt() {
        List<Long> values = new ArrayList<>();
        for (long v = 0; v < 200; v++) {
            values.add(v);
        }
        for (double v = 200; v < 1e11; v *= 1.013) {
            values.add((long) v);
        }
        String list = values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        List<Object[]> bins = rows("select v, report_bin(v) from unnest(cast('{" + list + "}' as bigint[])) v");
        assertEquals(values.size(), bins.size());
        for (Object[] row : bins) {
            long value = number(row[0]);
            int bin = ((Number) row[1]).intValue();
            assertEquals(Histogram.bin(value), bin, "the bin of " + value);
            assertEquals(value, Histogram.representative(bin), value * Histogram.RELATIVE_ERROR, "the representative of " + value);
        }
    }

    @Test
    void theDatabasePacksHistogramsTheWayTheReportsReadThem() {
        long huge = Long.MAX_VALUE / 2; // its bin is above 511: the word's top bit
        Object[] packed = rows("""
                select report_hist(array[report_bin(5), report_bin(5), report_bin(%d)]), report_hist_merge(w, w, 1),
                       report_hist_merge(report_hist_merge(w, w, 1), w, -1), report_hist_merge(w, w, -1)
                from (select int4send((70 << 22) | 3000000) as w) one""".formatted(huge)).get(0);
        Histogram three = new Histogram();
        three.add((byte[]) packed[0]);
        assertEquals(5.0, three.percentile(0.5));
        assertEquals(huge, three.percentile(1.0), huge * Histogram.RELATIVE_ERROR);

        // 6,000,000 values in one bin are more than one word counts: two words of the bin, read as one
        byte[] twice = (byte[]) packed[1];
        assertEquals(8, twice.length);
        Histogram split = new Histogram();
        split.add(twice);
        split.add((byte[]) packed[0]);
        assertEquals(Histogram.representative(70), split.percentile(0.5));
        assertEquals(5.0, split.percentile(0.0));
        assertEquals(huge, split.percentile(1.0), huge * Histogram.RELATIVE_ERROR);
        // ranks 0-1 are the 5s, 2 to 6,000,001 the bin's (both words), 6,000,002 the huge value
        assertEquals(Histogram.representative(70), split.percentile(6_000_001.0 / 6_000_002));

        // taking facts away: back to one word, and nothing left at all
        assertEquals(4, ((byte[]) packed[2]).length);
        assertEquals(0, ((byte[]) packed[3]).length);
        assertNull(new Histogram().percentile(0.5));
    }

    /**
     * What each metric's raw facts say, grouped by the series of {@code dimension} (from the cycle's team
     * and its conversation's topic and labels) and, {@code perDay}, the local day of the instant its clock
     * stopped (docs/metrics.md).
     */
    private Map<String, Expected> bruteForce(ZoneId zone, LocalDate from, LocalDate to, boolean business,
                                             java.util.function.Function<Dims, List<String>> dimension, boolean perDay) {
        Map<String, Expected> expected = new HashMap<>();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<Object[]> cycles = QuarkusTransaction.requiringNew().call(() -> rows("""
                select y.team_id, started_at, first_assigned_at, wait_ms, wait_business_ms, resolved_at, resolution_ms, resolution_business_ms,
                       resolution_met, handle_ms, handle_business_ms, abandoned, short_abandon, v.topic_id, array_to_string(v.labels, ','), v.id
                from conversation_cycle y join conversation v on v.id = y.conversation_id"""));
        for (Object[] c : cycles) {
            for (String series : dimension.apply(dims(c[15], c[0], c[13], c[14]))) {
                add(expected, series, time(c[1]), zone, start, end, perDay).volume++;
                if (c[2] != null) {
                    Expected e = add(expected, series, time(c[2]), zone, start, end, perDay);
                    e.assigned++;
                    e.stat("waitTime").add(number(c[business ? 4 : 3]), null, true);
                }
                if (c[5] != null) {
                    Expected e = add(expected, series, time(c[5]), zone, start, end, perDay);
                    e.stat("resolution").add(number(c[business ? 7 : 6]), (Boolean) c[8], true);
                    e.stat("handle").add(number(c[business ? 10 : 9]), null, true);
                    if (Boolean.TRUE.equals(c[11])) {
                        if (Boolean.TRUE.equals(c[12])) {
                            e.shortAbandoned++;
                        } else {
                            e.abandoned++;
                        }
                    }
                }
            }
        }
        List<Object[]> responses = QuarkusTransaction.requiringNew().call(() -> rows("""
                select c.team_id, r.kind, coalesce(r.answered_at, c.resolved_at), r.response_ms, r.response_business_ms, r.met,
                       r.answered_at is not null, v.topic_id, array_to_string(v.labels, ','), v.id
                from response_fact r join conversation_cycle c on c.id = r.cycle_id join conversation v on v.id = c.conversation_id"""));
        for (Object[] r : responses) {
            for (String series : dimension.apply(dims(r[9], r[0], r[7], r[8]))) {
                Expected e = add(expected, series, time(r[2]), zone, start, end, perDay);
                e.stat("first".equals(r[1]) ? "firstResponse" : "nextResponse").add(number(r[business ? 4 : 3]), (Boolean) r[5], (Boolean) r[6]);
            }
        }
        List<Object[]> ratings = QuarkusTransaction.requiringNew().call(() -> rows("""
                select c.team_id, r.rated_at, r.rating, v.topic_id, array_to_string(v.labels, ','), v.id from csat_rating r
                join conversation_cycle c on c.conversation_id = r.conversation_id and c.resolved_at = r.resolved_at
                join conversation v on v.id = c.conversation_id"""));
        for (Object[] r : ratings) {
            for (String series : dimension.apply(dims(r[5], r[0], r[3], r[4]))) {
                add(expected, series, time(r[1]), zone, start, end, perDay).stat("csat").add(number(r[2]), null, true);
            }
        }
        return expected;
    }

    private static Dims dims(Object conversation, Object team, Object topic, Object labels) {
        String text = (String) labels;
        return new Dims((String) conversation, (String) team, (String) topic, text == null || text.isEmpty() ? List.of() : List.of(text.split(",")));
    }

    private Expected add(Map<String, Expected> expected, String series, Instant at, ZoneId zone, Instant start, Instant end, boolean perDay) {
        if (at.isBefore(start) || !at.isBefore(end)) {
            return new Expected(); // outside the range: counted nowhere
        }
        return expected.computeIfAbsent(perDay ? series + "|" + at.atZone(zone).toLocalDate() : series, k -> new Expected());
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return entityManager.createNativeQuery(sql).getResultList();
    }

    private static Instant time(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) value).toInstant();
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private static final class Expected {
        long volume;
        long assigned;
        long abandoned;
        long shortAbandoned;
        final Map<String, Values> stats = new HashMap<>();

        Values stat(String name) {
            return stats.computeIfAbsent(name, k -> new Values());
        }

        void check(Map<String, Object> actual, String where) {
            assertEquals(volume, ((Number) actual.get("volume")).longValue(), where + " volume");
            assertEquals(assigned, ((Number) actual.get("assigned")).longValue(), where + " assigned");
            assertEquals(abandoned, ((Number) actual.get("abandoned")).longValue(), where + " abandoned");
            assertEquals(shortAbandoned, ((Number) actual.get("shortAbandoned")).longValue(), where + " short abandons");
            for (String metric : METRICS) {
                stats.getOrDefault(metric, new Values()).check(cast(actual.get(metric)), where + " " + metric);
            }
        }
    }

    private static final class Values {
        final List<Long> measured = new ArrayList<>();
        long met;
        long missed;

        void add(Long value, Boolean met, boolean answered) {
            if (answered && value != null) {
                measured.add(value);
            }
            if (Boolean.TRUE.equals(met)) {
                this.met++;
            } else if (Boolean.FALSE.equals(met)) {
                missed++;
            }
        }

        void check(Map<String, Object> actual, String where) {
            assertEquals(measured.size(), ((Number) actual.get("count")).longValue(), where + " count");
            assertEquals(met, ((Number) actual.get("met")).longValue(), where + " met");
            assertEquals(missed, ((Number) actual.get("missed")).longValue(), where + " missed");
            if (measured.isEmpty()) {
                assertNull(actual.get("mean"), where + " mean");
                return;
            }
            List<Long> sorted = new ArrayList<>(measured);
            Collections.sort(sorted);
            close(sorted.stream().mapToLong(Long::longValue).average().orElseThrow(), actual.get("mean"), where + " mean");
            // percentiles from the rollups' histograms: within the bins' bound (docs/metrics.md, "Rollups")
            close(percentile(sorted, 0.5), actual.get("median"), Histogram.RELATIVE_ERROR, where + " median");
            close(percentile(sorted, 0.9), actual.get("p90"), Histogram.RELATIVE_ERROR, where + " p90");
            if (met + missed > 0) {
                close(100.0 * met / (met + missed), actual.get("slaPercent"), where + " SLA %");
            }
        }

        /** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
        private static double percentile(List<Long> sorted, double p) {
            double position = p * (sorted.size() - 1);
            int lower = (int) Math.floor(position);
            int upper = (int) Math.ceil(position);
            return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
        }

        private static void close(double expected, Object actual, String where) {
            close(expected, actual, 1e-9, where);
        }

        private static void close(double expected, Object actual, double relative, String where) {
            assertNotNull(actual, where);
            assertEquals(expected, ((Number) actual).doubleValue(), Math.max(1e-6, Math.abs(expected) * relative), where);
        }
    }

    @Test
    void theFactsBehindANumberReproduceIt() {
        generated.generate(7, 60, FROM, 5, List.of(teamA, teamB), List.of(agent.id()));
        JsonPath report = report(owner, "from=2026-11-01&to=2026-11-10&granularity=week&timeZone=Europe/Lisbon");
        Map<String, Object> bucket = cast(report.getList("series[0].buckets").get(0));
        Map<String, Object> firstResponse = cast(cast(bucket.get("numbers")).get("firstResponse"));
        JsonPath drill = owner.request().get("/api/reports/conversations?from=2026-11-01&to=2026-11-10&timeZone=Europe/Lisbon"
                + "&metric=first_response&limit=500&start=" + bucket.get("start") + "&end=" + bucket.get("end")).then().statusCode(200)
                .extract().jsonPath().using(DOUBLES);
        List<Map<String, Object>> items = drill.getList("items");
        List<Map<String, Object>> answered = items.stream().filter(i -> Boolean.TRUE.equals(i.get("answered"))).toList();
        assertEquals(((Number) firstResponse.get("count")).longValue(), answered.size());
        double mean = answered.stream().mapToLong(i -> ((Number) i.get("ms")).longValue()).average().orElseThrow();
        assertEquals(((Number) firstResponse.get("mean")).doubleValue(), mean, 1e-6);
        assertEquals(((Number) firstResponse.get("missed")).longValue(), items.stream().filter(i -> Boolean.FALSE.equals(i.get("met"))).count());
        assertTrue(items.stream().allMatch(i -> i.get("conversationId") != null && i.get("cycleId") != null));

        long volume = report.getLong("total.volume");
        JsonPath page = owner.request().get("/api/reports/conversations?from=2026-11-01&to=2026-11-10&timeZone=Europe/Lisbon"
                + "&metric=volume&limit=" + (volume - 1)).then().statusCode(200).extract().jsonPath();
        assertEquals(volume - 1, page.getList("items").size());
        assertEquals((int) (volume - 1), page.getInt("nextOffset"), "one more behind the page");
    }

    @Test
    void theCsvExportsHaveOneRowPerDayPerTeamAndOnePerCycleAndAreAudited() {
        generated.generate(11, 40, FROM, 4, List.of(teamA, teamB), List.of(agent.id()));
        String query = "from=2026-11-01&to=2026-11-30&groupBy=team&timeZone=UTC";
        JsonPath report = report(owner, query + "&granularity=day");
        int teamDays = report.getList("series").stream().mapToInt(s -> ((List<?>) cast(s).get("buckets")).size()).sum();
        String daily = owner.request().get("/api/reports/daily.csv?" + query).then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = daily.split("\r\n");
        assertTrue(lines[0].startsWith("date,team_id,device_id,volume,assigned,wait_count"));
        assertEquals(teamDays, lines.length - 1);
        long volume = 0;
        for (int i = 1; i < lines.length; i++) {
            volume += Long.parseLong(lines[i].split(",", -1)[3]);
        }
        assertEquals(report.getLong("total.volume"), volume, "the days add up to the range");

        String cycles = owner.request().get("/api/reports/cycles.csv?" + query).then().statusCode(200).extract().asString();
        assertEquals(report.getLong("total.volume"), cycles.split("\r\n").length - 1, "one row per cycle started");
        assertEquals(2, data.count("audit_event where action = 'report.exported' and actor_device_id = '" + owner.id() + "'"));

        // pages of 7, each continuing after the last row of the one before, add up to the whole export
        List<String> paged = new ArrayList<>();
        String after = "";
        int pages = 0;
        while (true) {
            String[] page = owner.request().get("/api/reports/cycles.csv?" + query + "&limit=7" + after).then().statusCode(200).extract()
                    .asString().split("\r\n");
            pages++;
            paged.addAll(List.of(page).subList(1, page.length));
            if (page.length - 1 < 7) {
                break;
            }
            String[] last = page[page.length - 1].split(",", -1);
            after = "&afterCycle=" + last[1] + "&afterStart=" + last[3];
        }
        List<String> whole = List.of(cycles.split("\r\n"));
        assertEquals(whole.subList(1, whole.size()), paged);
        assertTrue(pages > 2, "the export took several pages");
        assertEquals(2 + pages, data.count("audit_event where action = 'report.exported' and actor_device_id = '" + owner.id() + "'"),
                "every page is an audited export");
    }

    @Test
    void agentsAndSupervisorsOfOtherTeamsAreRefusedAndNothingIsExported() {
        generated.generate(13, 30, FROM, 4, List.of(teamA, teamB), List.of(agent.id()));
        String range = "from=2026-11-01&to=2026-11-30";
        for (String path : List.of("/api/reports?", "/api/reports/conversations?metric=wait&", "/api/reports/daily.csv?",
                "/api/reports/cycles.csv?")) {
            agent.request().get(path + range).then().statusCode(403).body("code", equalTo("role_required"));
            supervisor.request().get(path + range + "&team=" + teamB).then().statusCode(403).body("code", equalTo("team_out_of_scope"));
            supervisor.request().get(path + range + "&team=none").then().statusCode(403).body("code", equalTo("team_out_of_scope"));
            customer.request().get(path + range).then().statusCode(403);
        }
        assertEquals(0, data.count("audit_event where action = 'report.exported'"), "a refused export leaves no trace of an export");

        JsonPath scoped = report(supervisor, range + "&groupBy=team");
        List<Map<String, Object>> series = scoped.getList("series");
        assertFalse(series.isEmpty());
        assertTrue(series.stream().allMatch(s -> teamA.equals(s.get("teamId"))), "a scoped supervisor sees their team only");
        assertEquals(report(owner, range + "&team=" + teamA).getLong("total.volume"), scoped.getLong("total.volume"));
        // per agent too: an agent who also works in team B shows only their team A numbers to this supervisor
        long everyTeam = report(owner, range + "&groupBy=agent").getLong("total.assigned");
        long ownTeam = report(owner, range + "&groupBy=agent&team=" + teamA).getLong("total.assigned");
        assertTrue(ownTeam < everyTeam);
        assertEquals(ownTeam, report(supervisor, range + "&groupBy=agent").getLong("total.assigned"));
        String csv = supervisor.request().get("/api/reports/daily.csv?" + range + "&groupBy=agent").then().statusCode(200).extract().asString();
        assertEquals(ownTeam, java.util.Arrays.stream(csv.split("\r\n")).skip(1).mapToLong(line -> Long.parseLong(line.split(",", -1)[4])).sum(),
                "the per-agent CSV of a scoped supervisor adds up to their team's");
        supervisor.request().get("/api/reports/conversations?" + range + "&metric=volume&limit=500").then().statusCode(200)
                .body("items.teamId.unique()", equalTo(List.of(teamA)));
    }

    @Test
    void aCustomersRatingBecomesTheResolvedCyclesCsat() {
        try (SwitchboardClient client = Clients.of(customer, clock)) {
            client.sendText(conversation, "Where is my parcel?");
        }
        agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
        customer.request().contentType("application/json").body(Map.of("rating", 4)).post("/api/conversations/" + conversation + "/csat")
                .then().statusCode(200);
        String today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString();
        String range = "from=" + LocalDate.parse(today).minusDays(1) + "&to=" + LocalDate.parse(today).plusDays(1) + "&timeZone=UTC";
        await().atMost(Duration.ofSeconds(10)).until(() -> report(owner, range).getLong("total.csat.count") == 1);
        JsonPath report = report(owner, range);
        assertEquals(4.0, report.getDouble("total.csat.mean"));
        assertEquals(1, report.getLong("total.volume"));
        owner.request().get("/api/reports/conversations?" + range + "&metric=csat").then().statusCode(200)
                .body("items[0].conversationId", equalTo(conversation)).body("items[0].ms", equalTo(4));
    }

    @Test
    void unsoundQueriesAreRefusedFieldByField() {
        owner.request().get("/api/reports?from=2026-11-10&to=2026-11-01&granularity=fortnight&timeZone=Mars/Olympus").then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("details.fields.to", org.hamcrest.Matchers.notNullValue())
                .body("details.fields.granularity", org.hamcrest.Matchers.notNullValue())
                .body("details.fields.timeZone", org.hamcrest.Matchers.notNullValue());
        owner.request().get("/api/reports?from=2026-01-01&to=2026-03-01&granularity=hour").then().statusCode(400)
                .body("details.fields.granularity", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theAccountsTimeZoneIsTheDefault() {
        owner.request().contentType("application/json").body("""
                        {"timeZone": "Asia/Tokyo", "businessHours": null, "sla": {}, "serviceLevelSeconds": 60, "shortAbandonSeconds": 10,
                         "alerts": {"waitWarningSeconds": 60, "waitCriticalSeconds": 300, "slaWarningPercent": 80}}""")
                .put("/api/supervision/settings/default").then().statusCode(200);
        JsonPath report = report(owner, "from=2026-11-01&to=2026-11-01");
        assertEquals("Asia/Tokyo", report.getString("timeZone"));
        assertEquals("2026-10-31T15:00:00Z", report.getString("start"));
        assertEquals("Europe/Lisbon", report(owner, "from=2026-11-01&to=2026-11-01&timeZone=Europe/Lisbon").getString("timeZone"));
    }
}
