package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.ApiClient;
import io.switchboard.federation.TwoProviders;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.protocol.mimi.CborValue;
import io.switchboard.protocol.mimi.MimiContent;
import io.switchboard.protocol.mimi.NestedPart;
import io.switchboard.testing.RemoteAccount;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Federated messages per second between two providers (issue 15): C customers of provider {@code a.test} write
 * 1 KiB MIMI texts to the business of provider {@code b.test}, which has D devices online. Each envelope is sealed
 * before the clock starts; each send is one {@code POST /api/federation/remote-chats/{id}/messages} to A, open loop at
 * a fixed rate; A relays it through its outbox to B's {@code submitMessage}, and B delivers it to its devices'
 * WebSockets. Latency runs from the moment a send was due to its arrival at the last of B's D devices. A rate holds
 * when every message arrives, none is refused and p99 ≤ 250 ms.
 *
 * <p>Prints per rate: sent, accepted by A, delivered to all of B's devices, p50/p99/max, and the CPU of each app and
 * each PostgreSQL (from {@code /proc}) in cores. Both providers run durable, each with its own database.
 *
 * <p>Run (after {@code ./mvnw -B -ntp -DskipTests -Dskip.npm=true package}): {@code ./mvnw -B -ntp -Dskip.npm=true test-compile
 * exec:java -Dexec.mainClass=io.switchboard.bench.FederationBenchmark -Dexec.classpathScope=test -Dbench.rates=10,20,50,100}
 * with optional {@code -Dbench.customers=8 -Dbench.devices=3 -Dbench.seconds=15}, and {@code -Dbench.durable=false} to see what
 * the databases' commits cost; {@code -Dbench.jvm="<options>"} adds JVM options to both apps (a flight recording, say).
 */
public final class FederationBenchmark {

    static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOLD_P99_MILLIS = 250;
    static final String BUSINESS = "+4930222222222";

    record Customer(ApiClient api, String chatId, String roomId, SignedDeviceList businessList, SignedDeviceList ownList) {
    }

    record Prepared(String clientMessageId, HttpRequest request) {
    }

    static final class Tracked {
        final long dueNanos;
        final AtomicInteger missing;
        volatile long deliveredNanos;

        Tracked(long dueNanos, int devices) {
            this.dueNanos = dueNanos;
            this.missing = new AtomicInteger(devices);
        }
    }

