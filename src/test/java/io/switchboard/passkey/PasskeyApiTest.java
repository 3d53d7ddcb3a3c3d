package io.switchboard.passkey;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.PasskeyApproval;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.SoftPasskey;
import io.switchboard.testing.TestDevice;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasskeyApiTest extends ApiTest {

    @Test
    void withoutAPasskeyListsAreAcceptedAsBeforeAndNothingIsRequired() {
        TestDevice primary = primary();
        primary.request().get("/api/passkeys").then().statusCode(200)
                .body("required", equalTo(false)).body("passkeys", hasSize(0));
        accounts.linkByQr(primary, TestDevice.create("Bruno"), "agent");
    }

    @Test
    void theOwnerRegistersAPasskeyWithUserVerification() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200).body("id", equalTo(passkey.id())).body("name", equalTo("Laptop"));

        primary.request().get("/api/passkeys").then().statusCode(200)
                .body("required", equalTo(true)).body("passkeys.id", equalTo(List.of(passkey.id())));
        primary.request().get("/api/audit").then().body("action", hasItem("passkey.added"));
    }

    @Test
    void aPasskeyThatDoesNotVerifyTheUserIsNotRegistered() {
        TestDevice primary = primary();
        SoftPasskey buttonOnly = SoftPasskey.forTests();
        buttonOnly.verifiesUser = false;
        register(primary, buttonOnly, "Key").then().statusCode(400).body("code", equalTo("passkey_registration_invalid"));
        assertEquals(0, data.count("passkey"));
    }

    @Test
    void anAttestationThatIsNotCborIsRefusedAndItsChallengeUsedUp() {
        TestDevice primary = primary();
        String challenge = primary.request().post("/api/passkeys/registrations").then().statusCode(200).extract().path("challenge");
        Map<String, Object> garbage = new HashMap<>(SoftPasskey.forTests().registration(challenge, "Key"));
        garbage.put("attestationObject", B64u.encode(new byte[] {(byte) 0xA3, 0x1D, 0x7F}));
        primary.request().body(garbage).post("/api/passkeys").then().statusCode(400).body("code", equalTo("passkey_registration_invalid"));
        primary.request().body(SoftPasskey.forTests().registration(challenge, "Key")).post("/api/passkeys").then().statusCode(400)
                .body("code", equalTo("passkey_registration_invalid"));
    }

    @Test
    void aPasskeyMadeForAnotherOriginIsNotRegistered() {
        TestDevice primary = primary();
        register(primary, new SoftPasskey("https://phish.example", "localhost"), "Key").then().statusCode(400)
                .body("code", equalTo("passkey_registration_invalid"));
        register(primary, new SoftPasskey(TestDevice.ORIGIN, "phish.example"), "Key").then().statusCode(400)
                .body("code", equalTo("passkey_registration_invalid"));
    }

    @Test
    void aLinkApprovedWithThePasskeyIsAccepted() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        Map<String, Object> approval = accounts.approval(primary, agent, link.ref(), link.secret(), "agent");

        approve(primary, passkey, "link", subject(approval)).then().statusCode(204);
        primary.request().body(approval).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        accounts.complete(agent, link.ref(), link.secret()).then().statusCode(204);
        assertEquals(1, data.count("passkey_challenge where consumed_at is not null"));
    }

    @Test
    void aLinkWithoutAnAssertionIsRefused() {
        TestDevice primary = primary();
        register(primary, SoftPasskey.forTests(), "Laptop").then().statusCode(200);
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        Map<String, Object> approval = accounts.approval(primary, agent, link.ref(), link.secret(), "agent");
        String before = data.snapshot();

        primary.request().body(approval).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(403)
                .body("code", equalTo("passkey_required"));
        assertEquals(before, data.snapshot());
    }

    @Test
    void anAssertionForAnotherChangeApprovesNothing() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        Map<String, Object> asAgent = accounts.approval(primary, agent, link.ref(), link.secret(), "agent");
        Map<String, Object> asAdmin = accounts.approval(primary, agent, link.ref(), link.secret(), "admin");
        approve(primary, passkey, "link", subject(asAgent)).then().statusCode(204);
        approve(primary, passkey, "list", subject(asAdmin)).then().statusCode(204);

        primary.request().body(asAdmin).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(403)
                .body("code", equalTo("passkey_required"));
        primary.request().body(asAgent).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
    }

    @Test
    void anAssertionOverAnotherChallengeIsRefused() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        TestDevice agent = TestDevice.create("Bruno");
        Accounts.QrLink link = accounts.openQr(agent);
        Map<String, Object> approval = accounts.approval(primary, agent, link.ref(), link.secret(), "agent");
        String issued = challenge(primary, "link", subject(approval));
        byte[] other = new byte[32];
        Map<String, Object> signedOther = new HashMap<>(passkey.assertion(B64u.encode(other)));
        signedOther.put("challenge", issued);

        primary.request().body(signedOther).post("/api/passkeys/assertions").then().statusCode(400)
                .body("code", equalTo("passkey_assertion_invalid"));
        primary.request().body(passkey.assertion(B64u.encode(other))).post("/api/passkeys/assertions").then().statusCode(400)
                .body("code", equalTo("passkey_assertion_invalid"));
        primary.request().body(approval).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(403)
                .body("code", equalTo("passkey_required"));
    }

    @Test
    void aReplayedAssertionIsRefusedAndAnApprovalIsSpentOnce() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(primary, agent, "agent");
        register(primary, passkey, "Laptop").then().statusCode(200);
        SignedDeviceList promoted = withRole(primary, agent, "supervisor");
        Map<String, Object> assertion = passkey.assertion(challenge(primary, "list", PasskeyApproval.listSubject(promoted.list())));
        primary.request().body(assertion).post("/api/passkeys/assertions").then().statusCode(204);

        primary.request().body(assertion).post("/api/passkeys/assertions").then().statusCode(400)
                .body("code", equalTo("passkey_assertion_invalid"));
        primary.request().body(promoted.toJson()).put("/api/devices/list").then().statusCode(200);
        assertEquals(0, data.count("passkey_challenge where approved_at is not null and consumed_at is null"));
    }

    @Test
    void anApprovalChallengeExpiresAndIsSweptByTheNextOne() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        String late = challenge(primary, "list", "x".repeat(43));
        clock.advance(java.time.Duration.ofMinutes(5));

        primary.request().body(passkey.assertion(late)).post("/api/passkeys/assertions").then().statusCode(400)
                .body("code", equalTo("passkey_assertion_invalid"));
        challenge(primary, "list", "y".repeat(43));
        assertEquals(0, data.count("passkey_challenge where challenge = '" + late + "'"));
    }

    @Test
    void aClonedAuthenticatorsOldCounterIsRefused() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        approve(primary, passkey, "list", "x".repeat(43)).then().statusCode(204);
        passkey.counter = 0;

        approve(primary, passkey, "list", "y".repeat(43)).then().statusCode(400).body("code", equalTo("passkey_assertion_invalid"));
    }

    @Test
    void anAssertionWithoutUserVerificationIsRefused() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        register(primary, passkey, "Laptop").then().statusCode(200);
        passkey.verifiesUser = false;
        approve(primary, passkey, "list", "x".repeat(43)).then().statusCode(400).body("code", equalTo("passkey_assertion_invalid"));
    }

    @Test
    void removingADeviceOrChangingARoleNeedsThePasskeyButDroppingALoggedOutOneDoesNot() {
        TestDevice primary = primary();
        SoftPasskey passkey = SoftPasskey.forTests();
        TestDevice agent = TestDevice.create("Bruno");
        TestDevice leaving = TestDevice.create("Carla");
        accounts.linkByQr(primary, agent, "agent");
        accounts.linkByQr(primary, leaving, "agent");
        register(primary, passkey, "Laptop").then().statusCode(200);

        SignedDeviceList promoted = withRole(primary, agent, "admin");
        primary.request().body(promoted.toJson()).put("/api/devices/list").then().statusCode(403).body("code", equalTo("passkey_required"));
        approve(primary, passkey, "list", PasskeyApproval.listSubject(promoted.list())).then().statusCode(204);
        primary.request().body(promoted.toJson()).put("/api/devices/list").then().statusCode(200);

        SignedDeviceList withoutAgent = accounts.without(primary, agent.id());
        primary.request().body(withoutAgent.toJson()).put("/api/devices/list").then().statusCode(403).body("code", equalTo("passkey_required"));
        approve(primary, passkey, "list", PasskeyApproval.listSubject(withoutAgent.list())).then().statusCode(204);
        primary.request().body(withoutAgent.toJson()).put("/api/devices/list").then().statusCode(200);

        leaving.request().delete("/api/devices/me").then().statusCode(204);
        primary.request().body(accounts.without(primary, leaving.id()).toJson()).put("/api/devices/list").then().statusCode(200);
        SignedDeviceList renewed = accounts.successor(primary, accounts.currentList(primary).list().devices(), Map.of());
        primary.request().body(renewed.toJson()).put("/api/devices/list").then().statusCode(200);
    }

    @Test
    void aFurtherPasskeyAndARemovalNeedAnExistingPasskey() {
        TestDevice primary = primary();
        SoftPasskey first = SoftPasskey.forTests();
        SoftPasskey second = SoftPasskey.forTests();
        register(primary, first, "Laptop").then().statusCode(200);

        register(primary, second, "Phone").then().statusCode(403).body("code", equalTo("passkey_required"));
        approve(primary, first, "passkey-add", second.id()).then().statusCode(204);
        register(primary, second, "Phone").then().statusCode(200);

        primary.request().delete("/api/passkeys/" + first.id()).then().statusCode(403).body("code", equalTo("passkey_required"));
        approve(primary, second, "passkey-removal", first.id()).then().statusCode(204);
        primary.request().delete("/api/passkeys/" + first.id()).then().statusCode(204);
        primary.request().get("/api/passkeys").then().body("passkeys.id", equalTo(List.of(second.id())));
        approve(primary, first, "list", "x".repeat(43)).then().statusCode(400).body("code", equalTo("passkey_assertion_invalid"));
    }

    @Test
    void onlyThePrimaryUsesPasskeys() {
        TestDevice primary = primary();
        TestDevice admin = TestDevice.create("Bruno");
        accounts.linkByQr(primary, admin, "admin");
        admin.request().post("/api/passkeys/registrations").then().statusCode(403).body("code", equalTo("primary_required"));
        admin.request().body(Map.of("change", "list", "subject", "x")).post("/api/passkeys/challenges").then().statusCode(403)
                .body("code", equalTo("primary_required"));
        primary.request().body(Map.of("change", "list", "subject", "x")).post("/api/passkeys/challenges").then().statusCode(409)
                .body("code", equalTo("passkey_not_registered"));
    }

    @Test
    void theChallengeCommitsToTheChangeAsTheProtocolSays() {
        TestDevice primary = primary();
        register(primary, SoftPasskey.forTests(), "Laptop").then().statusCode(200);
        Response answer = primary.request().body(Map.of("change", "list", "subject", "abc")).post("/api/passkeys/challenges");
        answer.then().statusCode(200).body("rpId", equalTo("localhost"));
        byte[] expected = PasskeyApproval.challenge(Accounts.NUMBER, PasskeyApproval.Change.LIST, "abc", answer.path("nonce"));
        assertEquals(B64u.encode(expected), answer.path("challenge"));
    }

    private Response register(TestDevice primary, SoftPasskey passkey, String name) {
        String challenge = primary.request().post("/api/passkeys/registrations").then().statusCode(200).extract().path("challenge");
        return primary.request().body(passkey.registration(challenge, name)).post("/api/passkeys");
    }

    private String challenge(TestDevice primary, String change, String subject) {
        return primary.request().body(Map.of("change", change, "subject", subject)).post("/api/passkeys/challenges")
                .then().statusCode(200).extract().path("challenge");
    }

    private Response approve(TestDevice primary, SoftPasskey passkey, String change, String subject) {
        return primary.request().body(passkey.assertion(challenge(primary, change, subject))).post("/api/passkeys/assertions");
    }

    private static String subject(Map<String, Object> linkApproval) {
        return PasskeyApproval.listSubject(DeviceLists.parse((com.fasterxml.jackson.databind.JsonNode) linkApproval.get("deviceList")).list());
    }

    private SignedDeviceList withRole(TestDevice primary, TestDevice companion, String role) {
        SignedDeviceList current = accounts.currentList(primary);
        List<DeviceEntry> entries = current.list().devices().stream()
                .map(e -> e.id().equals(companion.id())
                        ? new DeviceEntry(e.id(), false, role, e.person(), e.label(), e.signingKey(), e.agreementKey()) : e)
                .toList();
        return accounts.successor(primary, entries, current.deviceSignatures());
    }
}
