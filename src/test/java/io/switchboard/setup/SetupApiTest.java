package io.switchboard.setup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.Labels;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SetupApiTest extends ApiTest {

    @Test
    void setupMakesTheBrowserThePrimaryAndSignsItIn() {
        TestDevice primary = TestDevice.create("Ana Owner");
        given().get("/api/account").then().statusCode(200).body("setUp", is(false));

        accounts.setUp(setupService.issueSetupLink(), primary).then().statusCode(204)
                .cookie("sb_session", org.hamcrest.Matchers.notNullValue());

        given().get("/api/account").then().body("setUp", is(true)).body("businessNumber", equalTo(Accounts.NUMBER));
        primary.request().get("/api/devices").then().statusCode(200)
                .body("myDeviceId", equalTo(primary.id()))
                .body("iAmPrimary", is(true))
                .body("devices[0].role", equalTo("owner"))
                .body("deviceList.list.version", equalTo(1));
        assertEquals(1, data.count("audit_event where action = 'account.setup'"));
    }

    @Test
    void theSetupLinkWorksOnlyOnce() {
        String link = setupService.issueSetupLink();
        accounts.setUp(link, TestDevice.create("Ana")).then().statusCode(204);
        String before = data.snapshot();

        accounts.setUp(link, TestDevice.create("Mallory")).then().statusCode(410).body("code", equalTo("setup_token_used"));

        assertEquals(before, data.snapshot());
    }

    @Test
    void anUnknownTokenIsRefused() {
        setupService.issueSetupLink();
        String before = data.snapshot();
        accounts.setUp(TestDevice.ORIGIN + "/setup#token=not-a-real-token", TestDevice.create("Mallory"))
                .then().statusCode(403).body("code", equalTo("setup_token_invalid")).body("message", org.hamcrest.Matchers.notNullValue());
        assertEquals(before, data.snapshot());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String link = setupService.issueSetupLink();
        clock.advance(Duration.ofHours(25));
        String before = data.snapshot();
        accounts.setUp(link, TestDevice.create("Ana")).then().statusCode(410).body("code", equalTo("setup_token_expired"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void everyNodesLinkWorksUntilTheAccountIsSetUpThenNoneDoes() {
        String first = setupService.issueSetupLink();
        String second = setupService.issueSetupLink();
        accounts.setUp(second, TestDevice.create("Ana")).then().statusCode(204);
        accounts.setUp(first, TestDevice.create("Mallory")).then().statusCode(403).body("code", equalTo("setup_token_invalid"));
        assertEquals(1, data.count("setup_token"));
    }

    @Test
    void anInvalidBusinessNumberIsRefused() {
        TestDevice primary = TestDevice.create("Ana");
        Map<String, Object> body = new java.util.HashMap<>(Accounts.setupBody(Accounts.token(setupService.issueSetupLink()), primary,
                DeviceLists.sign(accounts.firstList(primary), primary.keys, Map.of())));
        body.put("businessNumber", "0151 123");
        String before = data.snapshot();
        primary.request().body(body).post("/api/account/setup").then().statusCode(400).body("code", equalTo("business_number_invalid"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aListSignedByAnotherKeyIsRefused() {
        TestDevice primary = TestDevice.create("Ana");
        TestDevice forger = TestDevice.create("Mallory");
        DeviceList list = accounts.firstList(primary);
        SignedDeviceList forged = new SignedDeviceList(list,
                B64u.encode(forger.keys.sign(Labels.DEVICE_LIST, list.canonicalBytes())), Map.of());
        String token = Accounts.token(setupService.issueSetupLink());
        String before = data.snapshot();
        primary.request().body(Accounts.setupBody(token, primary, forged))
                .post("/api/account/setup").then().statusCode(400)
                .body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("bad-signature"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aFirstListWithMoreThanThePrimaryIsRefused() {
        TestDevice primary = TestDevice.create("Ana");
        TestDevice other = TestDevice.create("Bruno");
        DeviceList list = DeviceList.of(Accounts.NUMBER, 1, accounts.now(), accounts.now() + 86400,
                List.of(DeviceEntry.of(primary.keys.signingKey(), primary.keys.agreementKey(), true, "owner", "Ana", "Test client"),
                        DeviceEntry.of(other.keys.signingKey(), other.keys.agreementKey(), false, "agent", "Bruno", "Test client"))
                        .stream().sorted(java.util.Comparator.comparing(DeviceEntry::id)).toList());
        primary.request().body(Accounts.setupBody(Accounts.token(setupService.issueSetupLink()), primary,
                        DeviceLists.sign(list, primary.keys, Map.of())))
                .post("/api/account/setup").then().statusCode(400).body("code", equalTo("device_list_invalid"));
        assertEquals(0, data.count("account"));
    }
}
