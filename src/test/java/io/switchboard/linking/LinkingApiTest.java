package io.switchboard.linking;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.LinkProof;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.TestDevice;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LinkingApiTest extends ApiTest {

    @Test
    void aBrowserIsLinkedByQr() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno Agent");

        accounts.linkByQr(primary, agent, "agent");

        agent.request().get("/api/devices").then().statusCode(200)
                .body("myDeviceId", equalTo(agent.id())).body("myRole", equalTo("agent"))
                .body("deviceList.list.version", equalTo(2))
                .body("deviceList.deviceSignatures." + agent.id(), org.hamcrest.Matchers.notNullValue());
        primary.request().get("/api/devices").then().body("devices", hasSize(2));
        assertEquals(1, data.count("audit_event where action = 'link.approved'"));
        assertEquals(1, data.count("audit_event where action = 'link.completed'"));
    }

    @Test
    void aBrowserIsLinkedByPairingCode() {
        TestDevice primary = primary();
        TestDevice supervisor = TestDevice.create("Carla Supervisor");

        accounts.linkByCode(primary, supervisor, "supervisor");

        supervisor.request().get("/api/devices").then().statusCode(200).body("myRole", equalTo("supervisor"));
    }

    @Test
    void aWrongPairingCodeFailsTheConfirmationAndAttemptsAreLimited() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.CodeLink link = accounts.openCode(agent);
        String wrongCode = link.code().startsWith("A") ? "B" + link.code().substring(1) : "A" + link.code().substring(1);

        for (int attempt = 1; attempt <= 5; attempt++) {
            Accounts.PrimaryPairing pairing = accounts.answer(primary, link, wrongCode);
            pairing.response().then().statusCode(200).body("pakeAttempts", equalTo(attempt));
            accounts.confirm(agent, link, pairing.pake2());
            assertFalse(accounts.primaryAcceptsConfirm(primary, agent, link, pairing), "a wrong code must not confirm");
        }
        accounts.answer(primary, link, link.code()).response().then().statusCode(429).body("code", equalTo("pairing_attempts_exceeded"));
        agent.request().get("/api/link/requests/" + link.ref() + "/status").then().body("status", equalTo("refused"));
        assertEquals(0, data.count("device where not is_primary"));
    }

    @Test
    void theOwnerRefusesAndTheWaitingBrowserLearnsWhyAtOnce() {
        TestDevice primary = primary();
        TestDevice declined = TestDevice.create("Bruno");
        Accounts.CodeLink first = accounts.openCode(declined);
        primary.request().post("/api/link/requests/" + first.ref() + "/refuse").then().statusCode(204);
        declined.request().get("/api/link/requests/" + first.ref() + "/status").then()
                .body("status", equalTo("refused")).body("refusalReason", equalTo("The owner declined this device."));

        TestDevice outOfTries = TestDevice.create("Carla");
        Accounts.CodeLink second = accounts.openCode(outOfTries);
        primary.request().body(Map.of("reason", "wrong-codes")).post("/api/link/requests/" + second.ref() + "/refuse").then().statusCode(204);
        outOfTries.request().get("/api/link/requests/" + second.ref() + "/status").then()
                .body("status", equalTo("refused")).body("refusalReason", equalTo("Too many wrong pairing codes."));
        primary.request().get("/api/audit").then().body("find { it.subjectDeviceId == '" + outOfTries.id() + "' }.details.reason",
                equalTo("pairing-attempts-exceeded"));
        primary.request().body(Map.of("reason", "bored")).post("/api/link/requests/" + second.ref() + "/refuse").then().statusCode(400);
    }

    @Test
    void approvalWithoutPairingConfirmationIsRefused() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.CodeLink link = accounts.openCode(agent);
        Accounts.PrimaryPairing pairing = accounts.answer(primary, link, link.code());
        String before = data.snapshot();
        primary.request().body(accounts.approval(primary, agent, link.ref(), pairing.linkKey(), "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(409).body("code", equalTo("pairing_unconfirmed"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aPairingRequestNeedsTheAccountsNumber() {
        primary();
        TestDevice agent = TestDevice.create("Bruno");
        Map<String, Object> body = new HashMap<>(accounts.qrRequest(agent));
        body.put("method", "code");
        body.put("account", "+4930123456789");
        body.put("salt", B64u.encode(new byte[32]));
        body.put("pake1", B64u.encode(new byte[48]));
        agent.request().body(body).post("/api/link/requests").then().statusCode(404).body("code", equalTo("account_not_found"));
        assertEquals(0, data.count("link_request"));
    }

    @Test
    void anExpiredReferenceIsRefused() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        clock.advance(Duration.ofMinutes(6));
        String before = data.snapshot();

        primary.request().body(accounts.approval(primary, agent, link.ref(), link.secret(), "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(410).body("code", equalTo("link_request_expired"));
        agent.request().get("/api/link/requests/" + link.ref() + "/status").then().statusCode(410);
        assertEquals(before, data.snapshot());
    }

    @Test
    void aUsedReferenceCannotBeCompletedAgain() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        primary.request().body(accounts.approval(primary, agent, link.ref(), link.secret(), "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        accounts.complete(agent, link.ref(), link.secret()).then().statusCode(204);
        String before = data.snapshot();

        agent.request().body(Map.of("deviceSignature", "AAAA", "challengeSignature", "AAAA"))
                .post("/api/link/requests/" + link.ref() + "/complete").then().statusCode(409).body("code", equalTo("link_request_not_approved"));
        primary.request().body(Map.of("role", "agent", "deviceList", accounts.currentList(primary).toJson(), "linkProof", "x".repeat(43)))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(409).body("code", equalTo("link_request_not_pending"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void anUnknownReferenceIs404() {
        TestDevice primary = primary();
        primary.request().get("/api/link/requests/nope").then().statusCode(404).body("code", equalTo("link_request_not_found"));
    }

    @Test
    void onlyThePrimaryApproves() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "admin");
        TestDevice newcomer = TestDevice.create("Dora");
        Accounts.QrLink link = accounts.openQr(newcomer);

        agent.request().get("/api/link/requests").then().statusCode(403).body("code", equalTo("primary_required"));
        agent.request().body(Map.of("role", "agent", "deviceList", accounts.currentList(agent).toJson(), "linkProof", "x".repeat(43)))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(403);
    }

    @Test
    void aListThatSwapsTheNewDevicesKeysIsRefused() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        TestDevice impostor = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        String before = data.snapshot();

        primary.request().body(accounts.approval(primary, impostor, link.ref(), link.secret(), "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(409).body("code", equalTo("device_list_mismatch"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void theCompanionRefusesAProofMadeWithoutItsSecret() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        byte[] relaysGuess = new byte[32];
        primary.request().body(accounts.approval(primary, agent, link.ref(), relaysGuess, "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);

        String proof = agent.request().get("/api/link/requests/" + link.ref() + "/status").then().extract().path("linkProof");
        assertFalse(LinkProof.verify(link.secret(), link.ref(), Accounts.NUMBER, agent.id(), agent.signingKey(), agent.agreementKey(),
                primary.signingKey(), 2, B64u.decode(proof)));
    }

    @Test
    void aForgedDeviceSignatureIsRefusedAtCompletion() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno");
        TestDevice other = TestDevice.create("Other");
        Accounts.QrLink link = accounts.openQr(agent);
        primary.request().body(accounts.approval(primary, agent, link.ref(), link.secret(), "agent"))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        String challenge = agent.request().get("/api/link/requests/" + link.ref() + "/status").then().extract().path("challenge");
        String forged = B64u.encode(io.switchboard.protocol.DeviceLists.deviceSignature(other.keys, Accounts.NUMBER,
                primary.keys.signingKey()));
        String before = data.snapshot();

        agent.request().body(Map.of("deviceSignature", forged, "challengeSignature", agent.signChallenge(challenge)))
                .post("/api/link/requests/" + link.ref() + "/complete").then().statusCode(400)
                .body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("bad-device-signature"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void aFifthCompanionIsRefusedClearly() {
        TestDevice primary = primary();
        for (int i = 1; i <= 4; i++) {
            accounts.linkByQr(primary, TestDevice.create("Agent " + i), "agent");
        }
        TestDevice fifth = TestDevice.create("Agent 5");
        fifth.request().body(accounts.qrRequest(fifth)).post("/api/link/requests").then().statusCode(409)
                .body("code", equalTo("companion_limit_reached")).body("details.limit", equalTo(4))
                .body("message", org.hamcrest.Matchers.containsString("4 linked devices"));
        assertEquals(0, data.count("link_request where device_id = '" + fifth.id() + "'"));
        primary.request().get("/api/audit").then().statusCode(200).body("action", hasItem("link.refused"));
    }

    @Test
    void linkRequestsAreRateLimitedPerAddress() {
        primary();
        for (int i = 0; i < 10; i++) {
            accounts.openQr(TestDevice.create("Agent " + i));
        }
        TestDevice eleventh = TestDevice.create("Agent 11");
        eleventh.request().body(accounts.qrRequest(eleventh)).post("/api/link/requests").then().statusCode(429)
                .body("code", equalTo("rate_limited"));
    }

    @Test
    void keysOfTheWrongSizeAreRefused() {
        primary();
        TestDevice agent = TestDevice.create("Bruno");
        Map<String, Object> body = new HashMap<>(accounts.qrRequest(agent));
        body.put("signingKey", B64u.encode(new byte[31]));
        agent.request().body(body).post("/api/link/requests").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("details.fields.signingKey", org.hamcrest.Matchers.notNullValue());
        assertEquals(0, data.count("link_request"));
    }
}
