package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.Jdbc;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.ConversationTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The group commit as its callers see it: messages queued together may share one insert, and each still gets its own
 * seq in the order it was queued, its wraps, and a retry of a client message id, even in the same batch, the first seq.
 */
@QuarkusTest
class MessageWriterTest extends ConversationTest {

    @Inject
    MessageWriter writer;

    @Inject
    Jdbc jdbc;

    @Test
    void messagesQueuedTogetherKeepTheirOrderAndARetryInTheSameBurstIsTheFirstOnesDuplicate() throws Exception {
        List<PendingMessage> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queued.add(message("burst-" + i));
            if (i % 10 == 3) {
                queued.add(message("burst-" + i)); // the client's retry, queued before the first was committed
            }
        }
        List<CompletableFuture<MessageWriter.Written>> answers = queued.stream().map(writer::write).toList();

        long previous = 0;
        for (int i = 0; i < queued.size(); i++) {
            MessageWriter.Written written = answers.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(conversation, written.conversationId());
            boolean retry = i > 0 && queued.get(i).clientMessageId().equals(queued.get(i - 1).clientMessageId());
            if (retry) {
                assertTrue(written.message().duplicate());
                assertEquals(previous, written.message().seq(), "a retry answers with the first one's seq");
            } else {
                assertFalse(written.message().duplicate());
                assertTrue(written.message().seq() > previous, "seqs follow the order messages were queued in");
                previous = written.message().seq();
            }
        }
        assertEquals(40, data.count("message where client_message_id like 'burst-%'"));
        assertEquals(40, data.count("message_wrap where device_id = '" + owner.id() + "'"));
        PendingMessage last = queued.get(queued.size() - 1);
        Object[] stored = jdbc.list("select kind, header, ciphertext, signature from message where seq = ?1", previous).get(0);
        assertEquals(last.kind(), stored[0]);
        assertEquals(last.header(), stored[1]);
        assertArrayEquals(last.ciphertext(), (byte[]) stored[2]);
        assertEquals(last.signature(), stored[3]);
    }

    private PendingMessage message(String clientMessageId) {
        return new PendingMessage(conversation, customer.id(), clientMessageId, MessageHeader.KIND_TEXT,
                "{\"clientMessageId\":\"" + clientMessageId + "\"}", clientMessageId.getBytes(StandardCharsets.UTF_8), "sig-" + clientMessageId,
                Map.of(owner.id(), new byte[] {1, 2, 3}));
    }
}
