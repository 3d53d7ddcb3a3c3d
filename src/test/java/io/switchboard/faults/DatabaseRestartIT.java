package io.switchboard.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ApiCallException;
import io.switchboard.client.ApiClient;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again (same data, same port) under a steady send load, the
 * packaged app pointed at it: every send is answered, with 201 only for what was stored and 503
 * while the database is away; the app recovers by itself and nothing acknowledged is lost.
 */
class DatabaseRestartIT {

    static final URI NODE = URI.create("http://localhost:18191");
    static final String PUBLIC_URL = NODE.toString();
    static final String BUSINESS = "+4915112345678";

    static Path work;
    static int databasePort;
    static EmbeddedDatabase database;
    static AppNode node;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("switchboard-db-restart");
        try (ServerSocket free = new ServerSocket(0)) {
            databasePort = free.getLocalPort();
        }
        database = EmbeddedDatabase.start(work.resolve("postgres"), databasePort);
        node = AppNode.start(database, NODE.getPort(), PUBLIC_URL, work.resolve("node.log"),
                // each customer sends every 20 ms, beyond the per-device limit this test is not about
                Map.of("switchboard.messages.sends-per-minute", "100000"), "-Xmx512m");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {node, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    /** What one send ended with: the stored seq, or the status of the final refusal. */
    record Outcome(String text, long seq, int status, long millis) {
    }

    @Test
    void sendersGetA503WhileTheDatabaseIsAwayAndEverythingAcknowledgedArrivesAfterwards() throws Exception {
        RemoteAccount account = RemoteAccount.setUp(NODE, PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), BUSINESS);
        SwitchboardClient owner = new SwitchboardClient(account.primary(), Clock.systemUTC(), new SecureRandom());
        List<SwitchboardClient> customers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String phone = "+35191234567" + i;
            customers.add(SwitchboardClient.registerCustomer(new ApiClient(NODE, PUBLIC_URL, DeviceKeys.generate(new SecureRandom())),
                    phone, "Customer " + i, "Java client",
                    number -> node.lastLogMatch("Verification code for " + Pattern.quote(number) + ": (\\d{6})")));
        }
        List<ReceivedMessage> atOwner = new CopyOnWriteArrayList<>();
        owner.connect(atOwner::add).connected().get(10, TimeUnit.SECONDS);

        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(customers.size());
        List<Future<List<Outcome>>> results = new ArrayList<>();
        for (SwitchboardClient customer : customers) {
            String conversation = customer.myConversation();
            results.add(senders.submit(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                for (int i = 0; sending.get(); i++) {
                    String text = customer.deviceId() + " #" + i;
                    long started = System.nanoTime();
                    try {
                        long seq = customer.sendText(conversation, text).seq();
                        outcomes.add(new Outcome(text, seq, 201, elapsed(started)));
                    } catch (ApiCallException e) {
                        outcomes.add(new Outcome(text, -1, e.status(), elapsed(started)));
                    } catch (RuntimeException e) {
                        outcomes.add(new Outcome(text, -1, 0, elapsed(started)));
                    }
                    Thread.sleep(20);
                }
                return outcomes;
            }));
        }

        Thread.sleep(2000);
        database.close();
        // well beyond the client's own retries (0.25 + 0.5 + 1 + 2 s), so some sends end in the 503;
        // 6 s was not always enough on a loaded machine (every attempt of a send fell before or after)
        Thread.sleep(10000);
        database = EmbeddedDatabase.start(work.resolve("postgres"), databasePort);
        Thread.sleep(6000);
        sending.set(false);
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS), "a sender was left hanging");

        List<Outcome> all = new ArrayList<>();
        for (Future<List<Outcome>> result : results) {
            all.addAll(result.get());
        }
        List<Outcome> refused = all.stream().filter(outcome -> outcome.status() != 201).toList();
        assertFalse(refused.isEmpty(), "no send noticed the database going away");
        assertTrue(refused.stream().allMatch(outcome -> outcome.status() == 503), "refusals other than 503: " + refused);
        assertTrue(all.stream().allMatch(outcome -> outcome.millis() < 35_000), "a send took longer than 35 s");

        // recovered by itself: new sends are stored and pushed on the connection that stayed open
        String last = customers.get(0).deviceId() + " after the restart";
        long lastSeq = customers.get(0).sendText(customers.get(0).myConversation(), last).seq();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (atOwner.stream().noneMatch(message -> message.seq() == lastSeq) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(atOwner.stream().anyMatch(message -> message.seq() == lastSeq), "pushes did not resume after the restart");
        assertEquals("open", customers.get(1).queuePlace(customers.get(1).myConversation()).status(), "routing did not resume");
        owner.close();

        // nothing acknowledged is lost: a fresh pull has every 201 exactly once, in each sender's order
        SwitchboardClient reader = new SwitchboardClient(account.primary(), Clock.systemUTC(), new SecureRandom());
        List<ReceivedMessage> stored = reader.fetchAll();
        Map<String, Long> storedSeqByText = new java.util.HashMap<>();
        for (ReceivedMessage message : stored) {
            assertTrue(storedSeqByText.put(message.text(), message.seq()) == null, "stored twice: " + message.text());
        }
        for (Future<List<Outcome>> result : results) {
            long previous = 0;
            for (Outcome outcome : result.get()) {
                if (outcome.status() == 201) {
                    assertEquals(outcome.seq(), storedSeqByText.get(outcome.text()), "acknowledged but lost: " + outcome.text());
                    assertTrue(outcome.seq() > previous, "out of order: " + outcome.text());
                    previous = outcome.seq();
                }
            }
        }
        customers.forEach(SwitchboardClient::close);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
