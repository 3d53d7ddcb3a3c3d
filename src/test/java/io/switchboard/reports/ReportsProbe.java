package io.switchboard.reports;

import io.switchboard.bench.ReportsBenchmark;
import io.switchboard.platform.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Where the time of the per-agent reports goes (docs/performance.md, fifth session), not a test: on the
 * benchmark's data (seeded once into a kept database, {@code -Dprobe.dir}, default /tmp/switchboard-reports-probe;
 * later runs migrate it and reuse it), times over JDBC the read of a quarter's agent-day cells with and
 * without their histograms, their decoding and the merge per series and overall, then a channel report
 * from the facts and from the channel cells. Run like the benchmark, with
 * {@code -Dexec.mainClass=io.switchboard.reports.ReportsProbe}; {@code -Dprobe.sql="a;;b"} runs statements first.
 */
public final class ReportsProbe {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("probe.dir", "/tmp/switchboard-reports-probe"));
        int runs = Integer.getInteger("probe.runs", 15);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"), 0)) {
            long m = System.nanoTime();
            int applied = Flyway.configure().dataSource(database.jdbcUrl(), "postgres", "postgres").locations("classpath:db/migration").load()
                    .migrate().migrationsExecuted;
            System.out.printf("%d migrations in %.1f s%n", applied, (System.nanoTime() - m) / 1e9);
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres"); Statement s = c.createStatement()) {
                ResultSet n = s.executeQuery("select count(*) from report_fact");
                n.next();
                if (n.getLong(1) == 0) {
                    long t = System.nanoTime();
                    System.out.println("seeded " + ReportsBenchmark.seed(database, 100_000, 90) + " in " + (System.nanoTime() - t) / 1e9);
                }
                for (String extra : System.getProperty("probe.sql", "").split(";;")) {
                    if (!extra.isBlank()) {
                        long t = System.nanoTime();
                        s.execute(extra);
                        System.out.printf("sql %.0f ms: %s%n", (System.nanoTime() - t) / 1e6, extra.substring(0, Math.min(80, extra.length())));
                    }
                }
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                Timestamp from = Timestamp.from(today.minusDays(89).atStartOfDay().toInstant(ZoneOffset.UTC));
                Timestamp to = Timestamp.from(today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
                String base = "select device_id, date_trunc('day', start at time zone 'UTC'), metric, facts, measured, sum_ms, met, missed%s "
                        + "from report_rollup where grain = 'd' and zone = 1 and level = 'g' and start >= ? and start < ?";
                Map<String, String> variants = new java.util.LinkedHashMap<>();
                variants.put("no histogram", base.formatted(""));
                variants.put("packed histogram", base.formatted(", hist_ms"));
                for (Map.Entry<String, String> v : variants.entrySet()) {
                    double[] read = new double[runs];
                    double[] parse = new double[runs];
                    double[] merge = new double[runs];
                    long cells = 0;
                    long ints = 0;
                    for (int r = 0; r < runs; r++) {
                        try (PreparedStatement ps = c.prepareStatement(v.getValue())) {
                            ps.setTimestamp(1, from);
                            ps.setTimestamp(2, to);
                            long t0 = System.nanoTime();
                            List<Object[]> rows = new ArrayList<>();
                            try (ResultSet rs = ps.executeQuery()) {
                                int cols = rs.getMetaData().getColumnCount();
                                while (rs.next()) {
                                    Object[] row = new Object[cols];
                                    for (int i = 0; i < cols; i++) {
                                        row[i] = rs.getObject(i + 1);
                                    }
                                    rows.add(row);
                                }
                            }
                            long t1 = System.nanoTime();
                            List<byte[]> hists = new ArrayList<>(rows.size());
                            for (Object[] row : rows) {
                                if (row.length > 8) {
                                    hists.add((byte[]) row[8]);
                                    ints += ((byte[]) row[8]).length / 2;
                                }
                            }
                            long t2 = System.nanoTime();
                            Map<List<Object>, Histogram> sums = new HashMap<>();
                            for (int i = 0; i < hists.size(); i++) {
                                Object[] row = rows.get(i);
                                for (List<Object> key : List.of(Arrays.asList(row[0], row[1], row[2]), Arrays.asList(row[0], null, row[2]),
                                        Arrays.asList(null, null, row[2]))) {
                                    sums.computeIfAbsent(key, k -> new Histogram()).add(hists.get(i));
                                }
                            }
                            for (Histogram h : sums.values()) {
                                h.percentile(0.5);
                                h.percentile(0.9);
                            }
                            long t3 = System.nanoTime();
                            read[r] = (t1 - t0) / 1e6;
                            parse[r] = (t2 - t1) / 1e6;
                            merge[r] = (t3 - t2) / 1e6;
                            cells = rows.size();
                        }
                    }
                    System.out.printf("%-18s cells %,d ints/run %,d  read p50 %.0f min %.0f | parse p50 %.0f min %.0f | merge p50 %.0f min %.0f%n",
                            v.getKey(), cells, ints / runs, p50(read), min(read), p50(parse), min(parse), p50(merge), min(merge));
                }
                String month = "at >= now() - interval '30 days'";
                for (String q : List.of(
                        "select metric, count(*) from report_fact f where " + month + " and not exists (select 1 from federation_consent fc "
                                + "where fc.room_id = f.conversation_id) group by metric",
                        "select coalesce((select fc.peer_domain from federation_consent fc where fc.room_id = conversation_id), 'direct') k,"
                                + " date_trunc('day', at), metric, count(*), percentile_cont(0.5) within group (order by ms) from report_fact where "
                                + month + " group by 1, 2, 3",
                        "select channel, date_trunc('day', start), metric, sum(facts), count(hist_ms) from report_rollup where grain = 'd' and zone = 1"
                                + " and level = 'c' and start >= now() - interval '30 days' group by 1, 2, 3")) {
                    double[] t = new double[5];
                    for (int r = 0; r < t.length; r++) {
                        long t0 = System.nanoTime();
                        try (ResultSet rs = s.executeQuery(q)) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        } catch (java.sql.SQLException e) {
                            System.out.println(e.getMessage());
                        }
                        t[r] = (System.nanoTime() - t0) / 1e6;
                    }
                    System.out.printf("channel query p50 %.0f min %.0f: %s%n", p50(t), min(t), q.substring(0, 60));
                }
                ResultSet size = s.executeQuery("select pg_size_pretty(pg_total_relation_size('report_rollup')), count(*) from report_rollup");
                size.next();
                System.out.println("report_rollup " + size.getString(1) + ", " + size.getLong(2) + " cells");
            }
        }
    }

    private static double p50(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }
}
