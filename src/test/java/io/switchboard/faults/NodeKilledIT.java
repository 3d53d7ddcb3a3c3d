package io.switchboard.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ApiCallException;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.RemoteAccount;
import io.switchboard.testing.TwoNodes;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes on one PostgreSQL; node A is killed with SIGKILL under a steady send load. Every
 * sender gets an answer or a broken connection at once (none hangs) and moves to node B; every
 * message that got a 201 reaches the business device, reconnected to node B, exactly once and in
 * order.
 */
class NodeKilledIT {

    static final String BUSINESS = "+4915112345678";

    static TwoNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start("switchboard-node-killed", 18171, 18172);
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    record Outcome(String text, long seq, long millis) {
    }

    @Test
    void everyAcknowledgedMessageReachesTheDeviceExactlyOnceAndInOrderThroughTheSurvivingNode() throws Exception {
        RemoteAccount account = nodes.setUpAccount(BUSINESS);
        SwitchboardClient ownerOnA = new SwitchboardClient(account.primary(), Clock.systemUTC(), new SecureRandom());
        List<ReceivedMessage> atOwner = new CopyOnWriteArrayList<>();
        ownerOnA.connect(atOwner::add).connected().get(10, TimeUnit.SECONDS);

        List<SwitchboardClient> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(nodes.registerCustomer(i % 2 == 0 ? nodes.a() : nodes.b(), "+35191234568" + i, "Customer " + i));
        }

        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(customers.size());
        List<Future<List<Outcome>>> results = new ArrayList<>();
        for (SwitchboardClient first : customers) {
            String conversation = first.myConversation();
            results.add(senders.submit(() -> {
                SwitchboardClient customer = first;
                List<Outcome> acknowledged = new ArrayList<>();
                for (int i = 0; sending.get(); i++) {
                    String text = customer.deviceId() + " #" + i;
                    long started = System.nanoTime();
                    try {
                        acknowledged.add(new Outcome(text, customer.sendText(conversation, text).seq(), elapsed(started)));
                    } catch (ApiCallException e) {
                        // a refusal is an answer too; nothing was acknowledged
                    } catch (RuntimeException connectionBroken) {
                        assertTrue(elapsed(started) < 10_000, "a send to the killed node hung for " + elapsed(started) + " ms");
                        customer = nodes.on(nodes.b(), customer);
                    }
                    Thread.sleep(10);
                }
                return acknowledged;
            }));
        }

        Thread.sleep(3000);
        ProcessHandle.of(nodes.a().pid()).orElseThrow().destroyForcibly();
        Thread.sleep(3000);
        sending.set(false);
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS), "a sender was left hanging");
        ownerOnA.close();

        List<Outcome> acknowledged = new ArrayList<>();
        for (Future<List<Outcome>> result : results) {
            acknowledged.addAll(result.get());
        }
        TreeSet<Long> expected = new TreeSet<>();
        acknowledged.forEach(outcome -> expected.add(outcome.seq()));
        assertTrue(expected.size() > 50, "too few messages were sent to mean anything: " + expected.size());
        assertTrue(acknowledged.stream().allMatch(outcome -> outcome.millis() < 35_000), "a send took longer than 35 s");

        // the device reconnects to node B and resumes after its cursor; like the client, it drops what it already has
        List<ReceivedMessage> beforeKill = List.copyOf(atOwner);
        long highestSeen = beforeKill.stream().mapToLong(ReceivedMessage::seq).max().orElse(0);
        List<ReceivedMessage> atOwnerOnB = new CopyOnWriteArrayList<>();
        SwitchboardClient ownerOnB = nodes.on(nodes.b(), ownerOnA);
        ownerOnB.connect(atOwnerOnB::add).connected().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline
                && atOwnerOnB.stream().noneMatch(message -> message.seq() >= expected.last()) && highestSeen < expected.last()) {
            Thread.sleep(100);
        }
        ownerOnB.close();

        List<Long> delivered = new ArrayList<>();
        beforeKill.forEach(message -> delivered.add(message.seq()));
        atOwnerOnB.stream().filter(message -> message.seq() > highestSeen).forEach(message -> delivered.add(message.seq()));
        for (int i = 1; i < delivered.size(); i++) {
            assertTrue(delivered.get(i) > delivered.get(i - 1), "out of order or twice: " + delivered.get(i - 1) + " then " + delivered.get(i));
        }
        TreeSet<Long> missing = new TreeSet<>(expected);
        missing.removeAll(delivered);
        assertEquals(new TreeSet<Long>(), missing, "acknowledged but never delivered");
        customers.forEach(SwitchboardClient::close);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
