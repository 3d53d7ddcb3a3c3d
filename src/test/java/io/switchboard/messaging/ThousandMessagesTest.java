package io.switchboard.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 1,000 messages between three business devices and one customer, sent concurrently; one business
 * device is offline for half of them and one connection drops mid-way. Afterwards every device has
 * every message exactly once, in sequence order.
 */
@QuarkusTest
class ThousandMessagesTest extends ApiTest {

    static final int MESSAGES = 1000;

    @Inject
    CapturingPhoneVerifier verifier;

    @Test
    void everyDeviceGetsEveryMessageOnceAndInOrder() throws Exception {
        TestDevice owner = primary();
        TestDevice agent = TestDevice.create("Bruno");
        TestDevice supervisor = TestDevice.create("Carla");
        accounts.linkByQr(owner, agent, "agent");
        accounts.linkByCode(owner, supervisor, "supervisor");
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");

        Map<String, SwitchboardClient> clients = Map.of("owner", Clients.of(owner, clock), "agent", Clients.of(agent, clock),
                "supervisor", Clients.of(supervisor, clock), "customer", Clients.of(customer, clock));
        Map<String, List<Long>> received = new ConcurrentHashMap<>();
        Map<String, Set<Long>> sent = new ConcurrentHashMap<>();
        clients.forEach((name, client) -> {
            received.put(name, new CopyOnWriteArrayList<>());
            sent.put(name, ConcurrentHashMap.newKeySet());
            client.connect(message -> received.get(name).add(message.seq()));
        });
        for (SwitchboardClient client : clients.values()) {
            client.connect(ignored -> { }).connected().get();
        }

        List<String> senders = List.of("customer", "owner", "agent", "customer");
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<?>> firstHalf = sendConcurrently(pool, senders, clients, sent, conversation, counter, MESSAGES / 2);
            waitFor(firstHalf);
            clients.get("supervisor").disconnect();
            clients.get("customer").connect(ignored -> { }).dropForTest();
            List<Future<?>> secondHalf = sendConcurrently(pool, senders, clients, sent, conversation, counter, MESSAGES / 2);
            waitFor(secondHalf);
        } finally {
            pool.shutdown();
        }
        clients.get("supervisor").connect(message -> received.get("supervisor").add(message.seq()));

        Set<Long> all = new TreeSet<>();
        sent.values().forEach(all::addAll);
        assertEquals(MESSAGES, all.size(), "every send was stored once");
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.keySet().stream()
                .allMatch(name -> received.get(name).size() + sent.get(name).size() >= MESSAGES));
        for (String name : clients.keySet()) {
            List<Long> got = received.get(name);
            assertTrue(isStrictlyIncreasing(got), name + " received out of order or twice");
            Set<Long> has = new TreeSet<>(got);
            has.addAll(sent.get(name));
            assertEquals(all, has, name + " is missing messages");
            assertEquals(MESSAGES, got.size() + sent.get(name).size(), name + " has a message twice");
        }
        clients.values().forEach(SwitchboardClient::close);
    }

    private static List<Future<?>> sendConcurrently(ExecutorService pool, List<String> senders, Map<String, SwitchboardClient> clients,
                                                    Map<String, Set<Long>> sent, String conversation, AtomicInteger counter, int count) {
        List<Future<?>> futures = new ArrayList<>();
        int perSender = count / senders.size();
        for (String name : senders) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perSender; i++) {
                    long seq = clients.get(name).sendText(conversation, name + " message " + counter.incrementAndGet()).seq();
                    sent.get(name).add(seq);
                }
            }));
        }
        return futures;
    }

    private static void waitFor(List<Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private static boolean isStrictlyIncreasing(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
