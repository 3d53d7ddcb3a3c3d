package io.switchboard.supervision;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated cycles written through the real rules and store ({@link CycleRules}, {@link CycleStore}),
 * so their {@code report_fact} rows are the ones production writes: for the reports' property test.
 * Conversations (and their customers) are inserted directly; teams must exist.
 */
@ApplicationScoped
public class GeneratedFacts {

    private static final List<SupervisionSettings.Period> NINE_TO_FIVE = List.of(new SupervisionSettings.Period("09:00", "12:30"),
            new SupervisionSettings.Period("13:30", "17:00"));
    /** Always open, with targets. */
    static final SupervisionSettings WALL = new SupervisionSettings("UTC", null, new SupervisionSettings.Sla(300, 600, 7200), 60, 10,
            SupervisionSettings.DEFAULTS.alerts());
    /** Business hours with a lunch break, so business and wall times differ. */
    static final SupervisionSettings OFFICE = new SupervisionSettings("Europe/Lisbon",
            new SupervisionSettings.Hours(NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, null, null, List.of()),
            new SupervisionSettings.Sla(900, null, 14_400), 60, 10, SupervisionSettings.DEFAULTS.alerts());

    private final CycleStore store;
    private final Jdbc jdbc;

    GeneratedFacts(CycleStore store, Jdbc jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /**
     * {@code conversations} conversations with one to three cycles each, started at random within
     * {@code days} days from {@code from}, on one of {@code teams} (or none) and answered by one of
     * {@code agents}; the first team measures in business hours.
     */
    public void generate(long seed, int conversations, Instant from, int days, List<String> teams, List<String> agents) {
        generate(seed, conversations, from, days, teams, agents, List.of(), List.of());
    }

    /** The same, each conversation on one of {@code topics} (or none) with any of {@code labels} (maybe none), set before its facts. */
    public void generate(long seed, int conversations, Instant from, int days, List<String> teams, List<String> agents, List<String> topics,
                         List<String> labels) {
        Random random = new Random(seed);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < conversations; i++) {
                String id = "gen" + seed + "x" + i;
                jdbc.update("insert into customer (id, phone, name, primary_signing_key, created_at) values (?1, ?2, 'G', 'k', ?3)",
                        id, "+1" + Math.abs(seed % 1000) + String.format("%07d", i), from);
                jdbc.update("""
                        insert into conversation (id, status, counterpart_kind, customer_id, updated_at, topic_id, labels)
                        values (?1, 'resolved', 'customer', ?1, ?2, cast(?3 as varchar), cast(?4 as varchar[]))""",
                        id, from, topics.isEmpty() || random.nextInt(3) == 0 ? null : topics.get(random.nextInt(topics.size())),
                        Jdbc.array(labels.stream().filter(label -> random.nextBoolean()).toList()));
                String team = random.nextInt(4) == 0 ? null : teams.get(random.nextInt(teams.size()));
                SupervisionSettings settings = team != null && team.equals(teams.get(0)) ? OFFICE : WALL;
                Instant at = from.plusSeconds(random.nextInt(days * 86_400));
                int cycles = 1 + random.nextInt(3);
                for (int n = 1; n <= cycles && at != null; n++) {
                    at = cycle(random, id, n, team, at, settings, agents);
                    at = at == null ? null : at.plusSeconds(60 + random.nextInt(86_400));
                }
            }
        });
    }

    /** One cycle from {@code at}; returns when it ended, null when it keeps running. */
    private Instant cycle(Random random, String conversation, int number, String team, Instant at, SupervisionSettings settings,
                          List<String> agents) {
        Cycle cycle = CycleRules.start(conversation, number, team, at, true);
        store.save(cycle);
        List<Cycle.Response> responses = new ArrayList<>();
        String agent = agents.get(random.nextInt(agents.size()));
        Instant t = at;
        boolean abandon = random.nextInt(6) == 0;
        if (!abandon || random.nextBoolean()) {
            t = t.plusSeconds(random.nextInt(random.nextBoolean() ? 120 : 3_600));
            CycleRules.assigned(cycle, agent, team, t, settings);
        }
        if (!abandon) {
            int exchanges = 1 + random.nextInt(4);
            for (int e = 0; e < exchanges; e++) {
                if (e > 0) {
                    t = t.plusSeconds(1 + random.nextInt(600));
                    CycleRules.customerWrote(cycle, t);
                }
                if (random.nextInt(5) == 0) {
                    t = t.plusSeconds(random.nextInt(7_200));
                    CycleRules.paused(cycle, t);
                    t = t.plusSeconds(random.nextInt(7_200));
                    CycleRules.resumed(cycle, t, settings);
                }
                t = t.plusSeconds(random.nextInt(random.nextInt(3) == 0 ? 20_000 : 900));
                CycleRules.businessWrote(cycle, agent, t, settings).ifPresent(responses::add);
            }
            if (random.nextInt(4) == 0) {
                t = t.plusSeconds(1 + random.nextInt(600));
                CycleRules.customerWrote(cycle, t);
            }
        }
        boolean resolve = random.nextInt(10) > 0;
        if (resolve) {
            t = t.plusSeconds(random.nextInt(abandon && random.nextBoolean() ? 8 : 30_000));
            CycleRules.resolved(cycle, agent, t, settings).ifPresent(responses::add);
        }
        store.save(cycle);
        for (Cycle.Response response : responses) {
            store.insert(cycle, response, t);
        }
        if (resolve && random.nextInt(3) == 0) {
            Instant rated = t.plusSeconds(1 + random.nextInt(600));
            int rating = 1 + random.nextInt(5);
            jdbc.update("insert into csat_rating (conversation_id, resolved_at, rating, device_id, rated_at) values (?1, ?2, ?3, ?1, ?4)",
                    conversation, t, rating, rated);
            store.rated(conversation, rating, rated);
            t = rated;
        }
        return resolve ? t : null;
    }
}
