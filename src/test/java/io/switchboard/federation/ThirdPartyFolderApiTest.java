package io.switchboard.federation;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The third-party folder setting: every business device reads it, only the owner and admins change it, open pages hear it. */
@QuarkusTest
class ThirdPartyFolderApiTest extends ConversationTest {

    private static final String CHANGED = "\"changed\":\"third-party-folder\"";

    @Test
    void theOwnerMovesThirdPartyChatsToTheirOwnSectionAndEveryBusinessDeviceHearsIt() throws Exception {
        agent.request().get("/api/federation/folder").then().statusCode(200).body("folder", equalTo("main"));
        EventClient agentEvents = EventClient.open(agent);
        EventClient customerEvents = EventClient.open(customer);
        try {
            owner.request().contentType("application/json").body(Map.of("folder", "separate"))
                    .put("/api/federation/folder").then().statusCode(200).body("folder", equalTo("separate"));

            agent.request().get("/api/federation/folder").then().statusCode(200).body("folder", equalTo("separate"));
            await().atMost(Duration.ofSeconds(10)).until(() -> agentEvents.messages.stream().anyMatch(frame -> frame.contains(CHANGED)));
            assertTrue(customerEvents.messages.stream().noneMatch(frame -> frame.contains(CHANGED)), "customers are not told");
            assertEquals(1L, data.count("audit_event where action = 'third-party-settings.changed' and actor_device_id = '" + owner.id()
                    + "' and details = '{\"folder\":\"separate\"}'"));

            owner.request().contentType("application/json").body(Map.of("folder", "separate"))
                    .put("/api/federation/folder").then().statusCode(200);
            assertEquals(1L, data.count("audit_event where action = 'third-party-settings.changed'"), "setting the same again changes nothing");
            owner.request().contentType("application/json").body(Map.of("folder", "main"))
                    .put("/api/federation/folder").then().statusCode(200).body("folder", equalTo("main"));
            await().atMost(Duration.ofSeconds(10)).until(() -> agentEvents.messages.stream().filter(frame -> frame.contains(CHANGED)).count() == 2);
        } finally {
            agentEvents.close();
            customerEvents.close();
        }
    }

    @Test
    void addingTurningOffAndRemovingAPeerIsAudited() {
        Map<String, Object> peer = Map.of("address", "https://a.test:8443", "trustPem", new TestCa("Peer a.test CA").certificatePem(), "enabled", true);
        owner.request().contentType("application/json").body(peer).put("/api/federation/peers/a.test").then().statusCode(200);
        agent.request().contentType("application/json").body(peer).put("/api/federation/peers/a.test").then().statusCode(403);
        owner.request().delete("/api/federation/peers/a.test").then().statusCode(204);

        assertEquals(1L, data.count("audit_event where action = 'third-party-settings.changed' and actor_device_id = '" + owner.id()
                + "' and details::jsonb = '{\"peer\":\"a.test\",\"enabled\":true}'::jsonb"));
        assertEquals(1L, data.count("audit_event where action = 'third-party-settings.changed' and details::jsonb = '{\"peer\":\"a.test\",\"removed\":true}'::jsonb"));
        assertEquals(2L, data.count("audit_event where action = 'third-party-settings.changed'"));
    }

    @Test
    void anAgentCannotChangeItAndBadInputGetsTheOneErrorShape() {
        agent.request().contentType("application/json").body(Map.of("folder", "separate"))
                .put("/api/federation/folder").then().statusCode(403).body("code", equalTo("role_required"));
        owner.request().contentType("application/json").body(Map.of("folder", "sideways"))
                .put("/api/federation/folder").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("details.fields", org.hamcrest.Matchers.hasKey("folder"));
        owner.request().contentType("application/json").body("{}")
                .put("/api/federation/folder").then().statusCode(400).body("code", equalTo("validation_failed"));
        owner.request().contentType("application/json").body("{\"folder\":")
                .put("/api/federation/folder").then().statusCode(400).body("code", equalTo("malformed_json"));
        customer.request().get("/api/federation/folder").then().statusCode(403);

        owner.request().get("/api/federation/folder").then().statusCode(200).body("folder", equalTo("main"));
        assertEquals(0L, data.count("audit_event where action = 'third-party-settings.changed'"));
        assertEquals(0L, data.count("federation_folder"));
    }
}
