package io.switchboard.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.routing.policy.Choice;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which routing changes wait for the routing lock and which hold only the conversation's row (RoutingActions), and
 * that a routing run or a deadline acting on a row changed meanwhile by a lock-free action leaves that change standing.
 * The "meanwhile" is made deterministic with a second database connection that holds the lock or the row.
 */
@QuarkusTest
class RoutingLockScopeTest extends ConversationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** RoutingLock's key. */
    private static final long ROUTING_LOCK = 0x5342_0001L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RoutingStore store;

    @Inject
    AgentStore agents;

    @Inject
    Router router;

    private JsonPath state() {
        return owner.request().get("/api/conversations/" + conversation + "/routing").then().statusCode(200).extract().jsonPath();
    }

    private void customerWrites() {
        try (SwitchboardClient client = Clients.of(customer, clock)) {
            client.sendText(conversation, "Hello?");
        }
    }

    /** The customer writes while the agent is online: the agent has the conversation, on offer. The agent goes offline. */
    private void assignedToTheAgent() throws Exception {
        EventClient online = EventClient.open(agent);
        try {
            customerWrites();
            await().atMost(WAIT).until(() -> agent.id().equals(state().getString("assignee.deviceId")));
        } finally {
            online.close();
        }
    }

    /** A second connection inside a transaction, as another node's routing run or resolve would hold it. */
    private Connection holding(String sql, Object... parameters) throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
        return connection;
    }

    @Test
    void resolvingAndLabellingDoNotWaitForARoutingRunButReopeningDoes() throws Exception {
        assignedToTheAgent();
        try (Connection run = holding("select pg_advisory_xact_lock(?)", ROUTING_LOCK)) {
            CompletableFuture<Integer> resolve = CompletableFuture.supplyAsync(() -> agent.request()
                    .post("/api/conversations/" + conversation + "/resolve").then().extract().statusCode());
            assertEquals(200, resolve.get(WAIT.toSeconds(), TimeUnit.SECONDS), "a resolve does not queue behind a routing run");
            CompletableFuture<Integer> label = CompletableFuture.supplyAsync(() -> owner.request().contentType("application/json")
                    .body("{\"labels\":[\"billing\"]}").put("/api/conversations/" + conversation + "/labels").then().extract().statusCode());
            assertEquals(200, label.get(WAIT.toSeconds(), TimeUnit.SECONDS));

            CompletableFuture<Integer> reopen = CompletableFuture.supplyAsync(() -> owner.request()
                    .post("/api/conversations/" + conversation + "/reopen").then().extract().statusCode());
            Thread.sleep(500);
            assertFalse(reopen.isDone(), "reopening puts the conversation in the queue: it waits for the run");
            run.rollback();
            assertEquals(200, reopen.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals("open", state().getString("status"));
        assertEquals(List.of("billing"), state().getList("labels"));
    }

    @Test
    void aRunGivesOnlyConversationsThatStillWaitInTheQueue() {
        customerWrites();
        await().atMost(WAIT).until(() -> state().getString("queuedAt") != null);
        Instant queuedAt = Instant.parse(state().getString("queuedAt"));
        // The run read the queue; then a supervisor resolved the conversation without waiting for the run's lock.
        owner.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);

        RoutingStore.Assignment stale = new RoutingStore.Assignment(conversation, agent.id(), null,
                new Choice(agent.id(), Choice.LEAST_LOADED, "Least loaded: 0 of 5 chats open"), null, queuedAt, clock.instant().plusSeconds(60));
        List<RoutingStore.Assignment> made = QuarkusTransaction.requiringNew().call(() -> {
            agents.ensureAgent(agent.id());
            return store.assignStillQueued(List.of(stale), clock.instant());
        });

        assertEquals(List.of(), made);
        assertEquals("resolved", state().getString("status"));
        assertNull(state().getString("assignee"));
        owner.request().get("/api/conversations/" + conversation + "/assignments").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));

        customerWrites(); // queued again: now the same assignment is made
        await().atMost(WAIT).until(() -> state().getString("queuedAt") != null && "open".equals(state().getString("status")));
        List<RoutingStore.Assignment> madeNow = QuarkusTransaction.requiringNew().call(() -> store.assignStillQueued(List.of(stale), clock.instant()));
        assertEquals(List.of(stale), madeNow);
        assertEquals(agent.id(), state().getString("assignee.deviceId"));
    }

    @Test
    void anOfferRunningOutWhileTheAgentResolvesLeavesTheConversationResolved() throws Exception {
        assignedToTheAgent();
        assertNotNull(state().getString("offerExpiresAt"));
        clock.advance(Duration.ofMinutes(5));
        CompletableFuture<Void> due;
        // The agent's resolve is in flight: it holds the row and has written, but not committed yet.
        try (Connection resolve = holding("select id from conversation where id = ? for update", conversation)) {
            try (PreparedStatement end = resolve.prepareStatement(
                    "update assignment set ended_at = now(), end_reason = 'resolved' where conversation_id = ? and ended_at is null");
                 PreparedStatement resolved = resolve.prepareStatement("""
                         update conversation set status = 'resolved', assignee_device_id = null, assigned_at = null, offer_expires_at = null,
                             queued_at = null, status_changed_at = now() where id = ?""")) {
                end.setString(1, conversation);
                end.executeUpdate();
                resolved.setString(1, conversation);
                resolved.executeUpdate();
            }
            due = CompletableFuture.runAsync(router::processDue);
            Thread.sleep(300);
            resolve.commit();
        }
        due.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        JsonPath after = state();
        assertEquals("resolved", after.getString("status"), "the offer's deadline acted on the row as the resolve left it");
        assertNull(after.getString("queuedAt"));
        assertNull(after.getString("assignee"));
        assertTrue(owner.request().get("/api/conversations/" + conversation + "/assignments").then().extract().jsonPath()
                .getList("endReason").stream().noneMatch("offer_timeout"::equals));
    }
}
