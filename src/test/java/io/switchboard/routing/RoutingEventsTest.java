package io.switchboard.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.conversation.ConversationOpened;
import io.switchboard.conversation.EndReason;
import io.switchboard.routing.events.AgentPresenceChanged;
import io.switchboard.routing.events.AgentSettingsChanged;
import io.switchboard.routing.events.CannedRepliesChanged;
import io.switchboard.routing.events.ConversationAssigned;
import io.switchboard.routing.events.ConversationLabelled;
import io.switchboard.routing.events.ConversationPending;
import io.switchboard.routing.events.ConversationPrioritised;
import io.switchboard.routing.events.ConversationQueued;
import io.switchboard.routing.events.ConversationReopened;
import io.switchboard.routing.events.ConversationResolved;
import io.switchboard.routing.events.ConversationSnoozed;
import io.switchboard.routing.events.ConversationTransferred;
import io.switchboard.routing.events.FirstReply;
import io.switchboard.routing.events.OfferAccepted;
import io.switchboard.routing.events.OfferExpired;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.events.TeamChanged;
import io.switchboard.routing.events.TopicChosen;
import io.switchboard.routing.events.TopicMenuChanged;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each routing change fires what happened as typed events, which observers hear once the change
 * committed, and never when it rolled back. Actions go through the real API; an action's events are
 * heard before its response returns, the router's and the timers' a moment later.
 */