    final TwoProviders providers;
    final List<Customer> customers = new ArrayList<>();
    final List<ApiClient> business = new ArrayList<>();
    final Map<String, Tracked> inFlight = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(2)).build();

    FederationBenchmark(TwoProviders providers) {
        this.providers = providers;
    }

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream(System.getProperty("bench.rates", "10,20,50,100").split(",")).mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        int customerCount = Integer.getInteger("bench.customers", 8);
        int devices = Integer.getInteger("bench.devices", 3);
        int seconds = Integer.getInteger("bench.seconds", 15);
        Map<String, String> settings = Map.of(
                "switchboard.customers.verifications-per-minute", "1000000",
                "switchboard.linking.requests-per-minute", "1000000",
                "switchboard.sessions.challenges-per-minute", "1000000",
                "switchboard.messages.sends-per-minute", "1000000",
                "switchboard.federation.identifier-queries-per-minute", "1000000",
                "quarkus.log.category.\"io.switchboard.customer\".level", "INFO");
        boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseG1GC"));
        // e.g. -Dbench.jvm=-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile to profile both apps
        Arrays.stream(System.getProperty("bench.jvm", "").split(" ")).filter(option -> !option.isBlank()).forEach(jvm::add);
        try (TwoProviders providers = TwoProviders.start("switchboard-federation-bench", 18391, durable, settings, jvm.toArray(String[]::new))) {
            FederationBenchmark bench = new FederationBenchmark(providers);
            bench.setUp(customerCount, devices);
            bench.connectDevices();
            System.out.printf("%n%d customers at a.test, %d devices of the business at b.test, %d s per rate, databases %s%n", customerCount,
                    devices, seconds, durable ? "durable" : "not durable (fsync off)");
            System.out.println("| rate/s | sent | accepted by A | at every device of B | p50 ms | p99 ms | max ms | A app | A db | B app | B db | holds |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            bench.run(Math.max(5, rates[0]), Math.max(5, rates[0]) * 5, false);
            for (int rate : rates) {
                bench.run(rate, rate * seconds, true);
            }
        }
        System.exit(0);
    }

    void setUp(int customerCount, int devices) throws Exception {
        TwoProviders.Provider a = providers.a();
        TwoProviders.Provider b = providers.b();
        RemoteAccount ownerA = a.setUpAccount("+4930111111111");
        RemoteAccount ownerB = b.setUpAccount(BUSINESS);
        business.add(ownerB.primary());
        for (int d = 1; d < devices; d++) {
            business.add(ownerB.link(b.node().uri(), b.publicUrl(), "Agent " + d));
        }
        TwoProviders.allow(ownerA, b, true);
        TwoProviders.allow(ownerB, a, true);
        for (int c = 0; c < customerCount; c++) {
            ApiClient api = a.registerCustomer(String.format("+49170%08d", c + 1));
            String chatId = api.post("/api/federation/remote-chats", Map.of("domain", b.domain, "phone", BUSINESS)).get("id").asText();
            JsonNode detail = awaitGranted(api, chatId);
            SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
            DeviceListVerifier.verify(businessList, BUSINESS, ownerB.primary().keys().signingKey(), 0, Instant.now().getEpochSecond());
            customers.add(new Customer(api, chatId, detail.path("chat").path("roomId").asText(), businessList,
                    SignedDeviceList.fromJson(detail.get("customerList"))));
        }
    }

    static JsonNode awaitGranted(ApiClient api, String chatId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode detail = api.get("/api/federation/remote-chats/" + chatId);
            if ("granted".equals(detail.path("chat").path("state").asText()) && detail.get("businessList").isObject()) {
                return detail;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("chat " + chatId + " was not granted within 60 s");
    }

    void connectDevices() throws Exception {
        for (ApiClient device : business) {
            URI ws = URI.create(device.base().toString().replaceFirst("^http", "ws") + "/ws/events");
            HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", device.origin()).header("Cookie", "sb_session=" + device.session())
                    .buildAsync(ws, new Receiver()).get(10, TimeUnit.SECONDS);
        }
    }

    /** Acknowledges every message and counts its arrival; a message is delivered when the last device has it. */
    final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sending;

        @Override
        public void onOpen(WebSocket socket) {
            sending = CompletableFuture.completedFuture(socket);
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    if ("message".equals(frame.path("type").asText())) {
                        Tracked tracked = inFlight.get(frame.path("envelope").path("header").path("clientMessageId").asText());
                        if (tracked != null && tracked.missing.decrementAndGet() == 0) {
                            tracked.deliveredNanos = now;
                        }
                        String ack = "{\"type\":\"ack\",\"seq\":" + frame.get("seq").asLong() + "}";
                        sending = sending.thenCompose(open -> open.sendText(ack, true));
                    }
                } catch (Exception e) {
                    System.err.println("a frame could not be read: " + e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    /** Sealed before the clock starts: customer {@code i mod C} sends message i. */
    List<Prepared> prepare(int count) {
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Customer customer = customers.get(i % customers.size());
            String clientMessageId = MessageHeader.randomId(RANDOM);
            MessageHeader header = MessageHeader.of(customer.roomId(), customer.api().keys().deviceId(), clientMessageId,
                    customer.businessList().list().version(), customer.ownList().list().version(), MessageHeader.KIND_TEXT,
                    Instant.now().getEpochSecond());
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            MimiContent content = new MimiContent(salt, null, new byte[0], null, null, new CborValue.Map(List.of()),
                    NestedPart.text(MimiContent.MARKDOWN, "x".repeat(1000)));
            byte[] encoded = content.encode();
            MessageEnvelope envelope = Envelopes.seal(customer.api().keys(), header, encoded,
                    Envelopes.recipients(header, customer.businessList().list(), customer.ownList().list()), RANDOM);
            String customerUri = "mimi://" + providers.a().domain + "/u/" + customer.ownList().list().account();
            byte[] messageId = content.messageId(customerUri, "mimi://" + providers.b().domain + "/r/" + customer.roomId());
            String body;
            try {
                body = JSON.writeValueAsString(Map.of("messageId", B64u.encode(messageId), "envelope", envelope.toJson()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            HttpRequest request = HttpRequest.newBuilder(customer.api().base().resolve("/api/federation/remote-chats/" + customer.chatId() + "/messages"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Cookie", "sb_session=" + customer.api().session()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return new Prepared(clientMessageId, request);
        }).toList();
    }

    void run(int rate, int count, boolean measured) throws Exception {
        List<Prepared> prepared = prepare(count);
        inFlight.clear();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long[] cpuBefore = cpu();
        long clientBefore = clientCpuNanos();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Prepared message = prepared.get(i);
            inFlight.put(message.clientMessageId(), new Tracked(due, business.size()));
            sends.add(http.sendAsync(message.request(), HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                (failure == null && response.statusCode() / 100 == 2 ? accepted : refused).incrementAndGet();
                return null;
            }));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && inFlight.values().stream().anyMatch(t -> t.deliveredNanos == 0)) {
            Thread.sleep(100);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] cpuAfter = cpu();
        long clientCpu = clientCpuNanos() - clientBefore;
        if (!measured) {
            return;
        }
        long[] latencies = inFlight.values().stream().filter(t -> t.deliveredNanos != 0).mapToLong(t -> t.deliveredNanos - t.dueNanos).sorted().toArray();
        boolean held = refused.get() == 0 && latencies.length == count && percentile(latencies, 99) <= HOLD_P99_MILLIS;
        System.out.printf("| %d | %d | %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %s |%n", rate, count, accepted.get(),
                latencies.length, percentile(latencies, 50), percentile(latencies, 99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                (cpuAfter[0] - cpuBefore[0]) / 1e9 / elapsed, (cpuAfter[1] - cpuBefore[1]) / 1e9 / elapsed,
                (cpuAfter[2] - cpuBefore[2]) / 1e9 / elapsed, (cpuAfter[3] - cpuBefore[3]) / 1e9 / elapsed, held ? "yes" : "no");
        System.out.printf("  client CPU %.2f cores%n", clientCpu / 1e9 / elapsed);
    }

    /** CPU nanoseconds of A's app, A's PostgreSQL, B's app and B's PostgreSQL. */
    long[] cpu() throws Exception {
        TwoProviders.Provider a = providers.a();
        TwoProviders.Provider b = providers.b();
        return new long[] {ProcessCpu.treeNanos(a.node().pid()), ProcessCpu.treeNanos(ProcessCpu.postmaster(a.databaseDirectory())),
                ProcessCpu.treeNanos(b.node().pid()), ProcessCpu.treeNanos(ProcessCpu.postmaster(b.databaseDirectory()))};
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
