package io.switchboard.csat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Customer satisfaction (docs/protocol.md §13.6): a rating the server keeps, a comment it cannot read. */
@QuarkusTest
class CsatApiTest extends ConversationTest {

    private String csat() {
        return "/api/conversations/" + conversation + "/csat";
    }

    @Test
    void afterAResolveTheCustomerRatesOnceAndTheCommentReachesTheBusinessEncrypted() {
        List<ReceivedMessage> atAgent = new CopyOnWriteArrayList<>();
        try (SwitchboardClient customerClient = Clients.of(customer, clock);
             SwitchboardClient agentClient = Clients.of(agent, clock)) {
            customerClient.sendText(conversation, "Where is my parcel?");
            // Not resolved: nothing is asked and a rating is refused.
            customer.request().get(csat()).then().statusCode(200).body("resolvedAt", nullValue()).body("rating", nullValue());
            customer.request().contentType("application/json").body(Map.of("rating", 5)).post(csat())
                    .then().statusCode(409).body("code", equalTo("csat_not_asked"));

            agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
            customer.request().get(csat()).then().statusCode(200).body("resolvedAt", notNullValue()).body("rating", nullValue());
            customer.request().contentType("application/json").body(Map.of("rating", 6)).post(csat()).then().statusCode(400);
            agent.request().contentType("application/json").body(Map.of("rating", 1)).post(csat())
                    .then().statusCode(403).body("code", equalTo("customer_device_required"));
            customer.request().contentType("application/json").body(Map.of("rating", 4)).post(csat())
                    .then().statusCode(200).body("rating", equalTo(4));
            customer.request().contentType("application/json").body(Map.of("rating", 1)).post(csat())
                    .then().statusCode(409).body("code", equalTo("csat_already_rated"));
            agent.request().get(csat()).then().statusCode(200).body("rating", equalTo(4));
            assertEquals(1, data.count("csat_rating where rating = 4"));

            // The comment: a feedback message, end-to-end encrypted; it does not reopen the conversation.
            long seq = customerClient.send(conversation, MessageHeader.KIND_FEEDBACK, MessageContent.text("Quick and kind, thanks")).seq();
            agentClient.connect(atAgent::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> atAgent.stream().anyMatch(message -> message.seq() == seq));
            ReceivedMessage comment = atAgent.stream().filter(message -> message.seq() == seq).findFirst().orElseThrow();
            assertEquals(MessageHeader.KIND_FEEDBACK, comment.header().kind());
            assertEquals("Quick and kind, thanks", comment.text());
            agent.request().get("/api/conversations/" + conversation + "/routing").then().body("status", equalTo("resolved"));
            assertEquals(0, data.count("message where kind = 'feedback' and position(convert_to('kind, thanks', 'UTF8') in ciphertext) > 0"));

            // Only the customer writes feedback.
            org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> agentClient.send(conversation, MessageHeader.KIND_FEEDBACK, MessageContent.text("I rate myself 5")));
        }
        assertEquals(1, data.count("message where kind = 'feedback'"));
    }

    @Test
    void aReopenedAndResolvedAgainConversationIsAskedAgain() {
        try (SwitchboardClient customerClient = Clients.of(customer, clock)) {
            customerClient.sendText(conversation, "Hi");
            agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
            customer.request().contentType("application/json").body(Map.of("rating", 2)).post(csat()).then().statusCode(200);
            clock.advance(Duration.ofMinutes(5));
            customerClient.sendText(conversation, "Still broken");
            customer.request().get(csat()).then().body("resolvedAt", nullValue());
            clock.advance(Duration.ofMinutes(5));
            agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
            customer.request().get(csat()).then().body("rating", nullValue());
            customer.request().contentType("application/json").body(Map.of("rating", 5)).post(csat()).then().statusCode(200);
        }
        assertEquals(2, data.count("csat_rating"));
    }
}
