package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AgentSocket;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Routing benchmark: A agents (default 200, capacity 5 each) and C waiting conversations (default
 * 2,000) on N app nodes (default 2) sharing one embedded PostgreSQL. The conversations come through
 * the real flows: the C customers register (phone code read from the node's log) and send a real
 * encrypted first message, which queues their conversation. The agents are real devices with real
 * keys, but their {@code device} rows are inserted over JDBC (see {@link #insertAgentDevice}: 200
 * companions do not fit in a signed device list under the API's 64 KiB body limit;
 * {@code -Dbench.seedAgents=qr} links them by the QR flow instead, which works up to about 190);
 * each signs in by challenge and response, sets itself {@code away} and opens its
 * {@code /ws/events} WebSocket (presence) through the API. The customers write before the agents
 * exist, so their messages are encrypted for the owner's device only and the agents' sockets carry
 * routing frames, not 2,000 × 200 messages.
 *
 * <p>Three measurements, all end to end from the client's side (the "assigned" moment is when the
 * agent's WebSocket receives the {@code conversation} push naming it as assignee):
 * <ol>
 * <li><b>burst</b>: all A agents become {@code available} at once (concurrent
 * {@code PUT /api/agents/me/status}); the routers fill A × 5 slots from the queue. Printed: time
 * from the first status change to the last assignment push, assignments per second, the span of
 * the server's own {@code assigned_at} stamps, and the routing runs it took;</li>
 * <li><b>sequential</b>: with every agent full and the queue long, one agent at a time resolves a
 * conversation and waits for the next one (least loaded: it is the only agent with room). Printed:
 * routing decision latency p50/p99, from sending the resolve to receiving the new assignment, and
 * the part after the resolve's answer (routing run + push);</li>
 * <li><b>concurrent</b>: all A agents resolve one conversation at the same moment, a few rounds;
 * per-agent latency until it has a new conversation, and assignments per second per round.</li>
 * </ol>
 * Plus the server's {@code switchboard_routing_run} timer from {@code /q/metrics} of every node.
 * Nothing here is asserted; the figures go to docs/performance.md.
 *
 * <p>Run: {@code ./mvnw -Dexec.skip=true -DskipTests package && ./mvnw exec:java
 * -Dexec.mainClass=io.switchboard.bench.RoutingBenchmark -Dexec.classpathScope=test} with optional
 * {@code -Dbench.agents=200 -Dbench.conversations=2000 -Dbench.nodes=2 -Dbench.samples=200 -Dbench.rounds=3 -Dbench.batches=true}.
 */
public final class RoutingBenchmark {

    /** The agents ask for routing's changes in batches, as the web app does (§14.4); {@code -Dbench.batches=false}: one frame each. */
    private static final boolean BATCHES = Boolean.parseBoolean(System.getProperty("bench.batches", "true"));

    static final int CAPACITY = 5;
    static final int FIRST_PORT = 18481;
    static final String PUBLIC_URL = "http://localhost:" + FIRST_PORT;
    static final SecureRandom RANDOM = new SecureRandom();

    record Agent(int index, ApiClient api, AgentSocket socket, Deque<String> held) {
    }

    public static void main(String[] args) throws Exception {
        int agentCount = Integer.getInteger("bench.agents", 200);
        int conversationCount = Integer.getInteger("bench.conversations", 2000);
        int nodeCount = Integer.getInteger("bench.nodes", 2);
        int samples = Integer.getInteger("bench.samples", 200);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int slots = agentCount * CAPACITY;
        if (conversationCount < slots + samples + rounds * agentCount) {
            throw new IllegalArgumentException("the queue must outlast every phase: conversations >= agents × 5 + samples + rounds × agents = "
                    + (slots + samples + rounds * agentCount));
        }

        Path work = Files.createTempDirectory("switchboard-routing-bench");
        Map<String, String> settings = Map.of(
                "switchboard.devices.max-companions", Integer.toString(agentCount + 5),
                "switchboard.customers.verifications-per-minute", "1000000",
                "switchboard.linking.requests-per-minute", "1000000",
                "switchboard.sessions.challenges-per-minute", "1000000",
                // Nobody accepts offers here; nothing may time out or go away during the run.
                "switchboard.routing.offer-timeout", "PT2H",
                "switchboard.routing.grace-period", "PT2H",
                "quarkus.log.category.\"io.switchboard.customer\".level", "INFO");
        List<AppNode> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            for (int n = 0; n < nodeCount; n++) {
                nodes.add(AppNode.start(database, FIRST_PORT + n, PUBLIC_URL, work.resolve("node-" + n + ".log"), settings,
                        "-Xmx1g", "-XX:+UseG1GC", System.getProperty("bench.jvmOption", "-Dbench.none=1")));
            }
            String load0 = loadAverage();
            long t0 = System.nanoTime();
            RemoteAccount account = RemoteAccount.setUp(nodes.get(0).uri(), PUBLIC_URL,
                    nodes.get(0).lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678");
            ApiClient owner = account.primary();

            // C customers, each with a real encrypted first message: C queued conversations, nobody to take them yet.
            AtomicInteger done = new AtomicInteger();
            List<Future<?>> seeding = new ArrayList<>();
            for (int i = 0; i < conversationCount; i++) {
                int customer = i;
                seeding.add(pool.submit(() -> {
                    AppNode node = nodes.get(customer % nodeCount);
                    try (SwitchboardClient client = SwitchboardClient.registerCustomer(
                            new ApiClient(node.uri(), PUBLIC_URL, DeviceKeys.generate(RANDOM)), String.format("+35191%07d", customer),
                            "Customer " + customer, "Routing benchmark",
                            phone -> node.lastLogMatch("Verification code for " + Pattern.quote(phone) + ": (\\d{6})"))) {
                        client.sendText(client.myConversation(), "Hello, I need help");
                    }
                    if (done.incrementAndGet() % 500 == 0) {
                        System.out.printf("  %d customers wrote (%.0f s)%n", done.get(), (System.nanoTime() - t0) / 1e9);
                    }
                    return null;
                }));
            }
            for (Future<?> future : seeding) {
                future.get(10, TimeUnit.MINUTES);
            }
            int queued = 0;
            for (JsonNode state : owner.get("/api/conversations")) {
                queued += state.path("queuedAt").isTextual() && state.path("assignee").isNull() ? 1 : 0;
            }
            System.out.printf("seeded %d customers with a first message (%d queued) in %.0f s%n", conversationCount, queued,
                    (System.nanoTime() - t0) / 1e9);

            // A agents, alternately on each node: inserted (default) or linked by the QR flow; signed in, away, then online.
            long t1 = System.nanoTime();
            List<Agent> agents = new ArrayList<>();
            boolean linkByQr = "qr".equals(System.getProperty("bench.seedAgents", "sql"));
            for (int i = 0; i < agentCount; i++) {
                URI node = nodes.get(i % nodeCount).uri();
                ApiClient api;
                if (linkByQr) {
                    api = account.link(node, PUBLIC_URL, "Agent " + i);
                } else {
                    api = new ApiClient(node, PUBLIC_URL, DeviceKeys.generate(RANDOM));
                    insertAgentDevice(database, api.keys(), "Agent " + i);
                    api.signIn();
                }
                put(api, "/api/agents/me/status", "{\"status\":\"away\"}");
                agents.add(new Agent(i, api, null, new ArrayDeque<>()));
            }
            System.out.printf("%s %d agents in %.0f s%n", linkByQr ? "linked" : "inserted and signed in", agentCount,
                    (System.nanoTime() - t1) / 1e9);
            for (int i = 0; i < agentCount; i++) {
                Agent agent = agents.get(i);
                agents.set(i, new Agent(i, agent.api(), AgentSocket.open(agent.api(), false, BATCHES), agent.held()));
            }
            // The owner watches the board, as a supervisor would (and is away, so the router never picks the owner).
            put(owner, "/api/agents/me/status", "{\"status\":\"away\"}");
            BoardWatcher board = BoardWatcher.open(owner);
            awaitAgents(owner, agentCount);
            System.out.printf("%d agents online and away; %d conversations waiting%n", agentCount, conversationCount);

            // 1. The burst: everybody becomes available at once.
            Snapshot before = Snapshot.of(nodes);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService burst = Executors.newFixedThreadPool(agentCount);
            List<Future<Long>> changes = new ArrayList<>();
            for (Agent agent : agents) {
                changes.add(burst.submit(() -> {
                    go.await();
                    put(agent.api(), "/api/agents/me/status", "{\"status\":\"available\"}");
                    return System.nanoTime();
                }));
            }
            long burstStart = System.nanoTime();
            go.countDown();
            long lastStatus = 0;
            for (Future<Long> change : changes) {
                lastStatus = Math.max(lastStatus, change.get(2, TimeUnit.MINUTES));
            }
            long lastAssigned = 0;
            int assigned = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (Agent agent : agents) {
                while (agent.held().size() < CAPACITY) {
                    AgentSocket.Assigned next = agent.socket().assigned().poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        throw new IllegalStateException("agent " + agent.index() + " got only " + agent.held().size() + " conversations");
                    }
                    agent.held().add(next.conversation());
                    lastAssigned = Math.max(lastAssigned, next.receivedNanos());
                    assigned++;
                }
            }
            Snapshot afterBurst = Snapshot.of(nodes);
            double[] span = assignedSpan(database);
            double burstSeconds = (lastAssigned - burstStart) / 1e9;
            burst.shutdown();

            // 2. Sequential: one resolve at a time; the agent who resolved is the only one with room.
            Samples sequential = new Samples();
            for (int s = 0; s < samples; s++) {
                Agent agent = agents.get(s % agentCount);
                String id = agent.held().poll();
                Instant sentAt = Instant.now();
                long sent = System.nanoTime();
                agent.api().post("/api/conversations/" + id + "/resolve", Map.of());
                long answered = System.nanoTime();
                AgentSocket.Assigned next = agent.socket().assigned().poll(60, TimeUnit.SECONDS);
                if (next == null) {
                    throw new IllegalStateException("no new conversation for agent " + agent.index() + " after resolving " + id);
                }
                agent.held().add(next.conversation());
                sequential.add(sentAt, sent, answered, next);
                sequential.onBoard(next, agent.socket().deviceId());
            }
            Snapshot afterSequential = Snapshot.of(nodes);

            // 3. Concurrent: every agent resolves one at the same moment.
            Samples concurrent = new Samples();
            List<Double> roundRates = new ArrayList<>();
            ExecutorService everyone = Executors.newFixedThreadPool(agentCount);
            for (int r = 0; r < rounds; r++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<long[]>> results = new ArrayList<>();
                Samples round = new Samples();
                for (Agent agent : agents) {
                    results.add(everyone.submit(() -> {
                        String id = agent.held().poll();
                        start.await();
                        Instant sentAt = Instant.now();
                        long sent = System.nanoTime();
                        agent.api().post("/api/conversations/" + id + "/resolve", Map.of());
                        long answered = System.nanoTime();
                        AgentSocket.Assigned next = agent.socket().assigned().poll(120, TimeUnit.SECONDS);
                        if (next == null) {
                            throw new IllegalStateException("no new conversation for agent " + agent.index());
                        }
                        agent.held().add(next.conversation());
                        round.add(sentAt, sent, answered, next);
                        round.onBoard(next, agent.socket().deviceId());
                        return new long[] {sent, next.receivedNanos()};
                    }));
                }
                start.countDown();
                long first = Long.MAX_VALUE;
                long last = 0;
                for (Future<long[]> result : results) {
                    long[] times = result.get(3, TimeUnit.MINUTES);
                    first = Math.min(first, times[0]);
                    last = Math.max(last, times[1]);
                }
                roundRates.add(agentCount / ((last - first) / 1e9));
                concurrent.addAll(round);
            }
            everyone.shutdown();
            // The last board frame comes at most 250 ms after the last change; the board's figures are read after it.
            Thread.sleep(1_000);
            sequential.resolveBoard(board);
            concurrent.resolveBoard(board);
            Snapshot end = Snapshot.of(nodes);
            String load1 = loadAverage();

            // Report.
            System.out.println();
            System.out.printf("machine: %d cores, %s %s, Java %s; load average before %s, after %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                    System.getProperty("java.version"), load0, load1);
            System.out.printf("setup: %d app node(s) on one PostgreSQL, %d agents × capacity %d, %d conversations waiting; routing frames %s%n",
                    nodeCount, agentCount, CAPACITY, conversationCount, BATCHES ? "in batches" : "one per change");
            System.out.printf("burst (all %d agents available at once): %d assigned in %.2f s = %.0f assignments/s end to end "
                            + "(status changes sent within %.2f s); server assigned_at span %.2f s (%d rows); %d routing runs, %.2f s of router time%n",
                    agentCount, assigned, burstSeconds, assigned / burstSeconds, (lastStatus - burstStart) / 1e9, span[1], (long) span[0],
                    (long) (afterBurst.runs - before.runs), afterBurst.runSeconds - before.runSeconds);
            System.out.printf("sequential (%d resolves one at a time, the resolving agent is the only one with room):%n", samples);
            sequential.print();
            System.out.printf("  server: %s%n", afterSequential.since(afterBurst));
            System.out.printf("concurrent (%d rounds, all %d agents resolve one at the same moment; per agent until its own next "
                    + "assignment): %s assignments/s per round (first resolve sent -> last assignment pushed)%n", rounds, agentCount,
                    Arrays.toString(roundRates.stream().mapToLong(Math::round).toArray()));
            concurrent.print();
            System.out.printf("  server: %s%n", end.since(afterSequential));
            long patches = board.frames.get() - board.wholeBoards.get();
            System.out.printf("board (the owner's board page, subscribed): %d frames, %.1f KiB on average; %d whole boards of %.0f KiB on average, "
                            + "%d patches of %.2f KiB on average (largest %.1f KiB), %d patches not following the version before%n",
                    board.frames.get(), board.bytes.get() / 1024.0 / Math.max(1, board.frames.get()), board.wholeBoards.get(),
                    board.wholeBytes.get() / 1024.0 / Math.max(1, board.wholeBoards.get()), patches,
                    (board.bytes.get() - board.wholeBytes.get()) / 1024.0 / Math.max(1, patches), board.largestPatch.get() / 1024.0, board.gaps.get());
            for (int n = 0; n < nodeCount; n++) {
                AppNode node = nodes.get(n);
                System.out.printf("node %d switchboard_board_push: %.0f pushes, %.1f ms each on average, p50 %.1f ms, p99 %.1f ms (recent window), "
                                + "max %.1f ms%n", n, node.metric("switchboard_board_push_seconds_count", ""),
                        1000 * node.metric("switchboard_board_push_seconds_sum", "") / Math.max(1, node.metric("switchboard_board_push_seconds_count", "")),
                        1000 * node.metric("switchboard_board_push_seconds", "quantile=\"0.5\""),
                        1000 * node.metric("switchboard_board_push_seconds", "quantile=\"0.99\""),
                        1000 * node.metric("switchboard_board_push_seconds_max", ""));
            }
            for (int n = 0; n < nodeCount; n++) {
                AppNode node = nodes.get(n);
                System.out.printf("node %d switchboard_routing_run: %.0f runs, p50 %.1f ms, p99 %.1f ms (recent window), max %.1f ms; "
                                + "%.0f assignments by this node's router%n", n, node.metric("switchboard_routing_run_seconds_count", ""),
                        1000 * node.metric("switchboard_routing_run_seconds", "quantile=\"0.5\""),
                        1000 * node.metric("switchboard_routing_run_seconds", "quantile=\"0.99\""),
                        1000 * node.metric("switchboard_routing_run_seconds_max", ""),
                        node.metric("switchboard_routing_assignments_total", ""));
            }
            agents.forEach(agent -> agent.socket().close());
        } finally {
            pool.shutdownNow();
            nodes.forEach(AppNode::close);
        }
        System.exit(0);
    }

    /** The routers' and the board pushes' counters, summed over the nodes. */
    record Snapshot(double runs, double runSeconds, double pushes, double pushSeconds) {
        static Snapshot of(List<AppNode> nodes) throws Exception {
            double runs = 0;
            double seconds = 0;
            double pushes = 0;
            double pushSeconds = 0;
            for (AppNode node : nodes) {
                runs += node.metric("switchboard_routing_run_seconds_count", "");
                seconds += node.metric("switchboard_routing_run_seconds_sum", "");
                pushes += node.metric("switchboard_board_push_seconds_count", "");
                pushSeconds += node.metric("switchboard_board_push_seconds_sum", "");
            }
            return new Snapshot(runs, seconds, pushes, pushSeconds);
        }

        /** "n routing runs, x ms per run; m board pushes, y ms per push" between {@code earlier} and this. */
        String since(Snapshot earlier) {
            double n = runs - earlier.runs;
            double m = pushes - earlier.pushes;
            return String.format("%d routing runs, %.1f ms per run on average; %d board pushes, %.1f ms per push on average", (long) n,
                    1000 * (runSeconds - earlier.runSeconds) / Math.max(1, n), (long) m, 1000 * (pushSeconds - earlier.pushSeconds) / Math.max(1, m));
        }
    }

    /**
     * An agent device as linking leaves it in the {@code device} table (role {@code agent}, real keys, so it
     * signs in by challenge and response like any device), but without a new signed device list: a list of
     * 200 companions does not fit the 64 KiB JSON body limit of {@code POST /api/link/requests/{ref}/approve}
     * (about 340 bytes per device with its signature; linking stops near 190). Routing never reads the
     * signed list; the customers wrote before, so no message needed wrapping for these devices.
     */
    private static void insertAgentDevice(EmbeddedDatabase database, DeviceKeys keys, String person) throws Exception {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
             var insert = jdbc.prepareStatement("insert into device (id, owner, is_primary, role, person, label, browser, "
                     + "signing_key, agreement_key, linked_at, last_active_at) "
                     + "values (?, 'business', false, 'agent', ?, 'Routing benchmark', 'Routing benchmark', ?, ?, now(), now())")) {
            insert.setString(1, keys.deviceId());
            insert.setString(2, person);
            insert.setString(3, keys.signingKeyB64u());
            insert.setString(4, keys.agreementKeyB64u());
            insert.executeUpdate();
        }
    }

    /** Rows in the assignment history and the seconds between the first and the last {@code assigned_at} (server clock). */
    private static double[] assignedSpan(EmbeddedDatabase database) throws Exception {
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
             ResultSet rows = jdbc.createStatement().executeQuery(
                     "select count(*), extract(epoch from max(assigned_at) - min(assigned_at)) from assignment")) {
            rows.next();
            return new double[] {rows.getLong(1), rows.getDouble(2)};
        }
    }

    private static void awaitAgents(ApiClient owner, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            int ready = 0;
            for (JsonNode agent : owner.get("/api/agents")) {
                if ("agent".equals(agent.get("role").asText()) && agent.get("online").asBoolean() && "away".equals(agent.get("status").asText())) {
                    ready++;
                }
            }
            if (ready == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the agents did not all come online");
    }

    private static JsonNode put(ApiClient api, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.base().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Cookie", "sb_session=" + api.session()).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = api.http().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return api.json().readTree(response.body());
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** Per resolve: sent -> answered, sent -> the router's assignedAt, assignedAt -> push received, sent -> push received. */
    static final class Samples {
        final List<Long> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> decided = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> total = new java.util.concurrent.CopyOnWriteArrayList<>();

        void add(Instant sentAt, long sent, long answeredNanos, AgentSocket.Assigned next) {
            Instant decidedAt = Instant.parse(next.assignedAt());
            answered.add(answeredNanos - sent);
            decided.add(Duration.between(sentAt, decidedAt).toNanos());
            pushed.add(Duration.between(decidedAt, next.receivedAt()).toNanos());
            total.add(next.receivedNanos() - sent);
        }

        final List<Long> onBoard = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object[]> pendingBoard = new java.util.concurrent.CopyOnWriteArrayList<>();
        int missingOnBoard;

        /** Remembers an assignment, to be looked up on the supervisor's board once its frames have arrived. */
        void onBoard(AgentSocket.Assigned next, String assignee) {
            pendingBoard.add(new Object[] {next.conversation(), assignee, Instant.parse(next.assignedAt())});
        }

        /** The router's decision → the first board frame that showed it on the supervisor's screen. */
        void resolveBoard(BoardWatcher board) {
            for (Object[] assignment : pendingBoard) {
                Instant shown = board.shown((String) assignment[0], (String) assignment[1]);
                if (shown == null) {
                    missingOnBoard++;
                } else {
                    onBoard.add(Duration.between((Instant) assignment[2], shown).toNanos());
                }
            }
        }

        void addAll(Samples other) {
            answered.addAll(other.answered);
            decided.addAll(other.decided);
            pushed.addAll(other.pushed);
            total.addAll(other.total);
            pendingBoard.addAll(other.pendingBoard);
        }

        void print() {
            line("resolve sent -> next assignment pushed (end to end)", total);
            line("resolve sent -> resolve answered (committed)", answered);
            line("resolve sent -> router's decision (assignedAt, server clock)", decided);
            line("router's decision -> push received by the agent", pushed);
            line("router's decision -> shown on the supervisor's board", onBoard);
            if (missingOnBoard > 0) {
                System.out.printf("  %d assignments never appeared on the board%n", missingOnBoard);
            }
        }

        private static void line(String what, List<Long> nanos) {
            System.out.printf("  %-64s p50 %7.1f ms, p99 %7.1f ms, max %7.1f ms%n", what, percentile(nanos, 50), percentile(nanos, 99),
                    percentile(nanos, 100));
        }
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))] / 1e6;
    }

    private RoutingBenchmark() {
    }
}
