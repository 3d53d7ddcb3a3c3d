package io.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AgentSocket;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing under a burst, on two app nodes (the packaged jar started twice) sharing one PostgreSQL:
 * 20 agents (role {@code agent}, capacity 5) with their event WebSockets open, half on each node;
 * then 500 customers, half through each node, send their first encrypted message at the same
 * moment. Both nodes route (each node routes after the changes made through it), so their runs
 * compete for the routing lock while the arrivals that queue the conversations compete for it too.
 *
 * <p>Checked after the burst: exactly 100 conversations assigned (20 × 5) and 400 queued; every
 * agent at exactly 5; the assigned ones are the 100 earliest arrivals and the queue positions the
 * customers see ({@code GET /api/conversations/{id}/queue}, all 400) follow arrival order; every
 * conversation has at most one assignment, current ones match the state; every agent's WebSocket
 * was told of its 5 conversations (also those assigned by the other node's router). Then the
 * drain: in rounds, every agent resolves 1–3 of its conversations at once (each through its own
 * node); after each round exactly the next ones from the head of the queue, as many as slots were
 * freed, are assigned and nobody is over capacity. At the end all 500 are resolved, each was
 * assigned exactly once, the assignment history never shows an agent above 5 or a conversation with
 * two holders at any instant, the assignments were made in arrival order, the two routers'
 * assignment counters add up to 500 and no routing run failed.
 *
 * <p>Why this fails without the lock ({@code RoutingLock.hold()}): a routing run reads the
 * agents' loads and then the queue, decides, and writes. Without the lock two runs (one per node,
 * or a run and an arrival/resolve) interleave: (1) a run that reads the loads before the other
 * node's run commits but the queue after it skips the conversations the other run took and gives
 * the next ones to agents it believes have room, so an agent ends above capacity; (2) two runs that
 * pick the same conversation both write it — the second blocks on the row, then its history insert
 * hits the {@code assignment_current} unique index and the whole run rolls back: the router logs
 * "routing run failed", and if nothing else happens afterwards the freed slots stay empty (the
 * test then never reaches 100 assigned, or the drain stalls); (3) a customer's first message stamps
 * {@code queued_at} and commits a moment later, so a run in between assigns a later arrival first,
 * and the assigned set is no longer the earliest 100. Tried with the lock (then {@code lockRouting()}) made a no-op
 * (twice, on 2 cores): the burst happened to pass both times, the drain failed both times — once
 * with 106 conversations assigned for 100 slots, once with an agent holding 6 — and both nodes had
 * logged failed routing runs (duplicate key on {@code assignment_current}): (1) and (2) above.
 * Capacity is checked on every poll, so such a run fails within seconds.
 *
 * <p>The nodes run with default pool and thread settings on purpose: 250 sends at once per node is
 * how this test found the connection-pool deadlock described in docs/performance.md (Routing,
 * "Limits found on the way").
 */
class RoutingConcurrencyIT {

    static final String PUBLIC_URL = "http://localhost:18381";
    static final URI NODE_A = URI.create("http://localhost:18381");
    static final URI NODE_B = URI.create("http://localhost:18382");
    static final String BUSINESS = "+4915112345678";
    static final int AGENTS = 20;
    static final int CAPACITY = 5;
    static final int SLOTS = AGENTS * CAPACITY;
    static final int CUSTOMERS = 500;
    static final long SETTLE_MILLIS = 60_000;

