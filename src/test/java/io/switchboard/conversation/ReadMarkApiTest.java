package io.switchboard.conversation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A read mark says how far a side has shown the conversation: never past its newest message. */
@QuarkusTest
class ReadMarkApiTest extends ConversationTest {

    @Test
    void aReadMarkPastTheNewestMessageIsRefusedAndLaterMessagesStayUnread() {
        SwitchboardClient.Sent sent = Clients.of(customer, clock).sendText(conversation, "Olá");
        read(agent, sent.seq() + 1).then().statusCode(400).body("code", equalTo("read_past_end"))
                .body("details.lastSeq", equalTo((int) sent.seq()));
        read(agent, (1L << 53) - 1).then().statusCode(400).body("code", equalTo("read_past_end"));
        assertEquals(0, data.count("conversation_receipt where read_seq > 0"), "nothing is marked read");

        read(agent, sent.seq()).then().statusCode(204);
        SwitchboardClient.Sent later = Clients.of(customer, clock).sendText(conversation, "still there?");
        assertEquals(1, data.count("conversation_receipt where side = 'business' and read_seq = " + sent.seq()),
                "the later message stays unread");
        read(customer, later.seq()).then().statusCode(204);
    }

    @Test
    void aConversationWithoutMessagesHasNothingToRead() {
        read(customer, 1).then().statusCode(400).body("code", equalTo("read_past_end")).body("details.lastSeq", equalTo(0));
    }

    private io.restassured.response.Response read(io.switchboard.testing.TestDevice device, long seq) {
        return device.request().contentType("application/json").body(Map.of("seq", seq))
                .post("/api/conversations/" + conversation + "/read");
    }
}
