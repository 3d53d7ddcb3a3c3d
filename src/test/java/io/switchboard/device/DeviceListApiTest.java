package io.switchboard.device;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.Labels;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeviceListApiTest extends ApiTest {

    @Test
    void thePrimaryLogsADeviceOutAndItsSessionAndSocketDieAtOnce() throws Exception {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        EventClient agentEvents = EventClient.open(agent);
        EventClient primaryEvents = EventClient.open(primary);

        primary.request().body(accounts.without(primary, agent.id()).toJson()).put("/api/devices/list")
                .then().statusCode(200).body("list.version", equalTo(3));

        assertEquals(4001, agentEvents.closed.get(5, TimeUnit.SECONDS));
        assertTrue(agentEvents.messages.stream().anyMatch(m -> m.contains("\"logged-out\"") && m.contains("\"removed\"")));
        await().atMost(Duration.ofSeconds(5)).until(() -> primaryEvents.messages.stream().anyMatch(m -> m.contains("\"device-list\"")));
        agent.request().get("/api/devices").then().statusCode(401)
                .body("code", equalTo("device_removed")).body("details.reason", equalTo("removed"));
        agent.request().get("/api/devices").then().statusCode(401).body("code", equalTo("device_removed"));
        agent.request().body(java.util.Map.of("deviceId", agent.id())).post("/api/auth/challenge").then().statusCode(401)
                .body("code", equalTo("device_removed")).body("details.reason", equalTo("removed"));
        primary.request().get("/api/devices").then().body("devices", hasSize(1));
        primary.request().get("/api/audit").then().body("action", hasItem("device.removed"));
        primaryEvents.close();
    }

    @Test
    void aRemovedDevicesSignatureOpensNothing() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        primary.request().body(accounts.without(primary, agent.id()).toJson()).put("/api/devices/list").then().statusCode(200);

        agent.request().body(Map.of("deviceId", agent.id())).post("/api/auth/challenge")
                .then().statusCode(401).body("code", equalTo("device_removed"));
        assertEquals(0, data.count("device_session where device_id = '" + agent.id() + "' and expires_at > '" + clock.instant() + "'"),
                "every session of the removed device has ended");
    }

    @Test
    void aListSignedByACompanionIsRefused() {
        TestDevice primary = primary();
        TestDevice admin = TestDevice.create("Bruno");
        accounts.linkByQr(primary, admin, "admin");
        SignedDeviceList honest = accounts.without(primary, admin.id());
        SignedDeviceList forged = new SignedDeviceList(honest.list(),
                B64u.encode(admin.keys.sign(Labels.DEVICE_LIST, honest.list().canonicalBytes())), honest.deviceSignatures());
        String before = data.snapshot();

        admin.request().body(forged.toJson()).put("/api/devices/list").then().statusCode(403).body("code", equalTo("primary_required"));
        primary.request().body(forged.toJson()).put("/api/devices/list").then().statusCode(400)
                .body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("bad-signature"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aStaleListIsRefused() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        SignedDeviceList basedOnVersionOne = accounts.successor(primary, accounts.currentList(primary).list().devices(), Map.of());
        accounts.linkByQr(primary, agent, "agent");
        String before = data.snapshot();

        primary.request().body(basedOnVersionOne.toJson()).put("/api/devices/list").then().statusCode(400)
                .body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("stale-version"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aListThatSkipsAVersionIsRefused() {
        TestDevice primary = primary();
        SignedDeviceList next = accounts.successor(primary, accounts.currentList(primary).list().devices(), Map.of());
        DeviceList skipping = DeviceList.of(next.list().account(), 5, next.list().issuedAt(), next.list().expiresAt(), next.list().devices());
        primary.request().body(io.switchboard.protocol.DeviceLists.sign(skipping, primary.keys, Map.of()).toJson())
                .put("/api/devices/list").then().statusCode(409).body("code", equalTo("device_list_stale")).body("details.currentVersion", equalTo(1));
    }

    @Test
    void anExpiredListIsRefused() {
        TestDevice primary = primary();
        SignedDeviceList next = accounts.successor(primary, accounts.currentList(primary).list().devices(), Map.of());
        DeviceList expired = DeviceList.of(next.list().account(), next.list().version(), accounts.now() - 7200, accounts.now() - 3600,
                next.list().devices());
        primary.request().body(io.switchboard.protocol.DeviceLists.sign(expired, primary.keys, Map.of()).toJson())
                .put("/api/devices/list").then().statusCode(400).body("details.reason", equalTo("expired"));
    }

    @Test
    void aListMayNotAddOrChangeDevices() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        SignedDeviceList current = accounts.currentList(primary);
        var renamed = current.list().devices().stream()
                .map(e -> e.primary() ? e : new DeviceEntry(e.id(), false, e.role(), "Someone else", e.label(), e.signingKey(), e.agreementKey()))
                .toList();
        var member = current.list().devices().stream()
                .map(e -> e.primary() ? e : new DeviceEntry(e.id(), false, "member", e.person(), e.label(), e.signingKey(), e.agreementKey()))
                .toList();
        String before = data.snapshot();
        for (var entries : List.of(renamed, member)) {
            primary.request().body(accounts.successor(primary, entries, current.deviceSignatures()).toJson()).put("/api/devices/list")
                    .then().statusCode(409).body("code", equalTo("device_list_mismatch"));
        }
        assertEquals(before, data.snapshot());
    }

    @Test
    void thePrimaryChangesACompanionsRoleWithoutRelinking() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        agent.request().get("/api/audit").then().statusCode(403);
        SignedDeviceList current = accounts.currentList(primary);
        var promoted = current.list().devices().stream()
                .map(e -> e.primary() ? e : new DeviceEntry(e.id(), false, "admin", e.person(), e.label(), e.signingKey(), e.agreementKey()))
                .toList();

        primary.request().body(accounts.successor(primary, promoted, current.deviceSignatures()).toJson()).put("/api/devices/list")
                .then().statusCode(200).body("list.devices.find { it.id == '" + agent.id() + "' }.role", equalTo("admin"));

        agent.request().get("/api/audit").then().statusCode(200);
        agent.request().get("/api/devices").then().statusCode(200).body("myRole", equalTo("admin"));
        primary.request().get("/api/audit").then().body("find { it.action == 'device-list.signed' }.details.roles." + agent.id(), equalTo("admin"));
        primary.request().get("/api/audit?action=role.changed").then()
                .body("find { it.subjectDeviceId == '" + agent.id() + "' }.details.role", equalTo("admin"));
    }

    @Test
    void onlyThePrimaryChangesRoles() {
        TestDevice primary = primary();
        TestDevice admin = TestDevice.create("Carla");
        accounts.linkByQr(primary, admin, "admin");
        SignedDeviceList current = accounts.currentList(primary);
        admin.request().body(current.toJson()).put("/api/devices/list").then().statusCode(403);
    }

    @Test
    void aCompanionLogsItselfOutAndThePrimaryDropsItFromTheList() throws Exception {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        EventClient primaryEvents = EventClient.open(primary);

        agent.request().delete("/api/devices/me").then().statusCode(204);

        agent.request().get("/api/devices").then().statusCode(401);
        agent.request().body(Map.of("deviceId", agent.id())).post("/api/auth/challenge").then().statusCode(401)
                .body("code", equalTo("device_removed")).body("details.reason", equalTo("self"));
        primary.request().get("/api/devices").then().statusCode(200)
                .body("devices.find { it.id == '" + agent.id() + "' }.status", equalTo("logged-out"))
                .body("devices.find { it.id == '" + agent.id() + "' }.removalReason", equalTo("self"));
        primary.request().get("/api/audit").then().body("find { it.action == 'device.removed' }.actorDeviceId", equalTo(agent.id()));
        primary.request().body(accounts.without(primary, agent.id()).toJson()).put("/api/devices/list").then().statusCode(200);
        primary.request().delete("/api/devices/me").then().statusCode(409).body("code", equalTo("primary_cannot_log_out"));
        primaryEvents.close();
    }

    @Test
    void anUnsignedOrMalformedListIsRefused() {
        TestDevice primary = primary();
        primary.request().body("{\"list\": {}, \"signature\": \"\", \"deviceSignatures\": {}}").put("/api/devices/list")
                .then().statusCode(400).body("code", equalTo("malformed_json"));
        primary.request().body("{\"list\": " + accounts.currentList(primary).list().toJson() + ", \"deviceSignatures\": {}}")
                .put("/api/devices/list").then().statusCode(400);
    }

    @Test
    void theEventSocketRequiresASessionAndTheRightOrigin() throws Exception {
        TestDevice primary = primary();
        assertRefused(EventClient.connect(null, TestDevice.ORIGIN));
        assertRefused(EventClient.connect(primary.session(), "https://evil.example"));
        assertRefused(EventClient.connect("forged-session", TestDevice.ORIGIN));

        EventClient events = EventClient.open(primary);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.messages.stream().anyMatch(m -> m.contains("\"hello\"")));
        events.close();
    }

    private static void assertRefused(java.util.concurrent.CompletableFuture<EventClient> connection) {
        try {
            connection.get(5, TimeUnit.SECONDS);
        } catch (Exception refused) {
            return;
        }
        throw new AssertionError("the handshake should have been refused");
    }
}
