package io.switchboard.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.ApiTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Messages longer than a WebSocket frame (64 KiB) leave in continuation frames; several threads pushing
 * such messages to one connection at once must not interleave their frames, or the client fails the
 * connection (the JDK's client checks the framing strictly, as browsers do).
 */
@QuarkusTest
class OutboxTest extends ApiTest {

    private static final int THREADS = 8;
    private static final int EACH = 25;

    /** A frame as large as a board with hundreds of waiting conversations. */
    record Large(String filler, int thread, int n) implements ServerEvent {
        public String type() {
            return "large";
        }
    }

    @Inject
    DeviceConnections connections;

    @Test
    void largeFramesPushedFromManyThreadsAtOnceArriveWholeAndTheSocketStaysOpen() throws Exception {
        TestDevice primary = primary();
        EventClient client = EventClient.open(primary);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.messages.stream().anyMatch(m -> m.contains("\"hello\"")));
        assertTrue(connections.writesDirectly(primary.id()), "the outbox writes to the Vert.x socket, not through sendText's Uni");
        String filler = "x".repeat(300 * 1024);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pushers = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> pushed = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            pushed.add(pushers.submit(() -> {
                start.await();
                for (int n = 0; n < EACH; n++) {
                    connections.pushToDevice(primary.id(), new Large(filler, thread, n));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> push : pushed) {
            push.get(30, TimeUnit.SECONDS);
        }
        pushers.shutdown();

        await().atMost(Duration.ofSeconds(30)).until(() -> client.closed.isDone()
                || client.messages.stream().filter(m -> m.contains("\"large\"")).count() == THREADS * EACH);
        assertFalse(client.closed.isDone(), "the client failed the connection: " + client.closed);
        List<String> large = client.messages.stream().filter(m -> m.contains("\"large\"")).toList();
        assertEquals(THREADS * EACH, large.size());
        assertTrue(large.stream().allMatch(m -> m.length() > filler.length() && m.endsWith("}")), "every message arrived whole");
        client.close();
    }
}
