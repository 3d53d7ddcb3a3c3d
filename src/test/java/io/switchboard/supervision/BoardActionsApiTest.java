package io.switchboard.supervision;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a supervisor does from the board (docs/protocol.md §14.5): whisper to the assigned agent (real
 * end-to-end encryption; the customer never gets it), take over, reassign, and set an agent's status
 * and capacity — each refused to agents and to supervisors of other teams, changing nothing.
 */
@QuarkusTest
class BoardActionsApiTest extends ConversationTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestDevice sofia;
    private TestDevice otherSupervisor;
    private String billing;

    @BeforeEach
    void aTeamWithAnAgentAndTwoSupervisors() {
        billing = team("Billing");
        String returns = team("Returns");
        sofia = TestDevice.create("Sofia Supervisor");
        accounts.linkByQr(owner, sofia, "supervisor");
        otherSupervisor = TestDevice.create("Olga Supervisor");
        accounts.linkByQr(owner, otherSupervisor, "supervisor");
        member(sofia, billing);
        member(agent, billing);
        member(otherSupervisor, returns);
        String topic = owner.request().contentType("application/json")
                .body(Map.of("topics", List.of(Map.of("label", "Invoices", "teamId", billing, "priority", 0))))
                .put("/api/teams/topics").then().statusCode(200).extract().path("[0].id");
        customer.request().contentType("application/json").body(Map.of("topicId", topic))
                .post("/api/conversations/" + conversation + "/topic").then().statusCode(204);
        try (SwitchboardClient client = Clients.of(customer, clock)) {
            client.sendText(conversation, "My invoice is wrong");
        }
        owner.request().contentType("application/json").body(Map.of("deviceId", agent.id()))
                .post("/api/conversations/" + conversation + "/assign").then().statusCode(200);
    }

    private String team(String name) {
        return owner.request().contentType("application/json")
                .body(Map.of("name", name, "policy", "manual", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
    }

    private void member(TestDevice device, String team) {
        owner.request().contentType("application/json").body(Map.of("capacity", 3, "teamIds", List.of(team)))
                .put("/api/agents/" + device.id()).then().statusCode(200);
    }

    private List<Map<String, Object>> audit(String action) {
        return owner.request().get("/api/audit").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("findAll { it.action == '" + action + "' }");
    }

    @Test
    void aWhisperReachesTheAgentsDevicesAndNeverTheCustomers() throws Exception {
        List<ReceivedMessage> atAgent = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> atCustomer = new CopyOnWriteArrayList<>();
        try (SwitchboardClient agentClient = Clients.of(agent, clock);
             SwitchboardClient customerClient = Clients.of(customer, clock);
             SwitchboardClient sofiaClient = Clients.of(sofia, clock)) {
            agentClient.connect(atAgent::add);
            customerClient.connect(atCustomer::add);
            await().atMost(WAIT).until(() -> atAgent.size() == 1 && atCustomer.isEmpty());

            long seq = sofiaClient.sendWhisper(conversation, "Offer the refund, it is approved").seq();
            await().atMost(WAIT).until(() -> atAgent.size() == 2);
            ReceivedMessage whisper = atAgent.get(1);
            assertEquals(MessageHeader.KIND_WHISPER, whisper.header().kind());
            assertEquals("Offer the refund, it is approved", whisper.text());
            assertEquals(sofia.id(), whisper.header().sender());

            customerClient.sendText(conversation, "Hello?");
            await().atMost(WAIT).until(() -> atAgent.size() == 3);
            assertTrue(atCustomer.isEmpty(), "the customer received nothing of the business's");
            // Not wrapped for any customer device, not in the customer's feed, not in its history.
            assertEquals(0, data.count("message_wrap w join device d on d.id = w.device_id where d.owner <> 'business'"
                    + " and w.message_seq = " + seq));
            customer.request().get("/api/messages?after=0").then().statusCode(200)
                    .body("messages.findAll { it.seq == " + seq + " }.size()", equalTo(0));

            List<Map<String, Object>> entries = audit("whisper");
            assertEquals(1, entries.size());
            assertEquals(sofia.id(), entries.get(0).get("actorDeviceId"));
            assertEquals(agent.id(), entries.get(0).get("subjectDeviceId"));
            assertEquals(Map.of("conversation", conversation, "seq", (int) seq), entries.get(0).get("details"));
        }
    }

    @Test
    void aWhispersAuditEntryIsWrittenByTheStatementThatStoresIt() {
        // As the message writer's commit leaves it when the node stops right after: no step of the server's runs after the insert.
        data.execute("insert into message (conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, stored_at)"
                + " values ('" + conversation + "', '" + sofia.id() + "', 'crashed-after-commit', 'whisper', '{}', decode('00', 'hex'), 's', now())");
        List<Map<String, Object>> entries = audit("whisper");
        assertEquals(1, entries.size());
        assertEquals(sofia.id(), entries.get(0).get("actorDeviceId"));
        assertEquals(agent.id(), entries.get(0).get("subjectDeviceId"), "addressed to the assignee");
        assertEquals(conversation, ((Map<?, ?>) entries.get(0).get("details")).get("conversation"));
        data.execute("insert into message (conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, stored_at)"
                + " values ('" + conversation + "', '" + agent.id() + "', 'a-note', 'note', '{}', decode('00', 'hex'), 's', now())");
        assertEquals(1, audit("whisper").size(), "other messages leave no whisper entry");
    }

    @Test
    void aWhisperWrappedForTheCustomerOrFromTheWrongDeviceIsRefused() {
        SwitchboardClient.Lists lists = Clients.of(sofia, clock).lists(conversation);
        long before = data.count("message");

        // Wrapped for the customer's browser as well: refused, naming it.
        MessageHeader header = header(sofia, lists);
        MessageHeader asText = MessageHeader.of(header.conversation(), header.sender(), header.clientMessageId(),
                header.businessListVersion(), header.customerListVersion(), MessageHeader.KIND_TEXT, header.sentAt());
        Map<String, byte[]> everyone = new TreeMap<>(Envelopes.recipients(asText, lists.business().list(), lists.customer().list()));
        MessageEnvelope leaky = Envelopes.seal(sofia.keys, header, MessageContent.text("secret"), everyone, RANDOM);
        sofia.request().contentType("application/json").body(leaky.toJson()).post("/api/messages").then().statusCode(409)
                .body("code", equalTo("mismatched_devices")).body("details.extraDeviceIds", hasItem(customer.id()));

        // From the customer, from an agent, from a supervisor of another team: refused.
        SwitchboardClient.Lists customerLists = Clients.of(customer, clock).lists(conversation);
        customer.request().contentType("application/json").body(sealed(customer, customerLists).toJson()).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("notes_are_internal"));
        agent.request().contentType("application/json").body(sealed(agent, lists).toJson()).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("role_required"));
        otherSupervisor.request().contentType("application/json").body(sealed(otherSupervisor, lists).toJson()).post("/api/messages")
                .then().statusCode(403).body("code", equalTo("team_out_of_scope"));

        // Addressed to the assignee: with nobody assigned there is nobody to whisper to.
        owner.request().post("/api/conversations/" + conversation + "/unassign").then().statusCode(200);
        sofia.request().contentType("application/json").body(sealed(sofia, lists).toJson()).post("/api/messages")
                .then().statusCode(409).body("code", equalTo("not_assigned"));

        assertEquals(before, data.count("message"));
        assertTrue(audit("whisper").isEmpty());
    }

    private MessageHeader header(TestDevice from, SwitchboardClient.Lists lists) {
        return MessageHeader.of(conversation, from.id(), MessageHeader.randomId(RANDOM), lists.business().list().version(),
                lists.customer().list().version(), MessageHeader.KIND_WHISPER, clock.instant().getEpochSecond());
    }

    /** A whisper sealed for the business devices, as the protocol says (for the customer: as if it were one). */
    private MessageEnvelope sealed(TestDevice from, SwitchboardClient.Lists lists) {
        MessageHeader header = header(from, lists);
        Map<String, byte[]> recipients = new TreeMap<>();
        lists.business().list().devices().forEach(device -> recipients.put(device.id(),
                io.switchboard.protocol.B64u.decode(device.agreementKey())));
        if (!recipients.containsKey(from.id())) {
            recipients.put(from.id(), io.switchboard.protocol.B64u.decode(from.agreementKey()));
        }
        return Envelopes.seal(from.keys, header, MessageContent.text("psst"), recipients, RANDOM);
    }

    @Test
    void aSupervisorTakesOverTheAgentSeesWhyAndItIsAudited() throws Exception {
        EventClient agentSocket = EventClient.open(agent);
        try {
            JsonPath state = sofia.request().post("/api/conversations/" + conversation + "/take-over").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(sofia.id(), state.getString("assignee.deviceId"));
            assertEquals("taken_over", state.getString("reason.code"));
            assertEquals("Sofia Supervisor took over from Bruno Agent", state.getString("reason.text"));
            assertEquals(null, state.getString("offerExpiresAt"), "a take-over is not an offer");
            await().atMost(WAIT).until(() -> agentSocket.messages.stream()
                    .anyMatch(frame -> frame.contains("\"type\":\"conversation\"") && frame.contains("\"taken_over\"")));
        } finally {
            agentSocket.close();
        }
        sofia.request().get("/api/conversations/" + conversation + "/assignments").then().statusCode(200)
                .body("[0].deviceId", equalTo(agent.id())).body("[0].endReason", equalTo("taken_over"))
                .body("[1].deviceId", equalTo(sofia.id())).body("[1].endedAt", equalTo(null));
        List<Map<String, Object>> entries = audit("take-over");
        assertEquals(1, entries.size());
        assertEquals(sofia.id(), entries.get(0).get("actorDeviceId"));
        assertEquals(agent.id(), entries.get(0).get("subjectDeviceId"));
        assertEquals(Map.of("conversation", conversation, "from", agent.id()), entries.get(0).get("details"));

        // Taking over one's own conversation changes nothing.
        sofia.request().post("/api/conversations/" + conversation + "/take-over").then().statusCode(200);
        assertEquals(1, audit("take-over").size());
    }

    @Test
    void aSupervisorSetsTheStatusAndCapacityOfAnAgentOfTheirTeam() {
        sofia.request().contentType("application/json").body(Map.of("status", "away")).put("/api/agents/" + agent.id() + "/status")
                .then().statusCode(200).body("status", equalTo("away"));
        sofia.request().contentType("application/json").body(Map.of("capacity", 7)).put("/api/agents/" + agent.id() + "/capacity")
                .then().statusCode(200).body("capacity", equalTo(7));
        sofia.request().contentType("application/json").body(Map.of("capacity", 51)).put("/api/agents/" + agent.id() + "/capacity")
                .then().statusCode(400);
        owner.request().get("/api/agents").then()
                .body("find { it.deviceId == '" + agent.id() + "' }.status", equalTo("away"))
                .body("find { it.deviceId == '" + agent.id() + "' }.capacity", equalTo(7));
    }

    /** Every action of the board on the conversation or its agent, as one call each with a valid body. */
    private List<Function<RequestSpecification, Response>> everyAction() {
        String path = "/api/conversations/" + conversation;
        return List.of(
                r -> r.post(path + "/take-over"),
                r -> r.contentType("application/json").body(Map.of("deviceId", sofia.id())).post(path + "/assign"),
                r -> r.contentType("application/json").body(Map.of("deviceId", sofia.id())).post(path + "/transfer"),
                r -> r.post(path + "/unassign"),
                r -> r.post(path + "/resolve"),
                r -> r.post(path + "/pending"),
                r -> r.contentType("application/json").body(Map.of("priority", 9)).put(path + "/priority"),
                r -> r.contentType("application/json").body(Map.of("status", "away")).put("/api/agents/" + agent.id() + "/status"),
                r -> r.contentType("application/json").body(Map.of("capacity", 9)).put("/api/agents/" + agent.id() + "/capacity"));
    }

    private String snapshot() {
        return data.rows("select assignee_device_id || status || priority from conversation")
                + data.rows("select device_id || coalesce(end_reason, '-') from assignment order by id")
                + data.rows("select device_id || status || capacity from agent order by device_id")
                + data.count("audit_event");
    }

    @Test
    void agentsAndSupervisorsOfAnotherTeamAreRefusedEveryActionAndNothingChanges() {
        TestDevice colleague = TestDevice.create("Carla Agent");
        accounts.linkByQr(owner, colleague, "agent");
        member(colleague, billing);
        String before = snapshot();
        for (Function<RequestSpecification, Response> call : everyAction()) {
            call.apply(colleague.request()).then().statusCode(403);
        }
        for (Function<RequestSpecification, Response> call : everyAction()) {
            call.apply(otherSupervisor.request()).then().statusCode(403).body("code", equalTo("team_out_of_scope"));
        }
        assertEquals(before, snapshot());
        // The same calls by the team's supervisor go through (the refusals above are about scope, not the calls).
        sofia.request().post("/api/conversations/" + conversation + "/take-over").then().statusCode(200);
        assertFalse(before.equals(snapshot()));
    }
}
