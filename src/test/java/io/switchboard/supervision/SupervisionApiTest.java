package io.switchboard.supervision;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.conversation.ConversationState;
import io.switchboard.routing.events.ConversationAssigned;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Supervision through the real API: who may read and write its settings and the board, the facts
 * the events leave behind on the injected clock, and the board pushed over the event socket.
 */
@QuarkusTest
class SupervisionApiTest extends ConversationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FactWriter facts;

    @Inject
    FactRepair repair;

    private TestDevice supervisor;
    private String teamA;
    private String teamB;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void teamsAndAScopedSupervisor() {
        teamA = team("Billing");
        teamB = team("Returns");
        supervisor = TestDevice.create("Sofia Supervisor");
        accounts.linkByQr(owner, supervisor, "supervisor");
        owner.request().contentType("application/json").body(Map.of("capacity", 5, "teamIds", List.of(teamA)))
                .put("/api/agents/" + supervisor.id()).then().statusCode(200);
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private String team(String name) {
        return owner.request().contentType("application/json")
                .body(Map.of("name", name, "policy", "least_loaded", "sticky", false, "stickyForSeconds", 0))
                .post("/api/teams").then().statusCode(201).extract().path("id");
    }

    private EventClient online(TestDevice device) throws Exception {
        EventClient client = EventClient.open(device);
        open.add(client::close);
        return client;
    }

    /** A connection as the board page opens it: subscribed to the board's frames. */
    private EventClient watchingTheBoard(TestDevice device) throws Exception {
        EventClient client = online(device);
        client.send("{\"type\":\"subscribe\",\"to\":\"board\"}");
        return client;
    }

    private void write(TestDevice from, String text) {
        try (SwitchboardClient client = Clients.of(from, clock)) {
            client.sendText(conversation, text);
        }
    }

    private static Map<String, Object> settings(String zone, Map<String, Object> sla) {
        Map<String, Object> body = new HashMap<>();
        body.put("timeZone", zone);
        body.put("businessHours", null);
        body.put("sla", sla);
        body.put("serviceLevelSeconds", 60);
        body.put("shortAbandonSeconds", 10);
        body.put("alerts", Map.of("waitWarningSeconds", 60, "waitCriticalSeconds", 300, "slaWarningPercent", 80));
        return body;
    }

    private static Map<String, Object> weekdays() {
        Map<String, Object> body = settings("Europe/Lisbon", Map.of("firstResponseSeconds", 300));
        List<Map<String, String>> day = List.of(Map.of("from", "09:00", "to", "12:30"), Map.of("from", "13:30", "to", "18:00"));
        Map<String, Object> hours = new HashMap<>();
        for (String name : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            hours.put(name, day);
        }
        hours.put("holidays", List.of("2026-12-25"));
        body.put("businessHours", hours);
        return body;
    }

    private String stored() {
        return data.rows("select scope || cast(settings as text) from supervision_settings order by scope");
    }

    /** Every supervision endpoint, as one call each (the body is valid, so only the caller decides). */
    private List<Function<RequestSpecification, Response>> everyEndpoint(String team) {
        Map<String, Object> body = settings("UTC", Map.of());
        return List.of(
                r -> r.get("/api/supervision/board"),
                r -> r.get("/api/supervision/board?team=" + team),
                r -> r.get("/api/supervision/settings/default"),
                r -> r.contentType("application/json").body(body).put("/api/supervision/settings/default"),
                r -> r.get("/api/supervision/settings/teams/" + team),
                r -> r.contentType("application/json").body(body).put("/api/supervision/settings/teams/" + team),
                r -> r.delete("/api/supervision/settings/teams/" + team));
    }

    @Test
    void anAgentIsRefusedEveryEndpointAndNothingChanges() {
        owner.request().contentType("application/json").body(weekdays()).put("/api/supervision/settings/teams/" + teamB).then().statusCode(200);
        String before = stored();
        for (Function<RequestSpecification, Response> call : everyEndpoint(teamB)) {
            call.apply(agent.request()).then().statusCode(403).body("code", equalTo("role_required"));
        }
        for (Function<RequestSpecification, Response> call : everyEndpoint(teamB)) {
            call.apply(customer.request()).then().statusCode(403);
        }
        assertEquals(before, stored());
    }

    @Test
    void aSupervisorScopedToAnotherTeamIsRefusedItAndNothingChanges() {
        owner.request().contentType("application/json").body(weekdays()).put("/api/supervision/settings/teams/" + teamB).then().statusCode(200);
        String before = stored();
        // the board of their own scope is theirs to read; every other call names the other team
        for (Function<RequestSpecification, Response> call : everyEndpoint(teamB).subList(1, 7)) {
            call.apply(supervisor.request()).then().statusCode(403).body("code", org.hamcrest.Matchers.oneOf("team_out_of_scope", "role_required"));
        }
        assertEquals(before, stored());
        supervisor.request().get("/api/supervision/board?team=" + teamB).then().body("code", equalTo("team_out_of_scope"));
        supervisor.request().get("/api/supervision/settings/teams/" + teamB).then().body("code", equalTo("team_out_of_scope"));
    }

    @Test
    void aScopedSupervisorSeesOnlyTheirTeamsOnTheBoard() {
        supervisor.request().get("/api/supervision/board").then().statusCode(200)
                .body("teams.teamId", contains(teamA))
                .body("agents.deviceId", contains(supervisor.id()));
        owner.request().get("/api/supervision/board").then().statusCode(200)
                .body("teams.teamId", contains(teamA, teamB, null))
                .body("agents.deviceId", hasItem(agent.id()));
        supervisor.request().get("/api/supervision/board?team=" + teamA).then().statusCode(200).body("teams.teamId", contains(teamA));
        owner.request().get("/api/supervision/board?team=nosuchteam").then().statusCode(404).body("code", equalTo("team_not_found"));
    }

    @Test
    void adminsWriteSettingsAndSupervisorsReadTheirTeams() {
        supervisor.request().get("/api/supervision/settings/teams/" + teamA).then().statusCode(200)
                .body("own", equalTo(false)).body("settings.timeZone", equalTo("UTC")).body("settings.businessHours", nullValue());
        owner.request().contentType("application/json").body(weekdays()).put("/api/supervision/settings/teams/" + teamA).then().statusCode(200)
                .body("own", equalTo(true));
        JsonPath read = supervisor.request().get("/api/supervision/settings/teams/" + teamA).then().statusCode(200).extract().jsonPath();
        assertEquals("Europe/Lisbon", read.getString("settings.timeZone"));
        assertEquals("13:30", read.getString("settings.businessHours.monday[1].from"));
        assertEquals(List.of("2026-12-25"), read.getList("settings.businessHours.holidays"));
        assertEquals(300, read.getInt("settings.sla.firstResponseSeconds"));
        assertEquals(1L, data.count("audit_event where action = 'supervision-settings.changed'"));

        owner.request().contentType("application/json").body(settings("America/New_York", Map.of("resolutionSeconds", 7200)))
                .put("/api/supervision/settings/default").then().statusCode(200);
        owner.request().get("/api/supervision/settings/default").then().statusCode(200).body("timeZone", equalTo("America/New_York"));
        owner.request().delete("/api/supervision/settings/teams/" + teamA).then().statusCode(200)
                .body("own", equalTo(false)).body("settings.timeZone", equalTo("America/New_York"));
    }

    @Test
    void unsoundSettingsAreRefusedInTheOneErrorShape() {
        String before = stored();
        owner.request().contentType("application/json").body(settings("Mars/Olympus", Map.of())).put("/api/supervision/settings/default")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("details.fields.timeZone", notNullValue());
        Map<String, Object> overlapping = weekdays();
        overlapping.put("businessHours", Map.of("monday", List.of(Map.of("from", "09:00", "to", "13:00"), Map.of("from", "12:00", "to", "18:00"))));
        owner.request().contentType("application/json").body(overlapping).put("/api/supervision/settings/default")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("details.fields", org.hamcrest.Matchers.hasKey("businessHours.monday"));
        Map<String, Object> badTime = weekdays();
        badTime.put("businessHours", Map.of("monday", List.of(Map.of("from", "25:00", "to", "26:00"))));
        owner.request().contentType("application/json").body(badTime).put("/api/supervision/settings/default")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        Map<String, Object> alerts = settings("UTC", Map.of());
        alerts.put("alerts", Map.of("waitWarningSeconds", 600, "waitCriticalSeconds", 60, "slaWarningPercent", 80));
        owner.request().contentType("application/json").body(alerts).put("/api/supervision/settings/default")
                .then().statusCode(400).body("details.fields", org.hamcrest.Matchers.hasKey("alerts.waitWarningSeconds"));
        owner.request().contentType("application/json").body(weekdays()).put("/api/supervision/settings/teams/nosuchteam")
                .then().statusCode(404).body("code", equalTo("team_not_found"));
        assertEquals(before, stored());
    }

    private String cycles() {
        await().atMost(WAIT).until(facts::idle);
        return data.rows("select cast(t as text) from conversation_cycle t order by cycle");
    }

    @Test
    void aReopenStartsANewCycleWithItsOwnFirstResponseTime() throws Exception {
        online(agent);
        write(customer, "Hello?");
        await().atMost(WAIT).until(() -> agent.id().equals(routingState().getString("assignee.deviceId")));
        clock.advance(Duration.ofSeconds(100));
        write(agent, "Hi, how can I help?");
        agent.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
        clock.advance(Duration.ofMinutes(20));
        write(customer, "One more thing");
        await().atMost(WAIT).until(() -> agent.id().equals(routingState().getString("assignee.deviceId")));
        clock.advance(Duration.ofSeconds(40));
        write(agent, "Sure");

        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle where cycle = 2 and first_response_ms is not null") == 1);
        assertEquals(1L, data.count("conversation_cycle where cycle = 1 and first_response_ms between 100000 and 109999"
                + " and resolved_at is not null and abandoned = false"), cycles());
        assertEquals(1L, data.count("conversation_cycle where cycle = 2 and first_response_ms between 40000 and 49999 and resolved_at is null"),
                cycles());
        assertEquals(2L, data.count("response_fact where kind = 'first' and answered_at is not null"));
    }

    @Test
    void anSlaClockStopsOnResolveAndNothingBreachesLater() {
        owner.request().contentType("application/json").body(settings("UTC", Map.of("firstResponseSeconds", 60)))
                .put("/api/supervision/settings/default").then().statusCode(200);
        write(customer, "Hello?");
        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle where resolved_at is null") == 1);
        owner.request().get("/api/supervision/board").then().statusCode(200)
                .body("conversations[0].slas[0].target", equalTo("first_response"))
                .body("conversations[0].slas[0].state", equalTo("ok"));
        clock.advance(Duration.ofSeconds(30));
        owner.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
        clock.advance(Duration.ofMinutes(10));
        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle where abandoned") == 1);
        assertEquals(0L, data.count("response_fact"), "resolved within its target: no miss");
        assertEquals(1L, data.count("conversation_cycle where first_response_met is null and short_abandon = false"));
        owner.request().get("/api/supervision/board").then().statusCode(200)
                .body("overall.slaBreached", equalTo(0)).body("conversations", org.hamcrest.Matchers.empty())
                .body("overall.offeredToday", equalTo(1)).body("overall.answeredInTimeToday", equalTo(0))
                .body("overall.serviceLevelToday", equalTo(0.0f));
    }

    @Test
    void aWaitTurnsToAWarningAndThenCriticalAtTheTeamsThresholds() {
        write(customer, "Hello?");
        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle") == 1);
        owner.request().get("/api/supervision/board").then().statusCode(200)
                .body("conversations[0].id", equalTo(conversation)).body("conversations[0].waitAlert", nullValue());
        clock.advance(Duration.ofSeconds(61));
        owner.request().get("/api/supervision/board").then().statusCode(200).body("conversations[0].waitAlert", equalTo("warning"));
        clock.advance(Duration.ofSeconds(240));
        owner.request().get("/api/supervision/board").then().statusCode(200).body("conversations[0].waitAlert", equalTo("critical"))
                .body("overall.waiting", equalTo(1)).body("teams.find { it.teamId == null }.summary.waiting", equalTo(1))
                .body("overall.offeredToday", equalTo(1)).body("overall.serviceLevelToday", equalTo(0.0f));
    }

    @Test
    void factsLostBeforeTheyWereWrittenAreRepairedFromTheConversations() {
        write(customer, "Hello?");
        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle") == 1);
        data.execute("delete from conversation_cycle");
        assertEquals(1, repair.repair(), "a waiting conversation that no cycle follows");
        assertEquals(1L, data.count("conversation_cycle c join conversation v on v.id = c.conversation_id"
                + " where c.started_at = v.queued_at and c.first_customer_at = v.queued_at and c.resolved_at is null"));

        data.execute("update conversation set status = 'resolved', status_changed_at = now(), queued_at = null where id = '" + conversation + "'");
        assertEquals(1, repair.repair(), "a running cycle of a resolved conversation");
        assertEquals(1L, data.count("conversation_cycle c join conversation v on v.id = c.conversation_id"
                + " where c.resolved_at = v.status_changed_at and c.abandoned"));
        assertEquals(0, repair.repair(), "nothing left to repair");
    }

    @Test
    void anAssignmentHeardBeforeTheQueueingStartsTheCycleFromTheQueue() {
        write(customer, "Hello?");
        await().atMost(WAIT).until(() -> facts.idle() && data.count("conversation_cycle") == 1);
        data.execute("delete from conversation_cycle");
        // as on a second node, whose writer hears the router's assignment before the first node wrote the queueing
        facts.on(new ConversationAssigned(conversation, agent.id(), null, new ConversationState.Reason("least_loaded", "Least loaded"),
                null, true, null));
        await().atMost(WAIT).until(facts::idle);
        assertEquals(1L, data.count("conversation_cycle c join conversation v on v.id = c.conversation_id"
                + " where c.started_at = v.queued_at and c.first_assignee_device_id = '" + agent.id() + "' and c.wait_ms >= 0"), cycles());
    }

    @Test
    void theBoardIsPushedToSubscribedSupervisorsWithinTheirScopeAndNeverToAgents() throws Exception {
        EventClient ownerEvents = watchingTheBoard(owner);
        EventClient ownerInbox = online(owner);
        EventClient supervisorEvents = watchingTheBoard(supervisor);
        EventClient agentEvents = watchingTheBoard(agent);
        owner.request().contentType("application/json").body(Map.of("status", "away")).put("/api/agents/me/status").then().statusCode(200);
        agent.request().contentType("application/json").body(Map.of("status", "away")).put("/api/agents/me/status").then().statusCode(200);
        await("the whole board, first").atMost(WAIT).until(() -> BoardReplica.of(ownerEvents.messages).wholeBoards == 1);
        int ownerSeen = ownerEvents.messages.size();
        int supervisorSeen = supervisorEvents.messages.size();

        write(customer, "Anyone there?");
        await().atMost(WAIT).until(() -> {
            BoardReplica seen = BoardReplica.of(ownerEvents.messages);
            return seen.overall.path("waiting").asInt() == 1 && seen.conversations.containsKey(conversation);
        });
        assertTrue(ownerEvents.messages.stream().skip(ownerSeen).anyMatch(frame -> frame.contains("\"type\":\"board-patch\"")),
                "a change after the first board comes as a patch");
        JsonPath board = owner.request().get("/api/supervision/board").then().statusCode(200).extract().jsonPath();
        assertEquals(1, board.getInt("overall.waiting"));
        assertEquals(routingState().getString("queuedAt"), board.getString("overall.longestWaitSince"));
        assertEquals("first_response", board.getString("conversations[0].responseClock.kind"));
        await().atMost(WAIT).until(() -> owner.request().get("/api/supervision/board").then().extract().jsonPath().getInt("overall.agentsAway") == 3);
        owner.request().get("/api/supervision/board").then().statusCode(200)
                .body("overall.agentsAvailable", equalTo(0)).body("overall.agentsOffline", equalTo(0))
                .body("agents.find { it.deviceId == '" + agent.id() + "' }.presence", equalTo("away"))
                .body("agents.find { it.deviceId == '" + agent.id() + "' }.connections", equalTo(1));
        assertTrue(supervisorEvents.messages.stream().skip(supervisorSeen).filter(BoardReplica::isBoardFrame)
                .noneMatch(frame -> frame.contains(conversation)), "a conversation without a team is outside the scoped supervisor's board");
        // Each subscriber's push is its own send: the supervisor's may land after the owner's.
        await("the scoped supervisor hears their own board").atMost(WAIT)
                .until(() -> supervisorEvents.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"board\"")));
        assertTrue(agentEvents.messages.stream().noneMatch(BoardReplica::isBoardFrame), "agents never hear the board");
        assertTrue(boardFrames(ownerInbox).isEmpty(), "a connection that did not subscribe (the owner's inbox tab) hears no board");

        ownerEvents.send("{\"type\":\"unsubscribe\",\"to\":\"board\"}");
        EventClient stillWatching = watchingTheBoard(owner);
        Thread.sleep(2 * BoardPushes.INTERVAL_MS);
        int afterUnsubscribe = boardFrames(ownerEvents).size();
        int watched = boardFrames(stillWatching).size();
        agentEvents.close();
        ownerInbox.close();
        Thread.sleep(2 * BoardPushes.INTERVAL_MS);
        agent.request().contentType("application/json").body(Map.of("status", "available")).put("/api/agents/me/status").then().statusCode(200);
        await().atMost(WAIT).until(() -> boardFrames(stillWatching).size() > watched); // other connections closing ended no subscription
        Thread.sleep(BoardPushes.INTERVAL_MS);
        assertEquals(afterUnsubscribe, boardFrames(ownerEvents).size(), "no board after unsubscribing");
    }

    @Test
    void boardFramesAreCoalescedAndTheLastOneIsCurrent() throws Exception {
        EventClient ownerEvents = watchingTheBoard(owner);
        online(agent);
        Thread.sleep(600);
        int before = boardFrames(ownerEvents).size();
        // The twenty changes end on the other status than the board shows now: a push that finds the board as it was sends
        // nothing (§15.3), so only a different end guarantees a frame.
        String initial = BoardReplica.of(ownerEvents.messages).agents.get(agent.id()).path("status").asText();
        String last = "available".equals(initial) ? "away" : "available";
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            agent.request().contentType("application/json").body(Map.of("status", i % 2 == 1 ? last : initial))
                    .put("/api/agents/me/status").then().statusCode(200);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(600);
        List<String> frames = boardFrames(ownerEvents).subList(before, boardFrames(ownerEvents).size());
        assertTrue(!frames.isEmpty() && frames.size() <= elapsedMs / BoardPushes.INTERVAL_MS + 2,
                frames.size() + " board frames for 20 changes in " + elapsedMs + " ms");
        assertEquals(last, BoardReplica.of(ownerEvents.messages).agents.get(agent.id()).path("status").asText(),
                "the last frame shows the last change");
    }

    @Test
    void patchesBuildTheBoardAndAScopedSupervisorsNeverCarryAnotherTeam() throws Exception {
        List<String> topics = owner.request().contentType("application/json")
                .body(Map.of("topics", List.of(Map.of("label", "Invoices", "teamId", teamA, "priority", 0),
                        Map.of("label", "Refunds", "teamId", teamB, "priority", 0))))
                .put("/api/teams/topics").then().statusCode(200).extract().path("id");
        TestDevice other = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(other, "+351912345679", verifier).then().statusCode(204);
        String returns = other.request().get("/api/customers/me").then().extract().path("conversationId");
        for (TestDevice device : List.of(owner, supervisor)) {
            device.request().contentType("application/json").body(Map.of("status", "away")).put("/api/agents/me/status").then().statusCode(200);
        }
        EventClient ownerBoard = watchingTheBoard(owner);
        EventClient supervisorBoard = watchingTheBoard(supervisor);
        customer.request().contentType("application/json").body(Map.of("topicId", topics.get(0)))
                .post("/api/conversations/" + conversation + "/topic").then().statusCode(204);
        other.request().contentType("application/json").body(Map.of("topicId", topics.get(1)))
                .post("/api/conversations/" + returns + "/topic").then().statusCode(204);
        write(customer, "My invoice is wrong");
        try (SwitchboardClient client = Clients.of(other, clock)) {
            client.sendText(returns, "I want my money back");
        }
        await().atMost(WAIT).until(() -> BoardReplica.of(ownerBoard.messages).conversations.keySet().containsAll(List.of(conversation, returns)));
        for (String id : List.of(conversation, returns)) {
            owner.request().contentType("application/json").body(Map.of("deviceId", agent.id()))
                    .post("/api/conversations/" + id + "/assign").then().statusCode(200);
        }
        owner.request().contentType("application/json").body(Map.of()).post("/api/conversations/" + returns + "/resolve").then().statusCode(200);
        // Team A's conversation moves to team B: it leaves the scoped supervisor's board.
        owner.request().contentType("application/json").body(Map.of("teamId", teamB))
                .post("/api/conversations/" + conversation + "/transfer").then().statusCode(200);

        await("the owner's patches add up to the owner's board").atMost(WAIT).until(() ->
                BoardReplica.of(ownerBoard.messages).sameAs(owner.request().get("/api/supervision/board").then().extract().asString()));
        await("the supervisor's patches add up to the supervisor's board").atMost(WAIT).until(() ->
                BoardReplica.of(supervisorBoard.messages).sameAs(supervisor.request().get("/api/supervision/board").then().extract().asString()));
        BoardReplica owners = BoardReplica.of(ownerBoard.messages);
        BoardReplica supervisors = BoardReplica.of(supervisorBoard.messages);
        assertEquals(1, owners.wholeBoards, "one whole board, when subscribing");
        assertTrue(owners.patches > 0 && supervisors.patches > 0, "then patches");
        assertFalse(supervisors.conversations.containsKey(conversation), "a conversation moved to team B is removed from team A's board");
        assertTrue(boardFrames(supervisorBoard).stream().noneMatch(frame -> frame.contains(returns)), "team B's conversation never reached A's supervisor");
        for (String frame : boardFrames(supervisorBoard)) {
            JsonPath read = new JsonPath(frame);
            List<String> teams = read.getList(frame.contains("\"board-patch\"") ? "conversations.teamId" : "board.conversations.teamId");
            assertTrue(teams == null || teams.stream().allMatch(teamA::equals), "only team A's rows: " + frame);
        }

        // A client that missed a version subscribes again and gets the whole board, newer than anything it had.
        long version = supervisors.version;
        supervisorBoard.send("{\"type\":\"subscribe\",\"to\":\"board\"}");
        await().atMost(WAIT).until(() -> BoardReplica.of(supervisorBoard.messages).wholeBoards == 2);
        assertTrue(BoardReplica.of(supervisorBoard.messages).version > version);
    }

    @Test
    void aSupervisorMovedToAnotherTeamGetsThatTeamsWholeBoardNotAPatch() throws Exception {
        EventClient supervisorBoard = watchingTheBoard(supervisor);
        await().atMost(WAIT).until(() -> BoardReplica.of(supervisorBoard.messages).wholeBoards == 1);
        owner.request().contentType("application/json").body(Map.of("capacity", 5, "teamIds", List.of(teamB)))
                .put("/api/agents/" + supervisor.id()).then().statusCode(200);
        await().atMost(WAIT).until(() -> BoardReplica.of(supervisorBoard.messages).wholeBoards == 2);
        List<String> frames = boardFrames(supervisorBoard);
        String first = frames.get(0);
        String moved = frames.stream().filter(frame -> frame.contains("\"type\":\"board\"")).skip(1).findFirst().orElseThrow();
        assertTrue(first.contains(teamA) && !first.contains(teamB), first);
        assertTrue(moved.contains(teamB) && !moved.contains(teamA), "the new scope's whole board, nothing of the old: " + moved);
        assertTrue(frames.subList(0, frames.indexOf(moved)).stream().noneMatch(frame -> frame.contains(teamB)),
                "no patch carried the new team before the whole board");
    }

    private static List<String> boardFrames(EventClient events) {
        return events.messages.stream().filter(BoardReplica::isBoardFrame).toList();
    }

    private JsonPath routingState() {
        return owner.request().get("/api/conversations/" + conversation + "/routing").then().statusCode(200).extract().jsonPath();
    }
}