@QuarkusTest
class RoutingEventsTest extends ConversationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RecordedRoutingEvents events;

    @Inject
    Router router;

    @Inject
    MessageRouting messageRouting;

    private final List<EventClient> open = new ArrayList<>();

    @BeforeEach
    void forgetEarlierEvents() {
        events.clear();
    }

    @AfterEach
    void closeConnections() {
        open.forEach(EventClient::close);
    }

    private EventClient online(TestDevice device) throws Exception {
        EventClient client = EventClient.open(device);
        open.add(client);
        return client;
    }

    private void write(TestDevice from, String text) {
        try (SwitchboardClient client = Clients.of(from, clock)) {
            client.sendText(conversation, text);
        }
    }

    private <T extends RoutingEvent> List<T> committed(Class<T> type) {
        return events.committed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends RoutingEvent> T awaitCommitted(Class<T> type) {
        await().atMost(WAIT).until(() -> !committed(type).isEmpty());
        List<T> found = committed(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + ": " + found);
        return found.get(0);
    }

    private void post(TestDevice device, String action) {
        device.request().post("/api/conversations/" + conversation + "/" + action).then().statusCode(200);
    }

    private void post(TestDevice device, String action, Map<String, ?> body) {
        device.request().contentType("application/json").body(body).post("/api/conversations/" + conversation + "/" + action)
                .then().statusCode(200);
    }

    @Test
    void registeringACustomerOpensTheirConversation() {
        TestDevice other = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(other, "+351912345679", verifier).then().statusCode(204);
        String customerId = other.request().get("/api/customers/me").then().extract().path("customerId");
        String id = other.request().get("/api/customers/me").then().extract().path("conversationId");

        assertEquals(1, events.committed.size(), "one event: " + events.committed);
        ConversationOpened opened = (ConversationOpened) events.committed.get(0);
        assertEquals(id, opened.conversationId());
        assertEquals(customerId, opened.counterpart().owner());
    }

    @Test
    void theFirstMessageQueuesTheRouterAssignsTheOfferExpiresAndAnswersAreRecorded() throws Exception {
        write(customer, "Hi");
        assertEquals(List.of(ConversationQueued.customerWrote(conversation)), committed(ConversationQueued.class));

        online(agent);
        assertEquals(new AgentPresenceChanged(agent.id(), AgentPresenceChanged.Change.CONNECTED),
                awaitCommitted(AgentPresenceChanged.class));
        ConversationAssigned assigned = awaitCommitted(ConversationAssigned.class);
        assertEquals(conversation, assigned.conversationId());
        assertEquals(agent.id(), assigned.deviceId());
        assertEquals("least_loaded", assigned.reason().code());
        assertNull(assigned.byDeviceId(), "the router chose");
        assertTrue(assigned.fromQueue());
        assertNotNull(assigned.offerExpiresAt());

        events.clear();
        clock.advance(Duration.ofSeconds(61));
        router.processDue();
        assertEquals(List.of(new OfferExpired(conversation, agent.id())), committed(OfferExpired.class));
        awaitCommitted(ConversationAssigned.class);

        events.clear();
        Instant beforeAnswer = clock.instant();
        write(agent, "Hello, how can I help?");
        assertEquals(List.of(new OfferAccepted(conversation, agent.id())), committed(OfferAccepted.class));
        FirstReply reply = awaitCommitted(FirstReply.class);
        assertEquals(new FirstReply(conversation, agent.id(), agent.id(), reply.assignedAt(), reply.repliedAt()), reply);
        assertTrue(reply.assignedAt().isBefore(beforeAnswer) && !reply.repliedAt().isBefore(beforeAnswer),
                "assigned before the answer, replied with it: " + reply);
        write(agent, "Still there?");
        assertEquals(1, committed(FirstReply.class).size(), "only the first reply of an assignment counts");
    }

    @Test
    void agentsActionsSayWhatHappened() throws Exception {
        TestDevice second = TestDevice.create("Carla Agent");
        accounts.linkByQr(owner, second, "agent");
        write(customer, "Hi");
        post(agent, "claim");
        ConversationAssigned claimed = awaitCommitted(ConversationAssigned.class);
        assertEquals("claimed", claimed.reason().code());
        assertEquals(agent.id(), claimed.byDeviceId());

        events.clear();
        post(agent, "transfer", Map.of("deviceId", second.id()));
        assertEquals(List.of(new ConversationTransferred(conversation, agent.id(), second.id(), null, agent.id(), EndReason.TRANSFERRED)),
                committed(ConversationTransferred.class));
        assertEquals(second.id(), awaitCommitted(ConversationAssigned.class).deviceId());

        events.clear();
        post(owner, "assign", Map.of("deviceId", agent.id()));
        assertEquals(EndReason.REASSIGNED, awaitCommitted(ConversationTransferred.class).endReason());

        events.clear();
        post(agent, "pending");
        assertEquals(List.of(new ConversationPending(conversation, agent.id())), events.committed);

        events.clear();
        post(agent, "resolve");
        assertEquals(List.of(new ConversationResolved(conversation, agent.id(), agent.id())), events.committed);

        events.clear();
        post(agent, "resolve");
        assertEquals(List.of(), events.committed, "resolving again changes nothing");

        events.clear();
        post(agent, "reopen");
        assertEquals(List.of(new ConversationReopened(conversation, ConversationReopened.Cause.REOPENED_BY_AGENT, agent.id())),
                events.committed);

        events.clear();
        post(agent, "claim");
        post(agent, "unassign");
        assertEquals(List.of(new ConversationQueued(conversation, agent.id(), EndReason.UNASSIGNED)), committed(ConversationQueued.class));

        events.clear();
        Instant until = clock.instant().plus(Duration.ofMinutes(20));
        post(agent, "snooze", Map.of("until", until.toString()));
        assertEquals(List.of(new ConversationSnoozed(conversation, until, null, agent.id())), events.committed);

        events.clear();
        clock.advance(Duration.ofMinutes(21));
        router.processDue();
        assertEquals(List.of(new ConversationReopened(conversation, ConversationReopened.Cause.SNOOZE_ENDED, null)), events.committed);

        events.clear();
        agent.request().contentType("application/json").body(Map.of("labels", List.of("vip"))).put("/api/conversations/" + conversation
                + "/labels").then().statusCode(200);
        owner.request().contentType("application/json").body(Map.of("priority", 4)).put("/api/conversations/" + conversation
                + "/priority").then().statusCode(200);
        assertEquals(List.of(new ConversationLabelled(conversation, List.of("vip")), new ConversationPrioritised(conversation, 4)),
                events.committed);
    }

    @Test
    void aCustomerAnsweringReopensAndADisconnectStartsTheGracePeriod() throws Exception {
        EventClient agentEvents = online(agent);
        write(customer, "Hi");
        awaitCommitted(ConversationAssigned.class);
        post(agent, "resolve");

        events.clear();
        clock.advance(Duration.ofSeconds(1));
        write(customer, "One more thing");
        assertEquals(new ConversationReopened(conversation, ConversationReopened.Cause.CUSTOMER_WROTE, null),
                committed(ConversationReopened.class).get(0));

        events.clear();
        agentEvents.close();
        assertEquals(new AgentPresenceChanged(agent.id(), AgentPresenceChanged.Change.DISCONNECTED),
                awaitCommitted(AgentPresenceChanged.class));
    }

    @Test
    void settingsChangesSayWhatChanged() {
        String team = owner.request().contentType("application/json")
                .body(Map.of("name", "Billing", "policy", "manual", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
        owner.request().contentType("application/json").body(Map.of("capacity", 2, "teamIds", List.of(team)))
                .put("/api/agents/" + agent.id()).then().statusCode(200);
        agent.request().contentType("application/json").body(Map.of("status", "away")).put("/api/agents/me/status").then().statusCode(200);
        owner.request().contentType("application/json").body(Map.of("topics", List.of(Map.of("label", "Invoices", "teamId", team, "priority", 0))))
                .put("/api/teams/topics").then().statusCode(200);
        owner.request().contentType("application/json").body(Map.of("text", "Thanks!")).put("/api/canned-replies/thanks").then().statusCode(200);
        customer.request().contentType("application/json").body(Map.of("topicId", customer.request().get("/api/topics").then()
                .extract().path("[0].id"))).post("/api/conversations/" + conversation + "/topic").then().statusCode(204);
        owner.request().delete("/api/teams/" + team).then().statusCode(204);

        String topic = customer.request().get("/api/topics").then().extract().path("[0].id");
        assertNull(topic, "the team's topics went with it");
        assertEquals(List.of(new TeamChanged(team, TeamChanged.Change.CREATED, Set.of()), new AgentSettingsChanged(agent.id()),
                new AgentPresenceChanged(agent.id(), AgentPresenceChanged.Change.AWAY), new TopicMenuChanged(),
                new CannedRepliesChanged("thanks"), committed(TopicChosen.class).get(0),
                new TeamChanged(team, TeamChanged.Change.DELETED, Set.of(conversation))), events.committed);
        assertEquals(team, committed(TopicChosen.class).get(0).teamId());
    }

    @Test
    void aChangeThatRollsBackIsFiredButNeverHeard() {
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            messageRouting.customerWrote(conversation, clock.instant(), false);
            throw new IllegalStateException("something later in the transaction failed");
        }));

        assertEquals(List.of(ConversationQueued.customerWrote(conversation)), events.fired, "the change did happen inside its transaction");
        assertEquals(List.of(), events.committed);
        assertNull(owner.request().get("/api/conversations/" + conversation + "/routing").then().statusCode(200)
                .extract().path("queuedAt"), "and was undone");
    }
}
