package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The purge job on the test clock: retention P30D and history window P365D, the defaults. */
@QuarkusTest
class MessageRetentionTest extends ConversationTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Inject
    MessageRetention retention;

    @Test
    void messagesAndTheirWrapsGoOnceOlderThanTheHistoryWindowAndNotBefore() {
        long older;
        long newer;
        try (SwitchboardClient customerClient = Clients.of(customer, clock)) {
            older = customerClient.sendText(conversation, "one day older").seq();
            newer = customerClient.sendText(conversation, "stored now").seq();
        }
        // the first message as if stored a day before the second
        data.execute("update message set stored_at = stored_at - interval '1 day' where seq = " + older);
        long wrapsPerMessage = data.count("message_wrap") / 2;

        clock.advance(Duration.ofDays(365).minusHours(1));
        assertEquals(1, retention.purge(), "only the message past the window goes");
        assertEquals("select seq from message\n" + newer + "\n", data.rows("select seq from message"));
        assertEquals("select distinct message_seq from message_wrap\n" + newer + "\n",
                data.rows("select distinct message_seq from message_wrap"), "its wraps go with it");
        assertEquals(wrapsPerMessage, data.count("message_wrap"));

        assertEquals(0, retention.purge(), "a second run finds nothing more");
        clock.advance(Duration.ofHours(2));
        assertEquals(1, retention.purge());
        assertEquals(0, data.count("message"));
        assertEquals(0, data.count("message_wrap"));
    }

    @Test
    void undeliveredMessagesAreKeptAtLeastTheRetentionEvenWithAShorterHistoryWindow() {
        assertEquals(NOW.minus(Duration.ofDays(30)), MessageRetention.cutoff(NOW, Duration.ofDays(30), Duration.ofDays(7)));
        assertEquals(NOW.minus(Duration.ofDays(365)), MessageRetention.cutoff(NOW, Duration.ofDays(30), Duration.ofDays(365)));
        assertEquals(NOW.minus(Duration.ofDays(90)), MessageRetention.cutoff(NOW, Duration.ofDays(90), Duration.ofDays(90)));
    }
}
