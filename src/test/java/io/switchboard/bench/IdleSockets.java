package io.switchboard.bench;

import io.switchboard.auth.SessionTokens;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle part of issue 12: N customers' browsers keep their {@code /ws/events} WebSocket open and
 * send nothing. Measures the app's heap per authenticated idle connection (after a full GC, before and
 * after connecting), its resident memory, and whether every socket is still open after a minute of
 * the server's pings.
 *
 * <p>The customers and their devices and sessions are inserted over JDBC, the only shortcut: 20,000
 * registrations by phone code would take longer than the measurement, and the socket does not care
 * how its session came to be. Every socket is a real, authenticated WebSocket through the app's
 * handshake (origin and session checked, feed and presence opened).
 *
 * <p>Run (after {@code ./mvnw -B -ntp -DskipTests package}): {@code ./mvnw -B -ntp -Dskip.npm=true exec:java
 * -Dexec.mainClass=io.switchboard.bench.IdleSockets -Dexec.classpathScope=test -Dbench.sockets=20000}.
 */
public final class IdleSockets {

    static final int PORT = 18282;
    static final String PUBLIC_URL = "http://localhost:" + PORT;

    public static void main(String[] args) throws Exception {
        int sockets = Integer.getInteger("bench.sockets", 20_000);
        int idleSeconds = Integer.getInteger("bench.idleSeconds", 60);
        Path work = Files.createTempDirectory("switchboard-idle");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
             AppNode node = AppNode.start(database, PORT, PUBLIC_URL, work.resolve("node.log"), Map.of(), "-Xmx2g", "-XX:+UseG1GC")) {
            RemoteAccount.setUp(node.uri(), PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678");
            List<String> sessions = insertCustomers(database, sockets);
            System.out.printf("machine: %d cores, Java %s; %d customers' devices inserted%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), sockets);

            long heapBefore = heapAfterFullGc(node);
            long rssBefore = residentBytes(node.pid());
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            AtomicInteger open = new AtomicInteger();
            AtomicInteger closed = new AtomicInteger();
            Semaphore handshakes = new Semaphore(200);
            List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
            long started = System.nanoTime();
            URI events = URI.create(PUBLIC_URL.replaceFirst("^http", "ws") + "/ws/events");
            for (String session : sessions) {
                handshakes.acquire();
                connecting.add(client.newWebSocketBuilder().header("Origin", PUBLIC_URL).header("Cookie", "sb_session=" + session)
                        .buildAsync(events, new Idle(open, closed)).whenComplete((socket, failure) -> handshakes.release()));
            }
            int failed = 0;
            for (CompletableFuture<WebSocket> socket : connecting) {
                try {
                    socket.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed++;
                }
            }
            double connectSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(5_000);
            long heapAfter = heapAfterFullGc(node);
            long rssAfter = residentBytes(node.pid());
            System.out.printf("connected %d of %d in %.1f s (%d handshakes failed)%n", open.get(), sockets, connectSeconds, failed);
            System.out.printf("app heap after a full GC: %.1f MiB before, %.1f MiB with the sockets open: %.1f KiB per connection%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1024.0 / Math.max(1, open.get()));
            System.out.printf("app resident memory: %.0f MiB before, %.0f MiB after: %.1f KiB per connection%n",
                    rssBefore / 1048576.0, rssAfter / 1048576.0, (rssAfter - rssBefore) / 1024.0 / Math.max(1, open.get()));
            long cpuBefore = ProcessCpu.treeNanos(node.pid());
            Thread.sleep(idleSeconds * 1000L);
            double idleCores = (ProcessCpu.treeNanos(node.pid()) - cpuBefore) / 1e9 / idleSeconds;
            System.out.printf("after %d s idle (server pings every 20 s): %d still open, %d closed; app CPU while idle %.2f cores%n",
                    idleSeconds, open.get() - closed.get(), closed.get(), idleCores);
        }
    }

    /** Customers, their one device each and a session for it, in batches; returns the session tokens. */
    static List<String> insertCustomers(EmbeddedDatabase database, int count) throws Exception {
        List<String> tokens = new ArrayList<>(count);
        try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres")) {
            jdbc.setAutoCommit(false);
            try (PreparedStatement customer = jdbc.prepareStatement(
                    "insert into customer (id, phone, name, primary_signing_key, created_at) values (?, ?, ?, ?, now())");
                 PreparedStatement device = jdbc.prepareStatement("insert into device (id, owner, is_primary, role, person, label, browser, "
                         + "signing_key, agreement_key, linked_at, last_active_at) values (?, ?, true, 'owner', ?, 'Idle', 'Idle', ?, ?, now(), now())");
                 PreparedStatement session = jdbc.prepareStatement("insert into device_session (token_hash, device_id, created_at, last_seen_at, "
                         + "expires_at) values (?, ?, now(), now(), now() + interval '1 day')")) {
                for (int i = 0; i < count; i++) {
                    DeviceKeys keys = DeviceKeys.generate(LoadGenerator.RANDOM);
                    String customerId = keys.deviceId();
                    customer.setString(1, customerId);
                    customer.setString(2, String.format("+35192%07d", i));
                    customer.setString(3, "Idle customer " + i);
                    customer.setString(4, keys.signingKeyB64u());
                    customer.addBatch();
                    device.setString(1, keys.deviceId());
                    device.setString(2, customerId);
                    device.setString(3, "Idle customer " + i);
                    device.setString(4, keys.signingKeyB64u());
                    device.setString(5, keys.agreementKeyB64u());
                    device.addBatch();
                    String token = SessionTokens.newToken(LoadGenerator.RANDOM);
                    session.setBytes(1, SessionTokens.hash(token));
                    session.setString(2, keys.deviceId());
                    session.addBatch();
                    tokens.add(token);
                    if (i % 1000 == 999 || i == count - 1) {
                        customer.executeBatch();
                        device.executeBatch();
                        session.executeBatch();
                        jdbc.commit();
                    }
                }
            }
        }
        return tokens;
    }

    static long heapAfterFullGc(AppNode node) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(node.pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1_000);
        return (long) node.metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    static long residentBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    /** Sends nothing; counts the socket open and, should the server close it, closed. */
    record Idle(AtomicInteger open, AtomicInteger closed) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket socket) {
            open.incrementAndGet();
            socket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.incrementAndGet();
            return null;
        }
    }
}
