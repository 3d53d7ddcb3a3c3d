package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The delivery benchmark of issue 12: N customers send 1 KiB text messages to a business with D
 * devices online, open loop at fixed rates. Every envelope is prepared (signed, wrapped for every
 * recipient, serialised) before the clock starts, so the client measures the server and not its own
 * cryptography. Each send is one {@code POST /api/messages} of a ready body on a pooled keep-alive
 * connection; each device acknowledges every message on its WebSocket without decrypting it (a
 * sample is decrypted and checked off the clock). Latency runs from the moment a send was due (not
 * when it went out, so a stalled client cannot hide queueing) to the arrival at the last of the D
 * devices. A rate holds when nothing is lost, nothing is refused and p99 ≤ 250 ms.
 *
 * <p>Prints per rate: sent, stored, refused, delivered to all devices, p50/p99/max, p99 per 5-second
 * window, the client's CPU, the app's and PostgreSQL's CPU (from {@code /proc}), and server CPU per
 * message. {@code bench.mode=warm} first sends {@code bench.warmup} messages unmeasured;
 * {@code bench.mode=cold} restarts the app right before the first rate, as after a deploy.
 *
 * <p>Run (after {@code ./mvnw -B -ntp -DskipTests package}): {@code ./mvnw -B -ntp -Dskip.npm=true test-compile exec:java
 * -Dexec.mainClass=io.switchboard.bench.LoadGenerator -Dexec.classpathScope=test -Dbench.rates=50,100,200,400,700,1000}
 * with optional {@code -Dbench.customers=200 -Dbench.devices=5 -Dbench.seconds=20 -Dbench.mode=warm -Dbench.warmup=24000}.
 */
public final class LoadGenerator {

    static final int PORT = 18281;
    static final String PUBLIC_URL = "http://localhost:" + PORT;
    static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOLD_P99_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final int WINDOW_SECONDS = 5;

