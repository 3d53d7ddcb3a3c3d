package io.switchboard.history;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.B64u;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HistoryApiTest extends ApiTest {

    @Inject
    CapturingPhoneVerifier verifier;

    @Test
    void aLateDeviceGetsTheEarlierConversationsReWrappedByAnotherDevice() {
        TestDevice owner = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(owner, agent, "agent");
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
        SwitchboardClient customerClient = Clients.of(customer, clock);
        SwitchboardClient agentClient = Clients.of(agent, clock);
        for (int i = 0; i < 3; i++) {
            customerClient.sendText(conversation, "question " + i);
            agentClient.sendText(conversation, "answer " + i);
        }
        agentClient.sendNote(conversation, "note for the team");

        TestDevice late = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, late, "agent");
        late.request().get("/api/history/progress").then().body("total", equalTo(7)).body("synced", equalTo(0));

        int added = Clients.of(owner, clock).rewrapHistory();

        assertEquals(7, added);
        late.request().get("/api/history/progress").then().body("synced", equalTo(7));
        List<ReceivedMessage> history = Clients.of(late, clock).fetchAll();
        assertEquals(List.of("question 0", "answer 0", "question 1", "answer 1", "question 2", "answer 2", "note for the team"),
                history.stream().map(ReceivedMessage::text).toList());
        assertEquals(0, Clients.of(owner, clock).rewrapHistory(), "a second run finds nothing left to do");
    }

    @Test
    void messagesThePrimarySentAloneReachACompanionLinkedLaterAndTheirSenderReadsThemAgain() {
        TestDevice owner = primary();
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
        SwitchboardClient ownerClient = Clients.of(owner, clock);
        SwitchboardClient customerClient = Clients.of(customer, clock);
        for (int i = 0; i < 3; i++) {
            ownerClient.sendText(conversation, "from the owner " + i);
        }
        customerClient.sendText(conversation, "from Maria 0");
        customerClient.sendText(conversation, "from Maria 1");

        TestDevice companion = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, companion, "agent");
        assertEquals(5, Clients.of(owner, clock).rewrapHistory());

        companion.request().get("/api/history/progress").then().body("total", equalTo(5)).body("synced", equalTo(5));
        List<String> expected = List.of("from the owner 0", "from the owner 1", "from the owner 2", "from Maria 0", "from Maria 1");
        assertEquals(expected, Clients.of(companion, clock).fetchAll().stream().map(ReceivedMessage::text).toList());
        assertEquals(expected, Clients.of(owner, clock).fetchAll().stream().map(ReceivedMessage::text).toList(),
                "the sender reads its own messages from the server");
        assertEquals(expected, Clients.of(customer, clock).fetchAll().stream().map(ReceivedMessage::text).toList());
    }

    @Test
    void aWrapThatDoesNotOpenIsReportedAndWrappedAgainByAHolder() {
        TestDevice owner = primary();
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
        long seq = Clients.of(customer, clock).sendText(conversation, "before linking").seq();
        TestDevice late = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, late, "agent");

        owner.request().body(Map.of("deviceId", late.id(), "wraps", Map.of(String.valueOf(seq), B64u.encode(new byte[80]))))
                .post("/api/history/wraps").then().statusCode(200).body("added", equalTo(1));
        assertEquals(0, Clients.of(owner, clock).rewrapHistory(), "the garbage wrap won: nothing is offered");

        assertEquals(List.of(), Clients.of(late, clock).fetchAll(), "the message whose wrap does not open is left out and reported");
        late.request().get("/api/history/progress").then().body("total", equalTo(1)).body("synced", equalTo(0));
        assertEquals(1, Clients.of(owner, clock).rewrapHistory(), "offered again to a holder");
        assertEquals(List.of("before linking"), Clients.of(late, clock).fetchAll().stream().map(ReceivedMessage::text).toList());
        late.request().body(Map.of("seqs", List.of(seq))).post("/api/history/bad-wraps").then().statusCode(200)
                .body("released", equalTo(1));
        customer.request().body(Map.of("seqs", List.of(seq))).post("/api/history/bad-wraps").then().statusCode(200)
                .body("released", equalTo(0));
        assertEquals(1, data.count("message_wrap where device_id = '" + customer.id() + "'"), "the sender's own wrap is not re-wrapped and stays");
    }

    @Test
    void wrapsOnlyGoToMessagesInTheNewDevicesHistoryAndOnlyFromDevicesOfItsSide() {
        TestDevice owner = primary();
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");
        TestDevice late = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, late, "agent");
        long afterLinking = Clients.of(customer, clock).sendText(conversation, "after linking").seq();

        owner.request().body(Map.of("deviceId", late.id(), "wraps", Map.of(String.valueOf(afterLinking), B64u.encode(new byte[80]))))
                .post("/api/history/wraps").then().statusCode(200).body("added", equalTo(0));
        customer.request().get("/api/history/work").then().statusCode(200).body("$", org.hamcrest.Matchers.hasSize(0));
        customer.request().body(Map.of("deviceId", late.id(), "wraps", Map.of(String.valueOf(afterLinking), B64u.encode(new byte[80]))))
                .post("/api/history/wraps").then().statusCode(404);
        owner.request().body(Map.of("deviceId", customer.id(), "wraps", Map.of()))
                .post("/api/history/wraps").then().statusCode(404);
        assertEquals(1, data.count("message_wrap where device_id = '" + late.id() + "'"));
    }
}
