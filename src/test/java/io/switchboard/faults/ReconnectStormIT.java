package io.switchboard.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ApiClient;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node restart with many devices: every customer device received and acknowledged two messages,
 * the node is restarted, two more are sent to each while they are away, then all reconnect at once.
 * Each must get exactly its two new messages (it resumes after its cursor) and the time until the
 * last one caught up is printed. 200 devices in CI; {@code -Dreconnect.devices=1000} is the
 * benchmark recorded in docs/performance.md.
 */
class ReconnectStormIT {

    static final URI NODE = URI.create("http://localhost:18161");
    static final String PUBLIC_URL = NODE.toString();
    static final int DEVICES = Integer.getInteger("reconnect.devices", 200);
    // Every simulated device signs in and verifies from this one address, and the owner answers all of them
    // from one device: the per-address and per-device limits would refuse that.
    static final Map<String, String> SETTINGS = Map.of(
            "switchboard.customers.verifications-per-minute", "100000",
            "switchboard.sessions.challenges-per-minute", "100000",
            "switchboard.messages.sends-per-minute", "100000");

    static Path work;
    static EmbeddedDatabase database;
    static AppNode node;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("switchboard-reconnect");
        database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
        node = AppNode.start(database, NODE.getPort(), PUBLIC_URL, work.resolve("node-1.log"), SETTINGS, "-Xmx512m");
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

    record Device(SwitchboardClient client, String conversation, List<ReceivedMessage> received) {
    }

    @Test
    void everyDeviceResumesFromItsCursorAfterANodeRestart() throws Exception {
        RemoteAccount account = RemoteAccount.setUp(NODE, PUBLIC_URL, node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), "+4915112345678");
        SwitchboardClient owner = new SwitchboardClient(account.primary(), Clock.systemUTC(), new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Device> devices = all(pool, DEVICES, i -> {
            SwitchboardClient client = SwitchboardClient.registerCustomer(
                    new ApiClient(NODE, PUBLIC_URL, DeviceKeys.generate(new SecureRandom())), String.format("+35192%07d", i),
                    "Customer " + i, "Java client",
                    phone -> node.lastLogMatch("Verification code for " + Pattern.quote(phone) + ": (\\d{6})"));
            return new Device(client, client.myConversation(), new CopyOnWriteArrayList<>());
        });

        // before the restart: two messages each, received and acknowledged
        all(pool, DEVICES, i -> devices.get(i).client().connect(devices.get(i).received()::add).connected().get(30, TimeUnit.SECONDS));
        sendTwoEach(pool, owner, devices, "before");
        awaitUntil(() -> devices.stream().allMatch(device -> device.received().size() == 2), "the first messages were not delivered");
        Thread.sleep(1000); // acknowledgements are written every 100 ms
        Map<Device, Long> cursors = new java.util.IdentityHashMap<>();
        devices.forEach(device -> cursors.put(device, device.received().get(1).seq()));
        devices.forEach(device -> device.client().disconnect());

        node.close();
        node = AppNode.start(database, NODE.getPort(), PUBLIC_URL, work.resolve("node-2.log"), SETTINGS, "-Xmx512m");
        sendTwoEach(pool, owner, devices, "while away");
        // fresh client objects with the same keys and sessions: what is delivered is the server's choice alone
        List<Device> reconnecting = devices.stream().map(device -> {
            ApiClient api = new ApiClient(NODE, PUBLIC_URL, device.client().api().keys());
            api.adoptSession(device.client().api().session());
            Device fresh = new Device(new SwitchboardClient(api, Clock.systemUTC(), new SecureRandom()), device.conversation(),
                    new CopyOnWriteArrayList<>());
            cursors.put(fresh, cursors.get(device));
            return fresh;
        }).toList();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> connects = new ArrayList<>();
        ExecutorService storm = Executors.newFixedThreadPool(Math.min(DEVICES, 200));
        for (Device device : reconnecting) {
            connects.add(storm.submit(() -> {
                go.await();
                return device.client().connect(device.received()::add).connected().get(60, TimeUnit.SECONDS);
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        awaitUntil(() -> reconnecting.stream().allMatch(device -> device.received().size() >= 2), "not every device caught up");
        long caughtUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        for (Future<?> connect : connects) {
            connect.get(60, TimeUnit.SECONDS);
        }
        System.out.printf("reconnect storm: %d devices caught up %d ms after reconnecting at once%n", DEVICES, caughtUpMillis);

        Thread.sleep(500);
        for (Device device : reconnecting) {
            assertEquals(List.of("while away 0", "while away 1"), device.received().stream().map(ReceivedMessage::text).toList(),
                    "resumed elsewhere than after its cursor " + cursors.get(device));
            assertTrue(device.received().get(0).seq() > cursors.get(device));
        }
        storm.shutdown();
        pool.shutdown();
        reconnecting.forEach(device -> device.client().close());
    }

    private static void sendTwoEach(ExecutorService pool, SwitchboardClient owner, List<Device> devices, String text) throws Exception {
        all(pool, devices.size(), i -> {
            owner.sendText(devices.get(i).conversation(), text + " 0");
            return owner.sendText(devices.get(i).conversation(), text + " 1");
        });
    }

    private interface Check {
        boolean holds();
    }

    private static void awaitUntil(Check check, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, failure);
            Thread.sleep(20);
        }
    }

    private interface Indexed<T> {
        T call(int i) throws Exception;
    }

    private static <T> List<T> all(ExecutorService pool, int count, Indexed<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit((Callable<T>) () -> task.call(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }
}
