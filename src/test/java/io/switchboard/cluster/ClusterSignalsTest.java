package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** What another node hears: every signal, in the order this node sent it, though a burst goes out in one statement. */
@QuarkusTest
class ClusterSignalsTest {

    @Inject
    ClusterSignals signals;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aBurstOfEventsReachesAnotherListenerInOrderWithTheDevicesWoken() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ClusterSignals.EVENTS);
            statement.execute("LISTEN " + ClusterSignals.MESSAGES);
            List<String> sent = IntStream.range(0, 200).mapToObj(i -> "{\"n\":" + i + "}").toList();
            sent.forEach(event -> signals.forward("test-kind", event));
            signals.devicesHaveMessages(Set.of("device-a", "device-b"));

            List<String> events = new ArrayList<>();
            Set<String> woken = new java.util.HashSet<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            PGConnection pg = connection.unwrap(PGConnection.class);
            while ((events.size() < sent.size() || woken.isEmpty()) && System.nanoTime() < deadline) {
                PGNotification[] notifications = pg.getNotifications(200);
                for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                    String payload = notification.getParameter();
                    assertTrue(payload.startsWith(signals.nodeId() + "|"), payload);
                    String body = payload.substring(signals.nodeId().length() + 1);
                    if (notification.getName().equals(ClusterSignals.EVENTS) && body.startsWith("test-kind|")) {
                        events.add(body.substring("test-kind|".length()));
                    } else if (notification.getName().equals(ClusterSignals.MESSAGES)) {
                        woken.addAll(List.of(body.split(",")));
                    }
                }
            }
            assertEquals(sent, events);
            assertTrue(woken.containsAll(Set.of("device-a", "device-b")), woken.toString());
            statement.execute("UNLISTEN *");
        }
    }
}
