package io.switchboard.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One device cannot hold more event WebSockets than {@code switchboard.events.max-connections-per-device}. */
@QuarkusTest
class ConnectionCapTest extends ApiTest {

    @Test
    void aDeviceHoldsAtMostFiveSocketsAndTheNextIsClosedAtOnce() throws Exception {
        TestDevice primary = primary();
        List<EventClient> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EventClient client = EventClient.open(primary);
            awaitHello(client);
            open.add(client);
        }

        EventClient sixth = EventClient.open(primary);
        assertEquals(DeviceConnections.CLOSE_TOO_MANY_CONNECTIONS, sixth.closed.get(10, TimeUnit.SECONDS));
        assertFalse(sixth.messages.stream().anyMatch(m -> m.contains("\"hello\"")), sixth.messages.toString());

        open.get(0).close();
        open.get(0).closed.get(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        EventClient again = EventClient.open(primary);
        while (!again.messages.stream().anyMatch(m -> m.contains("\"hello\"")) && !again.closed.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(again.closed.isDone(), "a socket closed by its client frees its place");
        open.forEach(EventClient::close);
        again.close();
    }

    private static void awaitHello(EventClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.messages.stream().noneMatch(m -> m.contains("\"hello\"")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
