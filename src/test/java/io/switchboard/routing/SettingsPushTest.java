package io.switchboard.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Open pages hear which settings list changed, so a new canned reply reaches an open inbox without a reload. */
@QuarkusTest
class SettingsPushTest extends ConversationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void businessDevicesHearWhichListChangedAndCustomersDoNot() throws Exception {
        EventClient agentEvents = EventClient.open(agent);
        EventClient customerEvents = EventClient.open(customer);
        try {
            owner.request().contentType("application/json").body(Map.of("text", "Thanks for waiting!"))
                    .put("/api/canned-replies/thanks").then().statusCode(200);
            await().atMost(WAIT).until(() -> heard(agentEvents, "canned-replies"));

            String team = owner.request().contentType("application/json")
                    .body(Map.of("name", "Sales", "policy", "manual", "sticky", false, "stickyForSeconds", 0))
                    .post("/api/teams").then().statusCode(201).extract().path("id");
            await().atMost(WAIT).until(() -> heard(agentEvents, "teams"));

            owner.request().contentType("application/json").body(Map.of("topics", List.of(Map.of("label", "Orders", "teamId", team, "priority", 0))))
                    .put("/api/teams/topics").then().statusCode(200);
            await().atMost(WAIT).until(() -> heard(agentEvents, "topics"));

            owner.request().delete("/api/canned-replies/thanks").then().statusCode(204);
            await().atMost(WAIT).until(() -> agentEvents.messages.stream().filter(frame -> frame.contains("\"changed\":\"canned-replies\"")).count() == 2);
            assertTrue(customerEvents.messages.stream().noneMatch(frame -> frame.contains("\"type\":\"settings\"")), "customers are not told");
        } finally {
            agentEvents.close();
            customerEvents.close();
        }
    }

    @Test
    void aRejectedChangeIsNotAnnounced() throws Exception {
        EventClient agentEvents = EventClient.open(agent);
        try {
            owner.request().delete("/api/canned-replies/nothing").then().statusCode(404);
            agent.request().contentType("application/json").body(Map.of("text", "Hi")).put("/api/canned-replies/hi").then().statusCode(403);
            owner.request().contentType("application/json").body(Map.of("text", "Marker")).put("/api/canned-replies/marker").then().statusCode(200);
            await().atMost(WAIT).until(() -> heard(agentEvents, "canned-replies"));
            assertTrue(agentEvents.messages.stream().filter(frame -> frame.contains("\"type\":\"settings\"")).count() == 1,
                    "only the change that committed is announced: " + agentEvents.messages);
        } finally {
            agentEvents.close();
        }
    }

    private static boolean heard(EventClient events, String list) {
        return events.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"settings\"") && frame.contains("\"changed\":\"" + list + "\""));
    }
}