    static Path work;
    static EmbeddedDatabase database;
    static AppNode nodeA;
    static AppNode nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        work = Files.createTempDirectory("switchboard-routing-it");
        database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
        Map<String, String> settings = Map.of(
                "switchboard.devices.max-companions", "25",
                "switchboard.customers.verifications-per-minute", "100000",
                "switchboard.linking.requests-per-minute", "100000",
                "switchboard.routing.offer-timeout", "PT10M",
                "switchboard.routing.grace-period", "PT10M",
                "quarkus.log.category.\"io.switchboard.customer\".level", "INFO");
        nodeA = AppNode.start(database, NODE_A.getPort(), PUBLIC_URL, work.resolve("node-a.log"), settings, "-Xmx512m");
        nodeB = AppNode.start(database, NODE_B.getPort(), PUBLIC_URL, work.resolve("node-b.log"), settings, "-Xmx512m");
    }

    @AfterAll
    static void stopNodes() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort: the temp directory goes with the machine
            }
        }
    }

    record Agent(int index, ApiClient api, AgentSocket socket) {
        String id() {
            return api.keys().deviceId();
        }
    }

    record Customer(int index, SwitchboardClient client, String conversation) {
    }

    /** One reading of {@code GET /api/conversations}. */
    record Snapshot(Map<String, JsonNode> states) {
        String assignee(String id) {
            return states.get(id).path("assignee").path("deviceId").asText(null);
        }

        Set<String> assigned() {
            return ids(state -> !absent(state.path("assignee")));
        }

        Set<String> queued() {
            return ids(state -> "open".equals(state.path("status").asText()) && absent(state.path("assignee"))
                    && !absent(state.path("queuedAt")));
        }

        Set<String> resolved() {
            return ids(state -> "resolved".equals(state.path("status").asText()));
        }

        Map<String, List<String>> byAgent() {
            Map<String, List<String>> held = new TreeMap<>();
            assigned().forEach(id -> held.computeIfAbsent(assignee(id), agent -> new ArrayList<>()).add(id));
            held.values().forEach(list -> list.sort(Comparator.naturalOrder()));
            return held;
        }

        private Set<String> ids(Predicate<JsonNode> test) {
            return states.values().stream().filter(test).map(state -> state.get("id").asText()).collect(Collectors.toSet());
        }

        String summary() {
            return "assigned " + assigned().size() + ", queued " + queued().size() + ", resolved " + resolved().size() + " of " + states.size();
        }
    }

    @Test
    void fiveHundredChatsAtOnceOnTwoNodesAreEachRoutedOnceInArrivalOrderWithinCapacity() throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            RemoteAccount account = RemoteAccount.setUp(NODE_A, PUBLIC_URL, nodeA.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), BUSINESS);
            ApiClient owner = account.primary();

            // 20 agents, linked through and connected to the two nodes alternately.
            List<Agent> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                URI node = i % 2 == 0 ? NODE_A : NODE_B;
                ApiClient api = account.link(node, PUBLIC_URL, "Agent " + i);
                agents.add(new Agent(i, api, AgentSocket.open(api, true)));
            }
            Map<String, Agent> agentsById = agents.stream().collect(Collectors.toMap(Agent::id, agent -> agent));
            awaitTrue("all 20 agents online, available, empty", 20_000, () -> {
                List<JsonNode> online = agentViews(owner).stream().filter(agent -> agentsById.containsKey(agent.get("deviceId").asText()))
                        .filter(agent -> agent.get("online").asBoolean() && "available".equals(agent.get("status").asText())
                                && agent.get("capacity").asInt() == CAPACITY && agent.get("load").asInt() == 0).toList();
                return online.size() == AGENTS;
            });
            log(t0, "account, 20 agents linked and online");

            // 500 customers registered beforehand, half through each node, their lists fetched: the burst is only the sends.
            List<Customer> customers = all(pool, range(CUSTOMERS), i -> {
                URI node = i % 2 == 0 ? NODE_A : NODE_B;
                AppNode app = i % 2 == 0 ? nodeA : nodeB;
                SwitchboardClient client = SwitchboardClient.registerCustomer(
                        new ApiClient(node, PUBLIC_URL, DeviceKeys.generate(new SecureRandom())), String.format("+35191%07d", i),
                        "Customer " + i, "Java client",
                        phone -> app.lastLogMatch("Verification code for " + Pattern.quote(phone) + ": (\\d{6})"));
                String conversation = client.myConversation();
                client.lists(conversation);
                return new Customer(i, client, conversation);
            });
            Map<String, Customer> customersById = customers.stream().collect(Collectors.toMap(Customer::conversation, c -> c));
            log(t0, "500 customers registered");

            // The burst: 500 first messages at once, one thread each, half through each node.
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService burst = Executors.newFixedThreadPool(CUSTOMERS);
            List<Future<Long>> sends = new ArrayList<>();
            for (Customer customer : customers) {
                sends.add(burst.submit(() -> {
                    go.await();
                    return customer.client().sendText(customer.conversation(), "Hello, I need help (" + customer.index() + ")").seq();
                }));
            }
            long burstStart = System.nanoTime();
            go.countDown();
            for (Future<Long> send : sends) {
                assertTrue(send.get(120, TimeUnit.SECONDS) > 0);
            }
            burst.shutdown();
            log(t0, "500 first messages stored in " + (System.nanoTime() - burstStart) / 1_000_000 + " ms");

            Snapshot afterBurst = awaitSnapshot(owner, "100 assigned, 400 queued after the burst",
                    snapshot -> snapshot.states().size() == CUSTOMERS && snapshot.assigned().size() == SLOTS
                            && snapshot.queued().size() == CUSTOMERS - SLOTS);
            log(t0, "routing settled: " + afterBurst.summary());

            // Every conversation queued by its first message, nothing else.
            Map<String, Instant> arrivedAt = new HashMap<>();
            for (JsonNode state : afterBurst.states().values()) {
                assertEquals("open", state.get("status").asText(), state.toString());
                assertFalse(absent(state.path("queuedAt")), "every conversation was queued: " + state);
                arrivedAt.put(state.get("id").asText(), Instant.parse(state.get("queuedAt").asText()));
            }
            assertEquals(customersById.keySet(), arrivedAt.keySet());

            // Capacity: every agent has exactly 5 (100 conversations, 100 slots), as the state and /api/agents say.
            Map<String, List<String>> held = afterBurst.byAgent();
            assertEquals(agentsById.keySet(), held.keySet(), "every agent got conversations, nobody else did");
            held.forEach((agent, conversations) -> assertEquals(CAPACITY, conversations.size(), "load of " + agent));
            for (JsonNode agent : agentViews(owner)) {
                if (agentsById.containsKey(agent.get("deviceId").asText())) {
                    assertEquals(CAPACITY, agent.get("load").asInt(), agent.toString());
                }
            }

            // The assigned ones are the 100 earliest arrivals; the 400 queued ones are in line in arrival order.
            Set<String> firstAssigned = afterBurst.assigned();
            Instant lastAssignedArrival = firstAssigned.stream().map(arrivedAt::get).max(Comparator.naturalOrder()).orElseThrow();
            Instant firstQueuedArrival = afterBurst.queued().stream().map(arrivedAt::get).min(Comparator.naturalOrder()).orElseThrow();
            assertFalse(lastAssignedArrival.isAfter(firstQueuedArrival),
                    "a conversation that arrived at " + firstQueuedArrival + " waits while one that arrived at " + lastAssignedArrival
                            + " was assigned");
            Map<String, JsonNode> places = new java.util.concurrent.ConcurrentHashMap<>();
            all(pool, new ArrayList<>(customersById.keySet()), id -> {
                places.put(id, customersById.get(id).client().api().get("/api/conversations/" + id + "/queue"));
                return id;
            });
            String[] line = new String[CUSTOMERS - SLOTS];
            for (Map.Entry<String, JsonNode> entry : places.entrySet()) {
                JsonNode place = entry.getValue();
                if (firstAssigned.contains(entry.getKey())) {
                    assertTrue(absent(place.path("position")) && place.path("assigned").asBoolean(), place.toString());
                } else {
                    int position = place.get("position").asInt();
                    assertFalse(place.get("assigned").asBoolean(), place.toString());
                    assertTrue(position >= 1 && position <= line.length && line[position - 1] == null, "position " + place);
                    line[position - 1] = entry.getKey();
                }
            }
            for (int i = 1; i < line.length; i++) {
                assertFalse(arrivedAt.get(line[i - 1]).isAfter(arrivedAt.get(line[i])),
                        "queue position " + i + " arrived after position " + (i + 1));
            }

            // The history agrees: one current assignment per assigned conversation, none for the queued ones.
            Map<String, List<JsonNode>> histories = histories(pool, agents, customersById.keySet());
            for (String id : customersById.keySet()) {
                List<JsonNode> history = histories.get(id);
                if (firstAssigned.contains(id)) {
                    assertEquals(1, history.size(), id + ": " + history);
                    assertEquals(afterBurst.assignee(id), history.get(0).get("deviceId").asText());
                    assertTrue(absent(history.get(0).path("endedAt")));
                    assertEquals("least_loaded", history.get(0).get("reason").get("code").asText());
                } else {
                    assertEquals(List.of(), history, id);
                }
            }

            // Each agent's socket heard of its 5 conversations, whichever node's router assigned them.
            awaitTrue("every agent's socket shows its 5 conversations", 15_000, () -> agents.stream().allMatch(agent ->
                    held.get(agent.id()).stream().allMatch(id -> agent.id().equals(
                            agent.socket().latest().getOrDefault(id, missing()).path("assignee").path("deviceId").asText(null)))));
            log(t0, "burst checked");

            // The drain: rounds of concurrent resolves; each freed slot goes to the head of the line.
            Random random = new Random(42);
            Snapshot before = afterBurst;
            Set<String> resolved = new HashSet<>();
            int next = 0;
            int rounds = 0;
            while (resolved.size() < CUSTOMERS) {
                rounds++;
                List<Callable<JsonNode>> resolves = new ArrayList<>();
                Set<String> picked = new HashSet<>();
                for (Map.Entry<String, List<String>> entry : before.byAgent().entrySet()) {
                    List<String> mine = new ArrayList<>(entry.getValue());
                    java.util.Collections.shuffle(mine, random);
                    Agent agent = agentsById.get(entry.getKey());
                    for (String id : mine.subList(0, 1 + random.nextInt(Math.min(3, mine.size())))) {
                        picked.add(id);
                        resolves.add(() -> agent.api().post("/api/conversations/" + id + "/resolve", Map.of()));
                    }
                }
                for (Future<JsonNode> answer : pool.invokeAll(resolves)) {
                    JsonNode state = answer.get();
                    assertEquals("resolved", state.get("status").asText(), state.toString());
                    assertTrue(absent(state.path("assignee")), state.toString());
                }
                resolved.addAll(picked);
                int refill = Math.min(picked.size(), line.length - next);
                List<String> expectedNew = List.of(line).subList(next, next + refill);
                next += refill;
                int remaining = CUSTOMERS - resolved.size();
                int queuedLeft = line.length - next;
                Snapshot after = awaitSnapshot(owner, "round " + rounds + ": " + picked.size() + " resolved, " + refill + " refilled",
                        snapshot -> snapshot.resolved().size() == resolved.size() && snapshot.queued().size() == queuedLeft
                                && snapshot.assigned().size() == remaining - queuedLeft);
                assertEquals(resolved, after.resolved());
                Set<String> expectedAssigned = new HashSet<>(before.assigned());
                expectedAssigned.removeAll(picked);
                expectedAssigned.addAll(expectedNew);
                assertEquals(expectedAssigned, after.assigned(), "round " + rounds + ": the freed slots went to the head of the line "
                        + expectedNew);
                assertEquals(Set.copyOf(List.of(line).subList(next, line.length)), after.queued());
                int round = rounds;
                after.byAgent().forEach((agent, conversations) -> assertTrue(conversations.size() <= CAPACITY,
                        "round " + round + ": " + agent + " holds " + conversations.size()));
                before = after;
            }
            log(t0, "drained in " + rounds + " rounds");

            // The end: everything resolved, nobody holds anything.
            Snapshot end = before;
            assertEquals(CUSTOMERS, end.resolved().size());
            for (JsonNode state : end.states().values()) {
                assertTrue(absent(state.path("assignee")) && absent(state.path("queuedAt")), state.toString());
            }
            for (JsonNode agent : agentViews(owner)) {
                assertEquals(0, agent.get("load").asInt(), agent.toString());
            }

            // The whole history: assigned exactly once each, in arrival order, capacity never exceeded at any instant.
            Map<String, List<JsonNode>> finalHistories = histories(pool, agents, customersById.keySet());
            Map<String, List<Interval>> byAgent = new HashMap<>();
            List<Interval> everything = new ArrayList<>();
            for (String id : customersById.keySet()) {
                List<JsonNode> history = finalHistories.get(id);
                assertEquals(1, history.size(), "assigned exactly once: " + id + " " + history);
                JsonNode record = history.get(0);
                assertEquals("resolved", record.get("endReason").asText(), record.toString());
                assertTrue(agentsById.containsKey(record.get("deviceId").asText()), record.toString());
                Interval interval = new Interval(id, record.get("deviceId").asText(), Instant.parse(record.get("assignedAt").asText()),
                        Instant.parse(record.get("endedAt").asText()));
                assertFalse(interval.end().isBefore(interval.start()), record.toString());
                byAgent.computeIfAbsent(interval.agent(), agent -> new ArrayList<>()).add(interval);
                everything.add(interval);
            }
            Map<String, List<Interval>> byConversation = everything.stream().collect(Collectors.groupingBy(Interval::conversation));
            byConversation.forEach((id, intervals) -> assertTrue(maxOverlap(intervals) <= 1, id + " held by two agents at once"));
            byAgent.forEach((agent, intervals) -> assertTrue(maxOverlap(intervals) <= CAPACITY,
                    agent + " held " + maxOverlap(intervals) + " conversations at once"));
            assertEquals(SLOTS, maxOverlap(everything), "all 100 slots were in use at the peak, never more");
            List<Interval> byArrival = new ArrayList<>(everything);
            byArrival.sort(Comparator.comparing((Interval interval) -> arrivedAt.get(interval.conversation()))
                    .thenComparing(Interval::start));
            for (int i = 1; i < byArrival.size(); i++) {
                assertFalse(byArrival.get(i - 1).start().isAfter(byArrival.get(i).start()),
                        "assigned out of arrival order: " + byArrival.get(i - 1) + " after " + byArrival.get(i));
            }

            // Both routers counted their decisions; together exactly one per conversation; no run failed.
            double byA = nodeA.metric("switchboard_routing_assignments_total", "");
            double byB = nodeB.metric("switchboard_routing_assignments_total", "");
            System.out.printf("router assignments: node A %.0f, node B %.0f; runs: node A %.0f, node B %.0f%n", byA, byB,
                    nodeA.metric("switchboard_routing_run_seconds_count", ""), nodeB.metric("switchboard_routing_run_seconds_count", ""));
            assertEquals(CUSTOMERS, Math.round(byA + byB));
            for (String log : List.of("node-a.log", "node-b.log")) {
                String text = Files.readString(work.resolve(log));
                assertFalse(text.contains("routing run failed"), log + " shows a failed routing run");
            }

            // The pushes reached every agent on both nodes: each socket's last word on every conversation is "resolved".
            awaitTrue("every agent's socket shows all 500 resolved", 20_000, () -> agents.stream().allMatch(agent ->
                    customersById.keySet().stream().allMatch(id ->
                            "resolved".equals(agent.socket().latest().getOrDefault(id, missing()).path("status").asText()))));
            agents.forEach(agent -> assertTrue(agent.socket().isOpen(), "socket of agent " + agent.index() + " stayed open"));
            log(t0, "done");

            agents.forEach(agent -> agent.socket().close());
            customers.forEach(customer -> customer.client().close());
        } finally {
            pool.shutdownNow();
        }
    }

    record Interval(String conversation, String agent, Instant start, Instant end) {
    }

    /** The most intervals [start, end) that hold at one instant. */
    static int maxOverlap(Collection<Interval> intervals) {
        TreeMap<Instant, Integer> changes = new TreeMap<>();
        for (Interval interval : intervals) {
            if (interval.start().equals(interval.end())) {
                continue;
            }
            changes.merge(interval.start(), 1, Integer::sum);
            changes.merge(interval.end(), -1, Integer::sum);
        }
        int current = 0;
        int max = 0;
        for (int change : changes.values()) {
            current += change;
            max = Math.max(max, current);
        }
        return max;
    }

    private static Map<String, List<JsonNode>> histories(ExecutorService pool, List<Agent> agents, Set<String> ids) throws Exception {
        Map<String, List<JsonNode>> histories = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> list = new ArrayList<>(ids);
        all(pool, range(list.size()), i -> {
            ApiClient reader = agents.get(i % agents.size()).api();
            List<JsonNode> history = new ArrayList<>();
            reader.get("/api/conversations/" + list.get(i) + "/assignments").forEach(history::add);
            histories.put(list.get(i), history);
            return i;
        });
        return histories;
    }

    private static List<JsonNode> agentViews(ApiClient business) {
        List<JsonNode> views = new ArrayList<>();
        business.get("/api/agents").forEach(views::add);
        return views;
    }

    private static Snapshot snapshot(ApiClient business) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        business.get("/api/conversations").forEach(state -> states.put(state.get("id").asText(), state));
        return new Snapshot(states);
    }

    /**
     * Polls until the condition holds, then checks that it still holds a moment later (nothing more is coming).
     * Every reading on the way must show every agent within capacity.
     */
    private static Snapshot awaitSnapshot(ApiClient business, String what, Predicate<Snapshot> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        Snapshot last = null;
        while (System.currentTimeMillis() < deadline) {
            last = snapshot(business);
            Snapshot seen = last;
            seen.byAgent().forEach((agent, held) -> assertTrue(held.size() <= CAPACITY,
                    what + ": " + agent + " holds " + held.size() + " conversations; " + seen.summary()));
            if (condition.test(last)) {
                Thread.sleep(300);
                Snapshot again = snapshot(business);
                assertEquals(summaryOf(last), summaryOf(again), what + ": the state kept changing");
                return again;
            }
            Thread.sleep(100);
        }
        fail("not reached within " + SETTLE_MILLIS + " ms: " + what + "; last seen " + (last == null ? "nothing" : last.summary()));
        return null;
    }

    private static Map<String, String> summaryOf(Snapshot snapshot) {
        Map<String, String> summary = new TreeMap<>();
        snapshot.states().forEach((id, state) -> summary.put(id, state.get("status").asText() + "/"
                + state.path("assignee").path("deviceId").asText("-")));
        return summary;
    }

    private static void awaitTrue(String what, long millis, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                fail("not reached within " + millis + " ms: " + what);
            }
            Thread.sleep(100);
        }
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static JsonNode missing() {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    private static <T, R> List<R> all(ExecutorService pool, List<T> inputs, ThrowingFunction<T, R> work) throws Exception {
        List<Future<R>> futures = new ArrayList<>();
        for (T input : inputs) {
            futures.add(pool.submit(() -> work.apply(input)));
        }
        List<R> results = new ArrayList<>();
        for (Future<R> future : futures) {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    interface ThrowingFunction<T, R> {
        R apply(T input) throws Exception;
    }

    private static void log(long t0, String what) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
