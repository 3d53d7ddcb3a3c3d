package io.switchboard.bench;

import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Load generator (issue 3's benchmark): N customers write to a business with D devices for a while;
 * prints the sustained rate of messages delivered to all D devices, send-to-receipt latency on all D
 * devices (p50/p99), the server's heap and CPU, and then how much heap idle authenticated device
 * WebSockets cost. Durability stays on: a send returns only after its commit.
 *
 * <p>Run: {@code ./mvnw -Dexec.skip=true -DskipTests package && ./mvnw -Dexec.skip=true test-compile exec:java
 * -Dexec.mainClass=io.switchboard.bench.LoadGenerator -Dexec.classpathScope=test} with optional
 * {@code -Dbench.customers=200 -Dbench.devices=5 -Dbench.seconds=30 -Dbench.senders=32 -Dbench.idleSockets=2000}.
 */
public final class LoadGenerator {

    static final String PUBLIC_URL = "http://localhost:18281";
    static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        int customers = Integer.getInteger("bench.customers", 200);
        int devices = Integer.getInteger("bench.devices", 5);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int senders = Integer.getInteger("bench.senders", 32);
        int idleSockets = Integer.getInteger("bench.idleSockets", 2000);

        Path work = Files.createTempDirectory("switchboard-bench");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
             AppNode node = AppNode.start(database, 18281, PUBLIC_URL, work.resolve("node.log"),
                     Map.of("switchboard.customers.verifications-per-minute", "100000",
                             "switchboard.linking.requests-per-minute", "100000",
                             "quarkus.log.category.\"io.switchboard.customer\".level", "INFO"),
                     "-Xmx2g", "-XX:+UseG1GC", System.getProperty("bench.jvmOption", "-Dbench.none=1"))) {
            URI uri = node.uri();
            RemoteAccount account = RemoteAccount.setUp(uri, PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678");
            List<SwitchboardClient> business = new ArrayList<>();
            business.add(new SwitchboardClient(account.primary(), Clock.systemUTC(), RANDOM));
            for (int i = 1; i < devices; i++) {
                business.add(new SwitchboardClient(account.link(uri, PUBLIC_URL, "Agent " + i), Clock.systemUTC(), RANDOM));
            }
            List<SwitchboardClient> customerClients = new ArrayList<>();
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                String phone = String.format("+35191%07d", i);
                SwitchboardClient customer = SwitchboardClient.registerCustomer(new ApiClient(uri, PUBLIC_URL, DeviceKeys.generate(RANDOM)),
                        phone, "Customer " + i, "Load generator",
                        p -> node.lastLogMatch("Verification code for " + Pattern.quote(p) + ": (\\d{6})"));
                customerClients.add(customer);
                conversations.add(customer.myConversation());
            }
            System.out.printf("setup: %d customers, %d business devices%n", customers, devices);

            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            Map<Long, long[]> receivedAt = new ConcurrentHashMap<>();
            for (int d = 0; d < business.size(); d++) {
                int device = d;
                business.get(d).connect(message -> receivedAt.computeIfAbsent(message.seq(), seq -> new long[devices])[device] = System.nanoTime())
                        .connected().get(10, TimeUnit.SECONDS);
            }

            double heapBefore = node.metric("jvm_memory_used_bytes", "area=\"heap\"");
            AtomicLong cpuSamples = new AtomicLong();
            double[] cpuSum = {0};
            double[] heapMax = {0};
            AtomicInteger errors = new AtomicInteger();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(senders);
            for (int t = 0; t < senders; t++) {
                pool.execute(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            int i = Math.floorMod(next.getAndIncrement(), customers);
                            long t0 = System.nanoTime();
                            try {
                                long seq = customerClients.get(i).sendText(conversations.get(i), "load message at " + t0).seq();
                                sentAt.put(seq, t0);
                            } catch (RuntimeException e) {
                                errors.incrementAndGet();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (!done.await(1, TimeUnit.SECONDS)) {
                cpuSum[0] += node.metric("process_cpu_usage", "");
                cpuSamples.incrementAndGet();
                heapMax[0] = Math.max(heapMax[0], node.metric("jvm_memory_used_bytes", "area=\"heap\""));
            }
            pool.shutdown();
            long sendingNanos = System.nanoTime() - start;
            Thread.sleep(3000);

            long[] latencies = sentAt.entrySet().stream()
                    .filter(entry -> complete(receivedAt.get(entry.getKey())))
                    .mapToLong(entry -> Arrays.stream(receivedAt.get(entry.getKey())).max().orElseThrow() - entry.getValue())
                    .sorted().toArray();
            int cpus = (int) node.metric("system_cpu_count", "");
            System.out.println();
            System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("java.version"));
            System.out.printf("load: %d customers -> business with %d devices, %d sender threads, %d s%n", customers, devices, senders, seconds);
            System.out.printf("messages sent: %d (errors %d); delivered to all %d devices: %d%n", sentAt.size(), errors.get(), devices,
                    latencies.length);
            System.out.printf("sustained: %.1f messages/s stored, %.1f messages/s delivered to all devices%n",
                    sentAt.size() / (sendingNanos / 1e9), latencies.length / (sendingNanos / 1e9));
            System.out.printf("latency send -> received on all devices: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(latencies, 50), percentile(latencies, 99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
            System.out.printf("server: heap before %.0f MiB, max during load %.0f MiB; process CPU %.0f%% of %d cores on average%n",
                    heapBefore / 1048576, heapMax[0] / 1048576, 100 * cpuSum[0] / Math.max(1, cpuSamples.get()), cpus);

            double postCount = node.metric("http_server_requests_seconds_count", "uri=\"/api/messages\"}");
            double postSum = node.metric("http_server_requests_seconds_sum", "uri=\"/api/messages\"}");
            System.out.printf("server time per POST /api/messages: %.1f ms on average over %.0f requests%n",
                    1000 * postSum / Math.max(1, postCount), postCount);

            business.forEach(SwitchboardClient::close);
            customerClients.forEach(SwitchboardClient::close);
            idleSockets(node, account.primary(), idleSockets);
        }
    }

    private static void idleSockets(AppNode node, ApiClient device, int count) throws Exception {
        gc(node);
        double heapBefore = node.metric("jvm_memory_used_bytes", "area=\"heap\"");
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        URI ws = URI.create(node.uri().toString().replaceFirst("^http", "ws") + "/ws/events");
        for (int i = 0; i < count; i++) {
            sockets.add(http.newWebSocketBuilder().header("Origin", device.origin()).header("Cookie", "sb_session=" + device.session())
                    .buildAsync(ws, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        }
        Thread.sleep(2000);
        gc(node);
        double heapAfter = node.metric("jvm_memory_used_bytes", "area=\"heap\"");
        System.out.printf("idle authenticated WebSockets: %d open on one node; heap %.0f -> %.0f MiB, %.1f KiB per connection%n",
                sockets.size(), heapBefore / 1048576, heapAfter / 1048576, (heapAfter - heapBefore) / 1024 / sockets.size());
        sockets.forEach(socket -> socket.abort());
    }

    private static void gc(AppNode node) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(500);
    }

    private static boolean complete(long[] times) {
        return times != null && Arrays.stream(times).allMatch(time -> time != 0);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
