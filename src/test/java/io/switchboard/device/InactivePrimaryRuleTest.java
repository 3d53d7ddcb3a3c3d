package io.switchboard.device;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InactivePrimaryRuleTest extends ApiTest {

    @Inject
    InactivePrimaryRule rule;

    @Test
    void companionsKeepWorkingWhileThePrimaryIsAwayUpToTheLimit() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");

        clock.advance(Duration.ofDays(13));
        agent.signIn().then().statusCode(204);

        assertEquals(Set.of(), rule.apply());
        agent.request().get("/api/devices").then().statusCode(200);
    }

    @Test
    void afterFourteenDaysEveryCompanionIsLoggedOutAndToldWhy() throws Exception {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        TestDevice supervisor = TestDevice.create("Carla");
        accounts.linkByQr(primary, agent, "agent");
        accounts.linkByCode(primary, supervisor, "supervisor");
        clock.advance(Duration.ofDays(14).minusMinutes(1));
        agent.signIn().then().statusCode(204);
        EventClient agentEvents = EventClient.open(agent);

        clock.advance(Duration.ofMinutes(2));
        assertEquals(Set.of(agent.id(), supervisor.id()), rule.apply());

        assertEquals(4001, agentEvents.closed.get(5, TimeUnit.SECONDS));
        assertTrue(agentEvents.messages.stream().anyMatch(m -> m.contains("primary-inactive")));
        agent.request().body(java.util.Map.of("deviceId", agent.id())).post("/api/auth/challenge").then().statusCode(401)
                .body("code", equalTo("device_removed")).body("details.reason", equalTo("primary-inactive"));

        primary.signIn().then().statusCode(204);
        primary.request().get("/api/devices").then().statusCode(200)
                .body("devices.findAll { it.status == 'logged-out' }.removalReason", hasItem("primary-inactive"));
        primary.request().get("/api/audit").then().body("findAll { it.action == 'device.auto-logout' }.size()", equalTo(2));

        primary.request().body(accounts.without(primary, agent.id()).toJson()).put("/api/devices/list").then().statusCode(409)
                .body("code", equalTo("device_list_mismatch"));
        primary.request().body(accounts.without(primary, agent.id(), supervisor.id()).toJson()).put("/api/devices/list")
                .then().statusCode(200);
    }

    @Test
    void thePrimarysActivityResetsTheClock() {
        TestDevice primary = primary();
        accounts.linkByQr(primary, TestDevice.create("Bruno"), "agent");
        clock.advance(Duration.ofDays(10));
        primary.signIn().then().statusCode(204);
        clock.advance(Duration.ofDays(10));
        assertEquals(Set.of(), rule.apply());
    }
}
