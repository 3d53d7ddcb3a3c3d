package io.switchboard.bench;

import io.switchboard.client.ApiClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports benchmark (issue 13): C conversations (default 100,000) with one or two cycles each over
 * the last D days (default 90), about 7.5 {@code report_fact} rows per cycle (≈ 1M facts; topics tp0–tp7,
 * labels none, vip, refund or both; every tenth conversation a room of the third-party provider peer.test,
 * the rest direct), on one app node (the packaged jar) and an embedded PostgreSQL. The cycles and facts
 * are inserted over JDBC with {@code generate_series} — reports read only {@code report_fact}, so how the rows came to
 * be does not change what is measured; the property test (ReportsApiTest) checks that production
 * writes the same rows. Then every report call and both CSVs are timed from the client over HTTP as
 * the owner (unscoped: the widest scans): W warm-up calls, then S samples each; p50 / p95 / max. Before
 * the calls, the viewer zones' day cells are prepared (docs/metrics.md, "Rollups"), and how long
 * that took is printed. Binds ports 18491 and 19491 only (not the tests' 8081).
 * Nothing is asserted; the figures go to docs/performance.md.
 *
 * <p>Run: {@code ./mvnw -Dexec.skip=true -DskipTests package && ./mvnw exec:java
 * -Dexec.mainClass=io.switchboard.bench.ReportsBenchmark -Dexec.classpathScope=test} with optional
 * {@code -Dbench.conversations=100000 -Dbench.days=90 -Dbench.samples=30 -Dbench.warmup=5}.
 */
public final class ReportsBenchmark {

    static final int PORT = 18491;
    static final String PUBLIC_URL = "http://localhost:" + PORT;

    public static void main(String[] args) throws Exception {
        int conversations = Integer.getInteger("bench.conversations", 100_000);
        int days = Integer.getInteger("bench.days", 90);
        int samples = Integer.getInteger("bench.samples", 30);
        int warmup = Integer.getInteger("bench.warmup", 5);
        Path work = Files.createTempDirectory("switchboard-reports-bench");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
             AppNode node = AppNode.start(database, PORT, PUBLIC_URL, work.resolve("node.log"), Map.of(), "-Xmx1g", "-XX:+UseG1GC")) {
            ApiClient owner = RemoteAccount.setUp(node.uri(), PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678")
                    .primary();
            long t0 = System.nanoTime();
            long facts = seed(database, conversations, days);
            System.out.printf("seeded %,d conversations, %,d facts in %.1f s%n", conversations, facts, (System.nanoTime() - t0) / 1e9);

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String month = "from=" + today.minusDays(29) + "&to=" + today;
            String quarter = "from=" + today.minusDays(days - 1) + "&to=" + today;
            String week = "from=" + today.minusDays(6) + "&to=" + today;
            String day = today.minusDays(3) + "T00:00:00Z";
            // a viewer's zone is registered by its first daily report and filled in the background: wait for both
            long t1 = System.nanoTime();
            List<String> viewerZones = List.of("Europe/Berlin", "Asia/Kathmandu");
            for (String zone : viewerZones) {
                body(owner, "/api/reports?" + quarter + "&granularity=day&timeZone=" + zone);
            }
            for (String zone : viewerZones) {
                while (true) {
                    java.util.regex.Matcher preparing = java.util.regex.Pattern.compile("\"preparing\":([0-9.Ee-]+)")
                            .matcher(body(owner, "/api/reports?" + quarter + "&granularity=day&timeZone=" + zone));
                    if (!preparing.find()) {
                        break;
                    }
                    System.out.printf("%s: %.0f %% prepared after %.0f s%n", zone, 100 * Double.parseDouble(preparing.group(1)),
                            (System.nanoTime() - t1) / 1e9);
                    Thread.sleep(10_000);
                }
            }
            System.out.printf("viewer zones %s prepared in %.1f s%n", viewerZones, (System.nanoTime() - t1) / 1e9);
            Map<String, String> calls = new LinkedHashMap<>();
            calls.put("report: 30 days per day per team", "/api/reports?" + month + "&granularity=day&groupBy=team");
            calls.put("report: 30 days per day per agent", "/api/reports?" + month + "&granularity=day&groupBy=agent");
            calls.put("report: 90 days per week per team", "/api/reports?" + quarter + "&granularity=week&groupBy=team");
            calls.put("report: 90 days per day overall, business", "/api/reports?" + quarter + "&granularity=day&clock=business");
            calls.put("report: 7 days per hour per team", "/api/reports?" + week + "&granularity=hour&groupBy=team");
            calls.put("report: 30 days, one team per day", "/api/reports?" + month + "&granularity=day&team=bt1");
            calls.put("report: 30 days per day per topic", "/api/reports?" + month + "&granularity=day&groupBy=topic");
            calls.put("report: 30 days per day per label", "/api/reports?" + month + "&granularity=day&groupBy=label");
            calls.put("report: 30 days, one label per day per team", "/api/reports?" + month + "&granularity=day&groupBy=team&label=vip");
            calls.put("report: 30 days per day per channel", "/api/reports?" + month + "&granularity=day&groupBy=channel");
            calls.put("report: 30 days, one channel per day per team", "/api/reports?" + month + "&granularity=day&groupBy=team"
                    + "&channel=peer.test");
            calls.put("report: 30 days, one agent per day", "/api/reports?" + month + "&granularity=day&agent=agent7");
            calls.put("drill-down: one day's first responses, 100", "/api/reports/conversations?" + month + "&metric=first_response&start=" + day
                    + "&end=" + today.minusDays(2) + "T00:00:00Z&limit=100");
            calls.put("drill-down: 30 days' volume, page 50", "/api/reports/conversations?" + month + "&metric=volume&limit=100&offset=5000");
            calls.put("CSV per day per team, 30 days", "/api/reports/daily.csv?" + month + "&groupBy=team");
            calls.put("CSV per day per agent, 90 days", "/api/reports/daily.csv?" + quarter + "&groupBy=agent");
            calls.put("report: 30 days per day per team, viewer zone", "/api/reports?" + month + "&granularity=day&groupBy=team"
                    + "&timeZone=Europe/Berlin");
            calls.put("report: 30 days per day per agent, viewer zone", "/api/reports?" + month + "&granularity=day&groupBy=agent"
                    + "&timeZone=Europe/Berlin");
            calls.put("report: 30 days per day per team, +5:45 zone", "/api/reports?" + month + "&granularity=day&groupBy=team"
                    + "&timeZone=Asia/Kathmandu");
            calls.put("report: 30 days per day per agent, +5:45 zone", "/api/reports?" + month + "&granularity=day&groupBy=agent"
                    + "&timeZone=Asia/Kathmandu");
            calls.put("CSV per day per agent, 90 days, viewer zone", "/api/reports/daily.csv?" + quarter + "&groupBy=agent"
                    + "&timeZone=Europe/Berlin");
            calls.put("report: 7 days per hour per team, +5:45 zone", "/api/reports?" + week + "&granularity=hour&groupBy=team"
                    + "&timeZone=Asia/Kathmandu");
            calls.put("CSV per cycle, 30 days, first page (1,000)", "/api/reports/cycles.csv?" + month);
            calls.put("CSV per cycle, 30 days, a page mid-range", "/api/reports/cycles.csv?" + month + "&afterCycle=1&afterStart="
                    + today.minusDays(15) + "T00:00:00Z");
            System.out.printf("%-48s %8s %8s %8s %10s%n", "call", "p50 ms", "p95 ms", "max ms", "bytes");
            for (Map.Entry<String, String> call : calls.entrySet()) {
                long bytes = 0;
                for (int i = 0; i < warmup; i++) {
                    bytes = get(owner, call.getValue());
                }
                double[] ms = new double[samples];
                for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    get(owner, call.getValue());
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("%-48s %8.1f %8.1f %8.1f %10d%n", call.getKey(), ms[samples / 2], ms[(int) Math.ceil(samples * 0.95) - 1],
                        ms[samples - 1], bytes);
            }
        }
    }

    /** One GET with the owner's session; the answer's size. */
    private static long get(ApiClient owner, String path) throws Exception {
        return send(owner, path).body().length;
    }

    private static String body(ApiClient owner, String path) throws Exception {
        return new String(send(owner, path).body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> send(ApiClient owner, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(owner.base().resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Accept", path.contains(".csv") ? "text/csv" : "application/json").header("Cookie", "sb_session=" + owner.session()).GET()
                .build();
        HttpResponse<byte[]> response = owner.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return response;
    }

    /** Teams bt1–bt4 (and no team), 50 agents, C conversations with 1–2 cycles, and their facts; returns the number of facts. */
    public static long seed(EmbeddedDatabase database, int conversations, int days) throws Exception {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
             Statement sql = jdbc.createStatement()) {
            List<String> statements = new ArrayList<>(List.of(
                    "insert into team (id, name, policy, sticky, sticky_for_seconds, created_at) select 'bt' || g, 'Team ' || g, 'least_loaded', false, 0,"
                            + " now() from generate_series(1, 4) g",
                    "insert into customer (id, phone, name, primary_signing_key, created_at) select 'bc' || g, '+1' || lpad(g::text, 10, '0'), 'C',"
                            + " 'k', now() from generate_series(1, " + conversations + ") g",
                    "insert into conversation (id, status, counterpart_kind, customer_id, updated_at) select 'bc' || g, 'resolved', 'customer',"
                            + " 'bc' || g, now() from generate_series(1, " + conversations + ") g",
                    "insert into conversation_cycle (conversation_id, cycle, team_id, started_at, resolved_at) select 'bc' || g, n,"
                            + " (array['bt1','bt2','bt3','bt4',null])[1 + g % 5], s, s + interval '2 hours'"
                            + " from generate_series(1, " + conversations + ") g, generate_series(1, case when g % 3 = 0 then 2 else 1 end) n,"
                            + " lateral (select now() - random() * interval '" + days + " days' - interval '3 hours' + n * interval '0 s' as s) t",
                    // every tenth conversation a third-party chat's room at peer.test (its channel), the room before its facts
                    "insert into federation_peer (domain, address, trust_pem, enabled, updated_at) values ('peer.test', 'https://peer.test', 'pem',"
                            + " true, now())",
                    "insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at) select 'peer.test',"
                            + " '+1' || lpad(g::text, 10, '0'), '+4915112345678', 'granted', 'bc' || g, now() from generate_series(10, "
                            + conversations + ", 10) g",
                    """
                    insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered, topic_id,
                                             labels)
                    with c as materialized (
                        select id, conversation_id, team_id, started_at s, 'agent' || (id % 50) a, (random() * 600000)::bigint w,
                               (random() * 900000)::bigint f, (random() * 7200000)::bigint r, (id % 6)::int k, random() < 0.1 ab
                        from conversation_cycle)
                    select u.*, 'tp' || (u.id % 8), case u.id % 4 when 0 then '{}'::varchar[] when 1 then '{vip}' when 2 then '{refund}'
                                                       else '{vip,refund}' end
                    from (
                    select 'started', s, team_id, null::varchar, id, conversation_id, null::bigint, null::bigint, null::boolean, true from c
                    union all select 'wait', s + w * interval '1 ms', team_id, a, id, conversation_id, w, (w * 0.8)::bigint, null::boolean, true from c
                    union all select 'first_response', s + (w + f) * interval '1 ms', team_id, a, id, conversation_id, f, (f * 0.8)::bigint, f < 300000,
                                     not ab from c
                    union all select 'next_response', s + (w + f + n * 600000) * interval '1 ms', team_id, a, id, conversation_id, x, (x * 0.8)::bigint,
                                     x < 600000, true
                              from c, lateral (select n, (random() * 900000)::bigint x from generate_series(1, c.k) n) nx where not ab
                    union all select 'resolution', s + (w + f + r + k * 600000) * interval '1 ms', team_id, a, id, conversation_id,
                                     w + f + r + k * 600000, ((w + f + r + k * 600000) * 0.8)::bigint, w + f + r + k * 600000 < 3600000, true from c
                    union all select 'handle', s + (w + f + r + k * 600000) * interval '1 ms', team_id, a, id, conversation_id, f + r, ((f + r) * 0.8)::bigint,
                                     null::boolean, true from c
                    union all select case when w < 10000 then 'short_abandon' else 'abandoned' end, s + (w + f + r) * interval '1 ms', team_id, a,
                                     id, conversation_id, null::bigint, null::bigint, null::boolean, true from c where ab) u""",
                    "vacuum analyze report_fact",
                    "vacuum analyze conversation_cycle"));
            for (String statement : statements) {
                sql.execute(statement);
            }
            try (ResultSet count = sql.executeQuery("select count(*) from report_fact")) {
                count.next();
                return count.getLong(1);
            }
        }
    }
}
