package io.switchboard.routing;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing through the real API, real WebSockets for presence and real encrypted messages. Timers
 * are driven by moving the injected clock and asking the router to act on what is due.
 */
@QuarkusTest
class RoutingApiTest extends ConversationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Router router;

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeConnections() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private EventClient online(TestDevice device) throws Exception {
        EventClient client = EventClient.open(device);
        open.add(client::close);
        return client;
    }

    private void write(TestDevice from, String conversationId, String text) {
        try (SwitchboardClient client = Clients.of(from, clock)) {
            client.sendText(conversationId, text);
        }
    }

    private JsonPath state(String conversationId) {
        return owner.request().get("/api/conversations/" + conversationId + "/routing").then().statusCode(200).extract().jsonPath();
    }

    private String assignee(String conversationId) {
        return state(conversationId).getString("assignee.deviceId");
    }

    private TestDevice linkAgent(String person) {
        TestDevice device = TestDevice.create(person);
        accounts.linkByQr(owner, device, "agent");
        return device;
    }

    private record OtherCustomer(TestDevice device, String conversation) {
    }

    private OtherCustomer registerCustomer(String person, String phone) {
        TestDevice device = TestDevice.create(person);
        accounts.registerCustomer(device, phone, verifier).then().statusCode(204);
        return new OtherCustomer(device, device.request().get("/api/customers/me").then().extract().path("conversationId"));
    }

    @Test
    void aFirstMessageIsRoutedToTheOnlineAgentWithTheReasonAndPushedToBusinessDevices() throws Exception {
        EventClient ownerEvents = online(owner);
        online(agent);
        assertEquals("open", state(conversation).getString("status"));
        assertNull(state(conversation).getString("queuedAt"), "nothing written yet, so not waiting");

        write(customer, conversation, "Hello?");

        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        JsonPath routed = state(conversation);
        assertEquals("least_loaded", routed.getString("reason.code"));
        assertEquals("Least loaded: 0 of 5 chats open", routed.getString("reason.text"));
        assertNotNull(routed.getString("offerExpiresAt"));
        await().atMost(WAIT).until(() -> ownerEvents.messages.stream()
                .anyMatch(frame -> frame.contains("\"type\":\"conversation\"") && frame.contains(agent.id())));
        owner.request().get("/api/conversations/" + conversation + "/assignments").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].deviceId", equalTo(agent.id())).body("[0].endReason", nullValue());
    }

    private static String type(String frame) {
        return new io.vertx.core.json.JsonObject(frame).getString("type");
    }

    @Test
    void aDeviceThatAskedForBatchesHearsTheChangesOfAPushInOneFrameAndTheOthersOneByOne() throws Exception {
        EventClient owners = online(owner);
        // its own coming online is pushed as it opens, before any frame of its own can arrive
        await().atMost(WAIT).until(() -> owners.messages.stream().anyMatch(frame -> "agent".equals(type(frame)) && frame.contains(owner.id())));
        owners.send("{\"type\":\"subscribe\",\"to\":\"batches\"}");
        Thread.sleep(200); // the subscription is a frame like any other: let it arrive before the changes it is about
        int from = owners.messages.size();
        EventClient single = online(agent);
        write(customer, conversation, "Hello?");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        java.util.function.Supplier<List<String>> after = () -> {
            List<String> copy = List.copyOf(owners.messages);
            return copy.subList(from, copy.size());
        };

        await().atMost(WAIT).until(() -> after.get().stream().anyMatch(frame -> "conversations".equals(type(frame)) && frame.contains(agent.id())));
        io.vertx.core.json.JsonObject batch = new io.vertx.core.json.JsonObject(after.get().stream()
                .filter(frame -> "conversations".equals(type(frame)) && frame.contains(agent.id())).findFirst().orElseThrow());
        assertEquals(conversation, batch.getJsonArray("conversations").getJsonObject(0).getString("id"));
        await().atMost(WAIT).until(() -> after.get().stream().anyMatch(frame -> "agents".equals(type(frame))));
        List<String> singles = after.get().stream().filter(frame -> List.of("conversation", "agent").contains(type(frame))).toList();
        assertEquals(List.of(), singles, "no single frames once batches were asked for");
        await().atMost(WAIT).until(() -> single.messages.stream().anyMatch(frame -> "conversation".equals(type(frame)) && frame.contains(agent.id())));
        assertTrue(single.messages.stream().map(RoutingApiTest::type).noneMatch(t -> t.equals("conversations") || t.equals("agents")));
    }

    @Test
    void theOwnerStartsAwayAndIsNotRoutedTo() throws Exception {
        online(owner);
        write(customer, conversation, "Anyone?");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        Thread.sleep(300);
        assertNull(assignee(conversation), "the owner's device starts away");
        customer.request().get("/api/conversations/" + conversation + "/queue").then().statusCode(200)
                .body("position", equalTo(1)).body("assigned", equalTo(false));
    }

    @Test
    void aQueuedChatIsAssignedTheMomentAnAgentConnectsAndTheCustomerHearsIt() throws Exception {
        EventClient customerEvents = online(customer);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> customerEvents.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"queue\"")
                && frame.contains("\"position\":1")));

        online(agent);

        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        await().atMost(WAIT).until(() -> customerEvents.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"queue\"")
                && frame.contains("\"assigned\":true")));
    }

    @Test
    void aWaitingCustomerHearsThePlaceOfTheirConversationWhoseIdIsNotTheirs() throws Exception {
        // Conversations opened so far take their customer's id; third-party chats will not, so nothing may rely on it.
        byte[] otherId = new byte[16];
        java.util.Arrays.fill(otherId, (byte) 7);
        String renamed = io.switchboard.protocol.B64u.encode(otherId);
        assertEquals(1, data.execute("update conversation set id = '" + renamed + "' where id = '" + conversation + "'"));
        customer.request().get("/api/customers/me").then().statusCode(200).body("conversationId", equalTo(renamed));
        EventClient customerEvents = online(customer);

        write(customer, renamed, "Hi");

        await().atMost(WAIT).until(() -> customerEvents.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"queue\"")
                && frame.contains("\"conversation\":\"" + renamed + "\"") && frame.contains("\"position\":1")));
    }

    @Test
    void anUnansweredOfferGoesToTheNextAgentAndIsRecorded() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        online(agent);
        online(second);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> assignee(conversation) != null);
        String first = assignee(conversation);

        clock.advance(Duration.ofSeconds(61));
        router.processDue();

        await().atMost(WAIT).until(() -> assignee(conversation) != null && !first.equals(assignee(conversation)));
        JsonPath history = owner.request().get("/api/conversations/" + conversation + "/assignments").then().extract().jsonPath();
        assertEquals("offer_timeout", history.getString("[0].endReason"));
        assertEquals(first, history.getString("[0].deviceId"));
        assertNull(history.getString("[1].endReason"));
    }

    @Test
    void openingTheChatAcceptsTheOfferSoItDoesNotTimeOut() throws Exception {
        online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        owner.request().post("/api/conversations/" + conversation + "/accept").then().statusCode(403)
                .body("code", equalTo("not_your_conversation"));
        agent.request().post("/api/conversations/" + conversation + "/accept").then().statusCode(200)
                .body("offerExpiresAt", nullValue());

        clock.advance(Duration.ofMinutes(5));
        router.processDue();
        assertEquals(agent.id(), assignee(conversation));
    }

    @Test
    void answeringAcceptsTheOfferToo() throws Exception {
        online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        write(agent, conversation, "Hello, how can I help?");
        assertNull(state(conversation).getString("offerExpiresAt"));
    }

    @Test
    void anUnansweredOfferWithNobodyElseIsOfferedToTheSameAgentAgain() throws Exception {
        online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));

        clock.advance(Duration.ofSeconds(61));
        router.processDue();

        await().atMost(WAIT).until(() -> owner.request().get("/api/conversations/" + conversation + "/assignments")
                .then().extract().jsonPath().getList("$").size() == 2);
        owner.request().get("/api/conversations/" + conversation + "/assignments").then()
                .body("[0].endReason", equalTo("offer_timeout")).body("[1].deviceId", equalTo(agent.id()))
                .body("[1].endReason", nullValue());
    }

    @Test
    void twoTabsOfOneAgentClosingAtOnceLeaveItOffline() throws Exception {
        EventClient first = online(agent);
        EventClient second = online(agent);
        await().atMost(WAIT).until(() -> agentOnline(agent));
        first.close();
        Thread.sleep(300);
        assertTrue(agentOnline(agent), "one tab is still open");
        EventClient third = online(agent);
        second.close();
        third.close();
        await().atMost(WAIT).until(() -> !agentOnline(agent));
    }

    @Test
    void aDisconnectedAgentKeepsChatsDuringTheGracePeriodThenTheyAreRoutedAgain() throws Exception {
        EventClient agentEvents = online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        agent.request().post("/api/conversations/" + conversation + "/accept").then().statusCode(200);

        agentEvents.close();
        await().atMost(WAIT).until(() -> !agentOnline(agent));
        clock.advance(Duration.ofSeconds(30));
        router.processDue();
        assertEquals(agent.id(), assignee(conversation), "still inside the 60 s grace period");

        clock.advance(Duration.ofSeconds(31));
        router.processDue();
        await().atMost(WAIT).until(() -> assignee(conversation) == null);
        assertTrue(state(conversation).getString("queuedAt") != null, "back in the queue");
        owner.request().get("/api/conversations/" + conversation + "/assignments").then()
                .body("[0].endReason", equalTo("grace_expired"));
    }

    @Test
    void reconnectingInsideTheGracePeriodKeepsTheChats() throws Exception {
        EventClient agentEvents = online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        agent.request().post("/api/conversations/" + conversation + "/accept").then().statusCode(200);
        agentEvents.close();
        await().atMost(WAIT).until(() -> !agentOnline(agent));
        online(agent);
        await().atMost(WAIT).until(() -> agentOnline(agent));
        clock.advance(Duration.ofMinutes(5));
        router.processDue();
        assertEquals(agent.id(), assignee(conversation));
    }

    private boolean agentOnline(TestDevice device) {
        return owner.request().get("/api/agents").then().extract().jsonPath()
                .getBoolean("find { it.deviceId == '" + device.id() + "' }.online");
    }

    @Test
    void resolvingFreesTheSlotAndAnewMessageReopensWithTheStickyAgent() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved")).body("assignee", nullValue());
        online(second);
        await().atMost(WAIT).until(() -> agentOnline(second));

        write(customer, conversation, "One more thing");

        await().atMost(WAIT).until(() -> assignee(conversation) != null);
        assertEquals(agent.id(), assignee(conversation), "sticky prefers the previous agent over the idle one");
        assertEquals("sticky", state(conversation).getString("reason.code"));
        assertEquals("open", state(conversation).getString("status"));
    }

    @Test
    void aCustomerAnsweringAPendingConversationReopensIt() throws Exception {
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        agent.request().post("/api/conversations/" + conversation + "/pending").then().statusCode(200)
                .body("status", equalTo("pending")).body("queuedAt", nullValue());

        write(customer, conversation, "Here is the photo you asked for");

        await().atMost(WAIT).until(() -> "open".equals(state(conversation).getString("status")));
        assertNotNull(state(conversation).getString("queuedAt"), "unassigned, so it waits in the queue again");
        online(agent);
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
    }

    @Test
    void aSnoozedConversationWakesUpAndIsRoutedAgain() throws Exception {
        online(agent);
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        Instant until = clock.instant().plus(Duration.ofMinutes(20));
        agent.request().contentType("application/json").body(Map.of("until", until.toString()))
                .post("/api/conversations/" + conversation + "/snooze").then().statusCode(200)
                .body("status", equalTo("snoozed")).body("assignee", nullValue());

        clock.advance(Duration.ofMinutes(20).plusSeconds(1));
        router.processDue();

        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));
        assertEquals("open", state(conversation).getString("status"));
    }

    @Test
    void aChatWaitsWhenEveryAgentIsFullAndIsAssignedWhenASlotFrees() throws Exception {
        owner.request().contentType("application/json").body(Map.of("capacity", 1, "teamIds", List.of()))
                .put("/api/agents/" + agent.id()).then().statusCode(200).body("capacity", equalTo(1));
        online(agent);
        OtherCustomer second = registerCustomer("Rui Cliente", "+351912345679");
        write(customer, conversation, "First");
        await().atMost(WAIT).until(() -> agent.id().equals(assignee(conversation)));

        write(second.device(), second.conversation(), "Second");
        await().atMost(WAIT).until(() -> state(second.conversation()).getString("queuedAt") != null);
        assertNull(assignee(second.conversation()), "the only agent is full");
        // One assignment out of this queue in the last hour is no pace yet: no estimate rather than "about 1 h".
        second.device().request().get("/api/conversations/" + second.conversation() + "/queue").then()
                .body("position", equalTo(1)).body("estimatedWaitSeconds", nullValue()).body("assigned", equalTo(false));
        OtherCustomer third = registerCustomer("Rita Cliente", "+351912345670");
        write(third.device(), third.conversation(), "Third");
        await().atMost(WAIT).until(() -> state(third.conversation()).getString("queuedAt") != null);
        third.device().request().get("/api/conversations/" + third.conversation() + "/queue").then()
                .body("position", equalTo(2)).body("estimatedWaitSeconds", nullValue());
        third.device().request().get("/api/conversations/" + second.conversation() + "/queue").then().statusCode(404)
                .body("code", equalTo("conversation_not_found"));

        agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);

        await().atMost(WAIT).until(() -> agent.id().equals(assignee(second.conversation())));
    }

    @Test
    void topicsSendChatsOnlyToTheirTeam() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        String team = owner.request().contentType("application/json")
                .body(Map.of("name", "Billing", "policy", "round_robin", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
        owner.request().contentType("application/json").body(Map.of("capacity", 5, "teamIds", List.of(team)))
                .put("/api/agents/" + second.id()).then().statusCode(200);
        owner.request().contentType("application/json")
                .body(Map.of("topics", List.of(Map.of("label", "Invoices and payments", "teamId", team, "priority", 3))))
                .put("/api/teams/topics").then().statusCode(200).body("[0].label", equalTo("Invoices and payments"));
        String topic = customer.request().get("/api/topics").then().statusCode(200)
                .body("label", contains("Invoices and payments")).extract().path("[0].id");
        online(agent);
        online(second);

        customer.request().contentType("application/json").body(Map.of("topicId", topic))
                .post("/api/conversations/" + conversation + "/topic").then().statusCode(204);
        write(customer, conversation, "My invoice is wrong");

        await().atMost(WAIT).until(() -> second.id().equals(assignee(conversation)));
        JsonPath routed = state(conversation);
        assertEquals(team, routed.getString("teamId"));
        assertEquals(3, routed.getInt("priority"));
        assertEquals("round_robin", routed.getString("reason.code"));
    }

    @Test
    void aClaimTakesAQueuedChatAndASecondClaimIsRefused() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        agent.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(200)
                .body("assignee.deviceId", equalTo(agent.id())).body("reason.code", equalTo("claimed"))
                .body("offerExpiresAt", nullValue());
        String before = snapshot();
        second.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(409)
                .body("code", equalTo("already_assigned")).body("message", org.hamcrest.Matchers.notNullValue());
        assertEquals(before, snapshot(), "a refused claim changes nothing");
    }

    @Test
    void anAgentCannotActOnAnotherAgentsConversationButASupervisorCan() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        agent.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(200);
        String before = snapshot();
        for (String action : List.of("resolve", "unassign", "pending")) {
            second.request().post("/api/conversations/" + conversation + "/" + action).then().statusCode(403)
                    .body("code", equalTo("not_your_conversation"));
        }
        second.request().contentType("application/json").body(Map.of("deviceId", second.id()))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(403).body("code", equalTo("not_your_conversation"));
        second.request().contentType("application/json").body(Map.of("deviceId", second.id()))
                .post("/api/conversations/" + conversation + "/assign").then().statusCode(403).body("code", equalTo("role_required"));
        second.request().get("/api/conversations/not%20an%20id/routing").then().statusCode(400).body("code", equalTo("validation_failed"));
        assertEquals(before, snapshot(), "refused actions change nothing");

        owner.request().contentType("application/json").body(Map.of("deviceId", second.id()))
                .post("/api/conversations/" + conversation + "/assign").then().statusCode(200)
                .body("assignee.deviceId", equalTo(second.id())).body("reason.code", equalTo("assigned"))
                .body("reason.text", equalTo("Assigned to Carla Agent by Ana Owner"));
        owner.request().get("/api/conversations/" + conversation + "/assignments").then()
                .body("[0].endReason", equalTo("reassigned")).body("[1].byDeviceId", equalTo(owner.id()));
    }

    @Test
    void transferringToAnUnknownAgentOrTeamIsRefusedAndChangesNothing() throws Exception {
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        agent.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(200);
        String before = snapshot();
        agent.request().contentType("application/json").body(Map.of("deviceId", "AAAAAAAAAAAAAAAAAAAAAA"))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(404).body("code", equalTo("agent_not_found"));
        agent.request().contentType("application/json").body(Map.of("teamId", "AAAAAAAAAAAAAAAAAAAAAA"))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(404).body("code", equalTo("team_not_found"));
        agent.request().contentType("application/json").body(Map.of("deviceId", customer.id()))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(404).body("code", equalTo("agent_not_found"));
        agent.request().contentType("application/json").body(Map.of())
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(400).body("code", equalTo("validation_failed"));
        agent.request().contentType("application/json").body(Map.of("labels", List.of("Not Valid")))
                .put("/api/conversations/" + conversation + "/labels").then().statusCode(400).body("code", equalTo("validation_failed"));
        agent.request().contentType("application/json").body(Map.of("until", clock.instant().minusSeconds(5).toString()))
                .post("/api/conversations/" + conversation + "/snooze").then().statusCode(400).body("code", equalTo("snooze_invalid"));
        agent.request().post("/api/conversations/AAAAAAAAAAAAAAAAAAAAAA/resolve").then().statusCode(404)
                .body("code", equalTo("conversation_not_found"));
        assertEquals(before, snapshot(), "refused requests change nothing");

        // Waiting conversations are claimed, not transferred to oneself past the queue.
        OtherCustomer other = registerCustomer("Rui Cliente", "+351912345679");
        write(other.device(), other.conversation(), "Hello");
        await().atMost(WAIT).until(() -> state(other.conversation()).getString("queuedAt") != null);
        String beforeTransfer = snapshot();
        agent.request().contentType("application/json").body(Map.of("deviceId", agent.id()))
                .post("/api/conversations/" + other.conversation() + "/transfer").then().statusCode(403)
                .body("code", equalTo("not_your_conversation"));
        assertEquals(beforeTransfer, snapshot());
    }

    @Test
    void aTransferToAnotherAgentIsRecordedAndMustBeAccepted() throws Exception {
        TestDevice second = linkAgent("Carla Agent");
        write(customer, conversation, "Hi");
        await().atMost(WAIT).until(() -> state(conversation).getString("queuedAt") != null);
        agent.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(200);
        agent.request().contentType("application/json").body(Map.of("deviceId", second.id()))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(200)
                .body("assignee.deviceId", equalTo(second.id())).body("reason.code", equalTo("transferred"))
                .body("reason.text", equalTo("Transferred to Carla Agent by Bruno Agent"))
                .body("offerExpiresAt", org.hamcrest.Matchers.notNullValue());
        owner.request().get("/api/conversations/" + conversation + "/assignments").then()
                .body("[0].endReason", equalTo("transferred")).body("[1].deviceId", equalTo(second.id()));
    }

    @Test
    void labelsAreStoredSortedAndPushed() throws Exception {
        EventClient ownerEvents = online(owner);
        agent.request().contentType("application/json").body(Map.of("labels", List.of("vip", "billing", "vip")))
                .put("/api/conversations/" + conversation + "/labels").then().statusCode(200).body("labels", contains("billing", "vip"));
        await().atMost(WAIT).until(() -> ownerEvents.messages.stream().anyMatch(frame -> frame.contains("\"labels\":[\"billing\",\"vip\"]")));
    }

    @Test
    void onlyAdminsChangeRoutingSettings() {
        String before = snapshot();
        agent.request().contentType("application/json").body(Map.of("name", "Sales", "policy", "manual", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(403).body("code", equalTo("role_required"));
        agent.request().contentType("application/json").body(Map.of("capacity", 50, "teamIds", List.of()))
                .put("/api/agents/" + agent.id()).then().statusCode(403).body("code", equalTo("role_required"));
        agent.request().contentType("application/json").body(Map.of("text", "Hello!"))
                .put("/api/canned-replies/hello").then().statusCode(403);
        customer.request().get("/api/agents").then().statusCode(403);
        owner.request().contentType("application/json").body(Map.of("name", "Sales", "policy", "random", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(400).body("code", equalTo("validation_failed"));
        assertEquals(before, snapshot());

        owner.request().contentType("application/json").body(Map.of("name", "Sales", "policy", "manual", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201);
        owner.request().contentType("application/json").body(Map.of("name", "sales", "policy", "round_robin", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(409).body("code", equalTo("team_exists"));
        owner.request().contentType("application/json").body(Map.of("text", "Thanks for waiting!"))
                .put("/api/canned-replies/thanks").then().statusCode(200);
        agent.request().get("/api/canned-replies").then().statusCode(200).body("shortcut", contains("thanks"))
                .body("[0].text", equalTo("Thanks for waiting!"));
    }

    @Test
    void collisionActivityIsRelayedToTheOtherBusinessDevicesOnly() throws Exception {
        EventClient ownerEvents = online(owner);
        EventClient agentEvents = online(agent);
        EventClient customerEvents = online(customer);
        agentEvents.send("{\"type\":\"typing\",\"conversation\":\"" + conversation + "\"}");
        await().atMost(WAIT).until(() -> ownerEvents.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"activity\"")
                && frame.contains("\"activity\":\"typing\"") && frame.contains("Bruno Agent")));
        Thread.sleep(200);
        assertTrue(agentEvents.messages.stream().noneMatch(frame -> frame.contains("\"type\":\"activity\"")), "not echoed to the sender");
        assertTrue(customerEvents.messages.stream().noneMatch(frame -> frame.contains("\"type\":\"activity\"")), "customers never see it");

        agentEvents.send("{\"type\":\"viewing\",\"conversation\":\"" + conversation + "\"}");
        agentEvents.close();
        await().atMost(WAIT).until(() -> ownerEvents.messages.stream().anyMatch(frame -> frame.contains("\"activity\":\"left\"")));
    }

    /** Every routing row, to prove a refused request changed nothing. */
    private String snapshot() {
        return data.snapshot() + data.rows("select cast(c as text) from conversation c order by id")
                + data.rows("select cast(a as text) from assignment a order by id")
                + data.rows("select cast(t as text) from team t order by id")
                + data.rows("select device_id || ':' || coalesce(cast(capacity as text), '-') from agent order by 1");
    }
}