    final int devices;
    final EmbeddedDatabase database;
    final Path work;
    final Map<String, String> settings;
    AppNode node;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2)).build();
    final List<Customer> customers = new ArrayList<>();
    final List<SwitchboardClient> business = new ArrayList<>();
    final Map<String, Tracked> inFlight = new ConcurrentHashMap<>();
    final AtomicInteger sampledOk = new AtomicInteger();
    final AtomicInteger sampledBad = new AtomicInteger();
    final ExecutorService sampler = Executors.newSingleThreadExecutor();

    record Customer(SwitchboardClient client, String conversation) {
    }

    /** One message on its way: when it was due, and how many devices still lack it. */
    static final class Tracked {
        final long dueNanos;
        final AtomicInteger missing;
        volatile int status;
        volatile long deliveredNanos;

        Tracked(long dueNanos, int devices) {
            this.dueNanos = dueNanos;
            this.missing = new AtomicInteger(devices);
        }
    }

    record Prepared(String clientMessageId, HttpRequest request) {
    }

    LoadGenerator(int devices, EmbeddedDatabase database, Path work, Map<String, String> settings) {
        this.devices = devices;
        this.database = database;
        this.work = work;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        // The server closes a connection idle for 30 s; a pooled connection kept longer may be reused just as it
        // closes, and a POST is not retried: the client forgets idle connections first.
        System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        int customerCount = Integer.getInteger("bench.customers", 200);
        int devices = Integer.getInteger("bench.devices", 5);
        int seconds = Integer.getInteger("bench.seconds", 20);
        String mode = System.getProperty("bench.mode", "warm");
        int warmup = Integer.getInteger("bench.warmup", 24_000);
        int[] rates = Arrays.stream(System.getProperty("bench.rates", "50,100,200,400,700,1000").split(","))
                .mapToInt(rate -> Integer.parseInt(rate.trim())).toArray();

        Path work = Files.createTempDirectory("switchboard-bench");
        Map<String, String> settings = Map.of(
                "switchboard.customers.verifications-per-minute", "1000000",
                "switchboard.linking.requests-per-minute", "1000000",
                "switchboard.sessions.challenges-per-minute", "1000000",
                "switchboard.messages.sends-per-minute", "1000000",
                "switchboard.devices.max-companions", Integer.toString(Math.max(4, devices - 1)),
                "quarkus.log.category.\"io.switchboard.customer\".level", "INFO");
        boolean statements = Boolean.getBoolean("bench.statements");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0,
                statements ? Map.of("shared_preload_libraries", "pg_stat_statements") : Map.of())) {
            LoadGenerator bench = new LoadGenerator(devices, database, work, settings);
            try {
                bench.node = bench.startNode("node-1.log");
                bench.setUp(customerCount);
                System.out.printf("machine: %d cores, %s, Java %s; %d customers -> business with %d devices online, %d s per rate%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("java.version"),
                        customerCount, devices, seconds);
                if ("cold".equals(mode)) {
                    bench.node.close();
                    long restarted = System.nanoTime();
                    bench.node = bench.startNode("node-2.log");
                    System.out.printf("mode cold: the app was restarted; it answered after %d ms, the first rate starts now%n",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
                }
                bench.connectDevices();
                if ("warm".equals(mode) && warmup > 0) {
                    int warmRate = Integer.getInteger("bench.warmupRate", 400);
                    System.out.printf("warm-up: %d messages at %d/s, not measured%n", warmup, warmRate);
                    bench.run(warmRate, warmup, false);
                }
                System.out.println();
                System.out.println("| rate/s | sent | stored | refused | delivered to all | p50 ms | p99 ms | max ms | worst 5 s p99 ms | client CPU | app CPU | PostgreSQL CPU | server CPU per msg | PostgreSQL transactions per msg | held |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                if (statements) {
                    bench.statements("create extension if not exists pg_stat_statements");
                }
                for (int rate : rates) {
                    if (statements) {
                        bench.statements("select pg_stat_statements_reset()");
                    }
                    bench.run(rate, rate * seconds, true);
                    if (statements) {
                        bench.printStatements(rate * seconds);
                    }
                }
                System.out.printf("%nsampled decryptions (1 in 100, off the clock): %d verified and opened, %d failed%n",
                        bench.sampledOk.get(), bench.sampledBad.get());
            } finally {
                bench.business.forEach(SwitchboardClient::close);
                if (bench.node != null) {
                    bench.node.close();
                }
                bench.sampler.shutdownNow();
            }
        }
        // The clients' connection threads would keep exec:java waiting after the report, as the other benchmarks found.
        System.exit(0);
    }

    AppNode startNode(String log) throws Exception {
        return AppNode.start(database, PORT, PUBLIC_URL, work.resolve(log), settings, "-Xmx2g", "-XX:+UseG1GC",
                System.getProperty("bench.jvmOption", "-Dbench.none=1"));
    }

    void setUp(int customerCount) throws Exception {
        URI uri = node.uri();
        RemoteAccount account = RemoteAccount.setUp(uri, PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678");
        business.add(new SwitchboardClient(account.primary(), Clock.systemUTC(), RANDOM));
        for (int i = 1; i < devices; i++) {
            business.add(new SwitchboardClient(account.link(uri, PUBLIC_URL, "Agent " + i), Clock.systemUTC(), RANDOM));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Customer>> registered = IntStream.range(0, customerCount).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            String phone = String.format("+35191%07d", i);
            SwitchboardClient customer = SwitchboardClient.registerCustomer(new ApiClient(uri, PUBLIC_URL, DeviceKeys.generate(RANDOM)),
                    phone, "Customer " + i, "Load generator",
                    p -> node.lastLogMatch("Verification code for " + Pattern.quote(p) + ": (\\d{6})"));
            String conversation = customer.myConversation();
            customer.lists(conversation); // verified once here, so preparing an envelope is pure cryptography
            return new Customer(customer, conversation);
        }, pool)).toList();
        for (CompletableFuture<Customer> customer : registered) {
            customers.add(customer.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
    }

    /** Each business device acknowledges every message as it arrives; a sample is opened off the clock. */
    void connectDevices() throws Exception {
        URI ws = URI.create(PUBLIC_URL.replaceFirst("^http", "ws") + "/ws/events");
        for (int d = 0; d < business.size(); d++) {
            SwitchboardClient device = business.get(d);
            boolean samples = d == 0;
            HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", device.api().origin())
                    .header("Cookie", "sb_session=" + device.api().session())
                    .buildAsync(ws, new Receiver(device, samples)).get(10, TimeUnit.SECONDS);
        }
    }

    final class Receiver implements WebSocket.Listener {
        private final SwitchboardClient device;
        private final boolean samples;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sending;
        private long received;

        Receiver(SwitchboardClient device, boolean samples) {
            this.device = device;
            this.samples = samples;
        }

        @Override
        public void onOpen(WebSocket socket) {
            sending = CompletableFuture.completedFuture(socket);
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(text);
                } catch (Exception e) {
                    System.err.println("a frame could not be read: " + e);
                }
            }
            socket.request(1);
            return null;
        }

        private void handle(String text) throws Exception {
            long now = System.nanoTime();
            JsonNode frame = JSON.readTree(text);
            if (!"message".equals(frame.path("type").asText())) {
                return;
            }
            long seq = frame.get("seq").asLong();
            JsonNode envelope = frame.get("envelope");
            Tracked tracked = inFlight.get(envelope.path("header").path("clientMessageId").asText());
            if (tracked != null && tracked.missing.decrementAndGet() == 0) {
                tracked.deliveredNanos = now;
            }
            String ack = "{\"type\":\"ack\",\"seq\":" + seq + "}";
            sending = sending.thenCompose(open -> open.sendText(ack, true));
            if (samples && ++received % 100 == 0) {
                String conversation = frame.get("conversation").asText();
                sampler.execute(() -> {
                    try {
                        device.open(seq, conversation, MessageEnvelope.fromJson(envelope));
                        sampledOk.incrementAndGet();
                    } catch (RuntimeException e) {
                        sampledBad.incrementAndGet();
                    }
                });
            }
        }
    }

    /** Prepares {@code count} envelopes, then sends them at {@code rate} per second and reports (when measured). */
    void run(int rate, int count, boolean measured) throws Exception {
        List<Prepared> prepared = prepare(count);
        inFlight.clear();
        Tracked[] tracked = new Tracked[count];
        AtomicInteger refused = new AtomicInteger();
        Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        long clientCpuBefore = clientCpuNanos();
        long postmaster = ProcessCpu.postmaster(work.resolve("postgres"));
        long appCpuBefore = ProcessCpu.treeNanos(node.pid());
        long databaseCpuBefore = ProcessCpu.treeNanos(postmaster);
        long commitsBefore = commits();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Tracked message = new Tracked(due, devices);
            tracked[i] = message;
            inFlight.put(prepared.get(i).clientMessageId(), message);
            http.sendAsync(prepared.get(i).request(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                message.status = failure == null ? response.statusCode() : -1;
                if (message.status != 201) {
                    refused.incrementAndGet();
                    refusals.computeIfAbsent(message.status, status -> new AtomicInteger()).incrementAndGet();
                }
                answered.incrementAndGet();
            });
        }
        long sendingEnded = System.nanoTime();
        long drainDeadline = sendingEnded + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < drainDeadline && (answered.get() < count
                || Arrays.stream(tracked).anyMatch(message -> message.status == 201 && message.deliveredNanos == 0))) {
            Thread.sleep(20);
        }
        long clientCpu = clientCpuNanos() - clientCpuBefore;
        long appCpu = ProcessCpu.treeNanos(node.pid()) - appCpuBefore;
        long databaseCpu = ProcessCpu.treeNanos(postmaster) - databaseCpuBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!measured) {
            return;
        }
        // PostgreSQL publishes a backend's counts when it goes idle, at most once a second.
        Thread.sleep(1_500);
        long commits = commits() - commitsBefore;
        long stored = Arrays.stream(tracked).filter(message -> message.status == 201).count();
        long[] latencies = Arrays.stream(tracked).filter(message -> message.deliveredNanos != 0)
                .mapToLong(message -> message.deliveredNanos - message.dueNanos).sorted().toArray();
        double worstWindow = 0;
        int perWindow = rate * WINDOW_SECONDS;
        for (int from = 0; from < count; from += perWindow) {
            long[] window = Arrays.stream(tracked, from, Math.min(count, from + perWindow)).filter(message -> message.deliveredNanos != 0)
                    .mapToLong(message -> message.deliveredNanos - message.dueNanos).sorted().toArray();
            worstWindow = Math.max(worstWindow, percentile(window, 99));
        }
        boolean held = refused.get() == 0 && latencies.length == count && percentile(latencies, 99) <= HOLD_P99_NANOS / 1e6;
        System.out.printf("| %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f ms | %.2f | %s |%n",
                rate, count, stored, refused.get(), latencies.length, percentile(latencies, 50), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6, worstWindow,
                clientCpu / 1e9 / elapsed, appCpu / 1e9 / elapsed, databaseCpu / 1e9 / elapsed,
                (appCpu + databaseCpu) / 1e6 / Math.max(1, stored), (double) commits / Math.max(1, stored), held ? "yes" : "no");
        if (!refusals.isEmpty()) {
            System.out.printf("  refusals at %d/s by status (-1: no answer): %s%n", rate, refusals);
        }
    }

    /** Signed, wrapped and serialised before the clock starts: customer {@code i mod N} sends message i. */
    List<Prepared> prepare(int count) throws Exception {
        byte[] content = MessageContent.text("x".repeat(1000));
        URI messages = node.uri().resolve("/api/messages");
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Customer customer = customers.get(i % customers.size());
            SwitchboardClient.Lists lists = customer.client().lists(customer.conversation());
            String clientMessageId = MessageHeader.randomId(RANDOM);
            MessageHeader header = MessageHeader.of(customer.conversation(), customer.client().deviceId(), clientMessageId,
                    lists.business().list().version(), lists.customer().list().version(), MessageHeader.KIND_TEXT,
                    Clock.systemUTC().instant().getEpochSecond());
            MessageEnvelope envelope = Envelopes.seal(customer.client().api().keys(), header, content,
                    new TreeMap<>(Envelopes.recipients(header, lists.business().list(), lists.customer().list())), RANDOM);
            HttpRequest request = HttpRequest.newBuilder(messages).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Cookie", "sb_session=" + customer.client().api().session())
                    .POST(HttpRequest.BodyPublishers.ofString(envelope.toJson().toString())).build();
            return new Prepared(clientMessageId, request);
        }).toList();
    }

    /** Transactions PostgreSQL ended (committed or rolled back) in the app's database, read-only ones included. */
    long commits() throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }

    void statements(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres")) {
            connection.createStatement().execute(sql);
        }
    }

    /** With {@code -Dbench.statements=true}: the statements of the last rate, by calls per message (pg_stat_statements). */
    void printStatements(int messages) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
             java.sql.ResultSet rows = connection.createStatement().executeQuery(
                     "select calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements"
                             + " where dbid = (select oid from pg_database where datname = current_database())"
                             + " order by calls desc limit 40")) {
            System.out.println("  calls/msg | ms/msg | statement");
            while (rows.next()) {
                String query = rows.getString(3);
                System.out.printf("  %.3f | %.4f | %s%n", rows.getLong(1) / (double) messages, rows.getDouble(2) / messages,
                        query.length() > 160 ? query.substring(0, 160) + "…" : query);
            }
        }
    }

    static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
