package io.switchboard.recovery;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.Labels;
import io.switchboard.protocol.PasskeyApproval;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.RecoveryKey;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.Json;
import io.switchboard.testing.SoftPasskey;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Protocol §7.2–7.3: the recovery key, and a loud recovery with its veto window on the injected clock. */
@QuarkusTest
class RecoveryApiTest extends ApiTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PHONE = "+351912345678";
    private static final Duration VETO = Duration.ofHours(72);

    @Inject
    CapturingPhoneVerifier verifier;

    private RecoverySteps steps() {
        return new RecoverySteps(accounts);
    }

    /** What a new browser does with the typed recovery key: unwrap the authority key, sign a claim naming itself, send it. */
    private String startRecovery(TestDevice newBrowser, String typedKey) {
        return newBrowser.request().body(steps().claim(newBrowser, typedKey).toJson().toString()).post("/api/recovery/claims")
                .then().statusCode(200).body("status", equalTo("pending")).extract().path("id");
    }

    /** The new browser's takeover list: itself alone, the recovery key kept, the successor of the current list. */
    private Response complete(TestDevice newBrowser, String id, SignedDeviceList current) {
        DeviceList takeover = DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(),
                accounts.now() + Duration.ofDays(30).toSeconds(), List.of(RecoverySteps.entryOf(newBrowser))).withRecoveryKey(current.list().recoveryKey());
        return newBrowser.request().body(Map.of("deviceList", DeviceLists.sign(takeover, newBrowser.keys, Map.of()).toJson()))
                .post("/api/recovery/claims/" + id + "/complete");
    }

    @Test
    void theRecoveryKeyUnwrapsTheAuthorityKeyTheListCommitsTo() {
        TestDevice primary = primary();
        TestDevice anyone = TestDevice.create("Nobody");
        anyone.request().get("/api/recovery").then().statusCode(200).body("enabled", equalTo(false)).body("wrappedKey", nullValue());

        String recoveryKey = steps().enableRecovery(primary);

        Map<String, Object> status = anyone.request().get("/api/recovery").then().statusCode(200).extract().as(Map.class);
        SignedDeviceList list = accounts.currentList(primary);
        assertEquals(status.get("authorityKey"), list.list().recoveryKey());
        byte[] seed = RecoveryKey.unwrap(RecoveryKey.parse(recoveryKey), Accounts.NUMBER, B64u.decode(list.list().recoveryKey()),
                B64u.decode((String) status.get("wrappedKey")));
        assertArrayEquals(B64u.decode(list.list().recoveryKey()), Primitives.ed25519PublicKey(seed));
        assertThrows(RuntimeException.class, () -> RecoveryKey.unwrap(RecoveryKey.generate(RANDOM), Accounts.NUMBER,
                B64u.decode(list.list().recoveryKey()), B64u.decode((String) status.get("wrappedKey"))));
    }

    @Test
    void everyOtherListChangeKeepsTheRecoveryKey() {
        TestDevice primary = primary();
        steps().enableRecovery(primary);
        SignedDeviceList current = accounts.currentList(primary);
        primary.request().body(steps().signNext(primary, current, null).toJson()).put("/api/devices/list")
                .then().statusCode(409).body("code", equalTo("device_list_mismatch"));
        primary.request().body(steps().signNext(primary, current, current.list().recoveryKey()).toJson()).put("/api/devices/list")
                .then().statusCode(200);
    }

    @Test
    void turningRecoveryOnMayChangeNothingButTheRecoveryKey() {
        TestDevice primary = primary();
        TestDevice companion = TestDevice.create("Bruno Agent");
        accounts.linkByQr(primary, companion, "agent");
        SignedDeviceList current = accounts.currentList(primary);
        byte[] seed = RecoveryKey.generateAuthoritySeed(RANDOM);
        DeviceList withoutCompanion = DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(),
                accounts.now() + 1000, List.of(current.list().primaryEntry().orElseThrow()))
                .withRecoveryKey(B64u.encode(Primitives.ed25519PublicKey(seed)));
        primary.request().body(Map.of("deviceList", DeviceLists.sign(withoutCompanion, primary.keys, Map.of()).toJson(),
                        "wrappedKey", B64u.encode(RecoveryKey.wrap(RecoveryKey.generate(RANDOM), Accounts.NUMBER, seed, RANDOM))))
                .put("/api/recovery").then().statusCode(409).body("code", equalTo("device_list_mismatch"));
        companion.request().body(Map.of("deviceList", steps().signNext(primary, current, B64u.encode(Primitives.ed25519PublicKey(seed))).toJson(),
                        "wrappedKey", "x")).put("/api/recovery").then().statusCode(403).body("code", equalTo("primary_required"));
    }

    @Test
    void aClaimNotSignedByTheCommittedAuthorityKeyIsRefused() {
        TestDevice primary = primary();
        steps().enableRecovery(primary);
        TestDevice thief = TestDevice.create("Thief");
        byte[] ownSeed = RecoveryKey.generateAuthoritySeed(RANDOM);
        RecoveryClaim forged = RecoveryClaim.of(Accounts.NUMBER, B64u.encode(Primitives.ed25519PublicKey(ownSeed)), primary.signingKey(),
                RecoverySteps.entryOf(thief), accounts.now());
        thief.request().body(forged.sign(ownSeed).toJson().toString()).post("/api/recovery/claims")
                .then().statusCode(400).body("code", equalTo("device_list_invalid")).body("details.reason", equalTo("bad-recovery-claim"));
        thief.request().get("/api/recovery").then().body("pending", nullValue());
    }

    @Test
    void aSurvivingAdminDeviceCancelsTheRecoveryDuringTheVetoWindow() {
        TestDevice primary = primary();
        TestDevice agent = TestDevice.create("Bruno Agent");
        TestDevice admin = TestDevice.create("Carla Admin");
        accounts.linkByQr(primary, agent, "agent");
        accounts.linkByQr(primary, admin, "admin");
        String recoveryKey = steps().enableRecovery(primary);
        TestDevice newBrowser = TestDevice.create("Ana Owner");

        String id = startRecovery(newBrowser, recoveryKey);

        admin.request().get("/api/recovery").then().body("pending.id", equalTo(id))
                .body("pending.claim.claim.newPrimary.id", equalTo(newBrowser.id()));
        agent.request().post("/api/recovery/claims/" + id + "/cancel").then().statusCode(403).body("code", equalTo("role_required"));
        admin.request().post("/api/recovery/claims/" + id + "/cancel").then().statusCode(204);
        newBrowser.request().get("/api/recovery/claims/" + id).then().body("status", equalTo("cancelled"))
                .body("closedBy", equalTo(admin.id()));
        clock.advance(VETO.plusMinutes(1));
        primary.signIn().then().statusCode(204);
        complete(newBrowser, id, accounts.currentList(primary)).then().statusCode(409).body("code", equalTo("recovery_not_pending"));
        primary.request().get("/api/devices").then().statusCode(200).body("myDeviceId", equalTo(primary.id()));
    }

    @Test
    void afterTheVetoWindowTheNewBrowserTakesOverAndEveryOldDeviceIsLoggedOut() {
        TestDevice primary = primary();
        TestDevice companion = TestDevice.create("Bruno Agent");
        accounts.linkByQr(primary, companion, "agent");
        String recoveryKey = steps().enableRecovery(primary);
        TestDevice customer = TestDevice.create("Maria Cliente");
        accounts.registerCustomer(customer, PHONE, verifier).then().statusCode(204);
        SignedDeviceList pinnedByCustomer = businessListOf(customer);
        TestDevice newBrowser = TestDevice.create("Ana Owner");

        String id = startRecovery(newBrowser, recoveryKey);
        SignedDeviceList current = accounts.currentList(primary);
        complete(newBrowser, id, current).then().statusCode(409).body("code", equalTo("recovery_veto_running"))
                .body("details.takesEffectAt", notNullValue());
        clock.advance(VETO.minusMinutes(1));
        complete(newBrowser, id, current).then().statusCode(409).body("code", equalTo("recovery_veto_running"));

        clock.advance(Duration.ofMinutes(2));
        complete(newBrowser, id, current).then().statusCode(204);

        newBrowser.signIn().then().statusCode(204);
        newBrowser.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(true));
        primary.request().get("/api/devices").then().statusCode(401).body("code", equalTo("device_removed"))
                .body("details.reason", equalTo("recovered"));
        companion.request().get("/api/devices").then().statusCode(401).body("details.reason", equalTo("recovered"));
        newBrowser.request().get("/api/recovery").then().body("pending", nullValue())
                .body("lastCompleted.id", equalTo(id)).body("lastCompleted.listVersion", equalTo((int) current.list().version() + 1));

        // The customer's client: the new list is signed by a key it never pinned, and only the claim under the
        // authority key its last accepted list committed to lets it move on, showing that the security code changed.
        customer.signIn().then().statusCode(204);
        SignedDeviceList takeover = businessListOf(customer);
        DeviceListException refused = assertThrows(DeviceListException.class, () -> DeviceListVerifier.verify(takeover, Accounts.NUMBER,
                B64u.decode(primary.signingKey()), pinnedByCustomer.list(), accounts.now()));
        assertEquals(DeviceListException.Reason.WRONG_PRIMARY_KEY, refused.reason());
        RecoveryClaim.Signed claim = RecoveryClaim.Signed.fromJson(Json.tree(
                customer.request().get("/api/recovery").then().statusCode(200).extract().jsonPath().prettify()).get("lastCompleted").get("claim"));
        byte[] newKey = DeviceListVerifier.verifyTakeover(takeover, claim, Accounts.NUMBER, B64u.decode(primary.signingKey()),
                pinnedByCustomer.list(), accounts.now());
        assertArrayEquals(newBrowser.keys.signingKey(), newKey);
        assertNotEquals(primary.keys.fingerprint(), newBrowser.keys.fingerprint());
    }

    @Test
    void theBackupAdminStartsALoudRecoveryThatASurvivingDeviceCancels() {
        TestDevice primary = primary();
        TestDevice backup = TestDevice.create("Carla Admin");
        accounts.linkByQr(primary, backup, "admin");
        String recoveryKey = steps().enableRecovery(primary);
        steps().markBackupAdmin(primary, backup, recoveryKey);
        primary.request().get("/api/recovery").then().body("backupAdmin", equalTo(backup.id()));
        assertEquals(backup.id(), accounts.currentList(primary).list().backupAdmin());

        String id = backup.request().body(steps().backupClaim(backup).toJson().toString()).post("/api/recovery/backup-claims")
                .then().statusCode(200).body("status", equalTo("pending")).extract().path("id");

        primary.request().get("/api/recovery").then().body("pending.id", equalTo(id))
                .body("pending.claim.claim.newPrimary.id", equalTo(backup.id()));
        primary.request().post("/api/recovery/claims/" + id + "/cancel").then().statusCode(204);
        clock.advance(VETO.plusMinutes(1));
        primary.signIn().then().statusCode(204);
        backup.signIn().then().statusCode(204);
        complete(backup, id, accounts.currentList(primary)).then().statusCode(409).body("code", equalTo("recovery_not_pending"));
        primary.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(true));
        backup.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(false));
    }

    @Test
    void afterTheVetoWindowTheBackupAdminBecomesThePrimaryAndTheOldOneIsLoggedOut() {
        TestDevice primary = primary();
        TestDevice backup = TestDevice.create("Carla Admin");
        TestDevice agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(primary, backup, "admin");
        accounts.linkByQr(primary, agent, "agent");
        String recoveryKey = steps().enableRecovery(primary);
        steps().markBackupAdmin(primary, backup, recoveryKey);
        String id = backup.request().body(steps().backupClaim(backup).toJson().toString()).post("/api/recovery/backup-claims")
                .then().statusCode(200).extract().path("id");
        SignedDeviceList current = accounts.currentList(primary);
        complete(backup, id, current).then().statusCode(409).body("code", equalTo("recovery_veto_running"));

        clock.advance(VETO.plusMinutes(1));
        backup.signIn().then().statusCode(204);
        complete(backup, id, current).then().statusCode(204);

        backup.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(true)).body("myRole", equalTo("owner"));
        primary.request().get("/api/devices").then().statusCode(401).body("details.reason", equalTo("recovered"));
        agent.request().get("/api/devices").then().statusCode(401).body("details.reason", equalTo("recovered"));
        backup.request().get("/api/recovery").then().body("lastCompleted.id", equalTo(id)).body("backupAdmin", nullValue());
        backup.request().get("/api/recovery/backup-admin").then().statusCode(403).body("code", equalTo("backup_admin_required"));
        SignedDeviceList takeover = accounts.currentList(backup);
        assertEquals(List.of(RecoverySteps.entryOf(backup)), takeover.list().devices());
        assertEquals(null, takeover.list().backupAdmin());
    }

    @Test
    void aCompanionThatIsNotTheBackupAdminCannotStartARecovery() {
        TestDevice primary = primary();
        TestDevice backup = TestDevice.create("Carla Admin");
        TestDevice otherAdmin = TestDevice.create("Dora Admin");
        accounts.linkByQr(primary, backup, "admin");
        accounts.linkByQr(primary, otherAdmin, "admin");
        String recoveryKey = steps().enableRecovery(primary);
        steps().markBackupAdmin(primary, backup, recoveryKey);
        SignedDeviceList before = accounts.currentList(primary);
        // Even a claim the authority key really signed (here with the seed the test knows) is refused for another device.
        RecoveryClaim.Signed claim = RecoveryClaim.of(Accounts.NUMBER, before.list().recoveryKey(), primary.signingKey(),
                RecoverySteps.entryOf(otherAdmin), accounts.now()).sign(steps().authoritySeed(primary, recoveryKey));

        otherAdmin.request().get("/api/recovery/backup-admin").then().statusCode(403).body("code", equalTo("backup_admin_required"));
        otherAdmin.request().body(claim.toJson().toString()).post("/api/recovery/backup-claims")
                .then().statusCode(403).body("code", equalTo("backup_admin_required"));

        primary.request().get("/api/recovery").then().body("pending", nullValue()).body("backupAdmin", equalTo(backup.id()));
        assertEquals(before.toJson(), accounts.currentList(primary).toJson());
        otherAdmin.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(false));
    }

    @Test
    void unmarkingTheBackupAdminDeletesItsWrapAndOnlyTheBackupAdminSettingsNameOne() {
        TestDevice primary = primary();
        TestDevice backup = TestDevice.create("Carla Admin");
        TestDevice agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(primary, backup, "admin");
        accounts.linkByQr(primary, agent, "agent");
        String recoveryKey = steps().enableRecovery(primary);
        SignedDeviceList current = accounts.currentList(primary);
        // An agent is no backup admin, and a plain list change cannot name one (it would come without the wrap).
        DeviceList namingAgent = next(current).withBackupAdmin(agent.id());
        primary.request().body(new SignedDeviceList(namingAgent, B64u.encode(primary.keys.sign(Labels.DEVICE_LIST, namingAgent.canonicalBytes())),
                        current.deviceSignatures()).toJson())
                .put("/api/devices/list").then().statusCode(400).body("details.reason", equalTo("malformed"));
        primary.request().body(DeviceLists.sign(next(current).withBackupAdmin(backup.id()), primary.keys, current.deviceSignatures()).toJson())
                .put("/api/devices/list").then().statusCode(409).body("code", equalTo("device_list_mismatch"));

        steps().markBackupAdmin(primary, backup, recoveryKey);
        backup.request().get("/api/recovery/backup-admin").then().statusCode(200);
        current = accounts.currentList(primary);
        primary.request().body(DeviceLists.sign(next(current).withBackupAdmin(null), primary.keys, current.deviceSignatures()).toJson())
                .put("/api/devices/list").then().statusCode(200);

        primary.request().get("/api/recovery").then().body("backupAdmin", nullValue());
        backup.request().get("/api/recovery/backup-admin").then().statusCode(403).body("code", equalTo("backup_admin_required"));
    }

    @Test
    void withAPasskeyNamingOrRemovingAnActiveBackupAdminNeedsItsApprovalButDroppingALoggedOutOneDoesNot() {
        TestDevice primary = primary();
        TestDevice backup = TestDevice.create("Carla Admin");
        accounts.linkByQr(primary, backup, "admin");
        String recoveryKey = steps().enableRecovery(primary);
        SoftPasskey passkey = SoftPasskey.forTests();
        String registration = primary.request().post("/api/passkeys/registrations").then().statusCode(200).extract().path("challenge");
        primary.request().body(passkey.registration(registration, "Laptop")).post("/api/passkeys").then().statusCode(200);

        Map<String, Object> naming = steps().backupAdminRequest(primary, backup, recoveryKey);
        primary.request().body(naming).put("/api/recovery/backup-admin").then().statusCode(403).body("code", equalTo("passkey_required"));
        approveList(primary, passkey, DeviceLists.parse((com.fasterxml.jackson.databind.JsonNode) naming.get("deviceList")).list());
        primary.request().body(naming).put("/api/recovery/backup-admin").then().statusCode(204);

        SignedDeviceList current = accounts.currentList(primary);
        SignedDeviceList unnamed = DeviceLists.sign(next(current).withBackupAdmin(null), primary.keys, current.deviceSignatures());
        primary.request().body(unnamed.toJson()).put("/api/devices/list").then().statusCode(403).body("code", equalTo("passkey_required"));

        backup.request().delete("/api/devices/me").then().statusCode(204);
        DeviceList withoutBackup = DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(), accounts.now() + 1000,
                List.of(current.list().primaryEntry().orElseThrow())).withRecoveryKey(current.list().recoveryKey());
        primary.request().body(DeviceLists.sign(withoutBackup, primary.keys, Map.of()).toJson()).put("/api/devices/list").then().statusCode(200);
        primary.request().get("/api/recovery").then().body("backupAdmin", nullValue());
    }

    private static void approveList(TestDevice primary, SoftPasskey passkey, DeviceList list) {
        String challenge = primary.request().body(Map.of("change", "list", "subject", PasskeyApproval.listSubject(list)))
                .post("/api/passkeys/challenges").then().statusCode(200).extract().path("challenge");
        primary.request().body(passkey.assertion(challenge)).post("/api/passkeys/assertions").then().statusCode(204);
    }

    private DeviceList next(SignedDeviceList current) {
        return DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(), accounts.now() + Duration.ofDays(30).toSeconds(),
                current.list().devices()).withRecoveryKey(current.list().recoveryKey()).withBackupAdmin(current.list().backupAdmin());
    }

    @Test
    void theJavaClientFollowsARecoveryToTheNewPrimary() {
        TestDevice primary = primary();
        String recoveryKey = steps().enableRecovery(primary);
        TestDevice customer = TestDevice.create("Maria Cliente");
        accounts.registerCustomer(customer, PHONE, verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().statusCode(200).extract().path("conversationId");
        try (SwitchboardClient client = Clients.of(customer, clock)) {
            client.sendText(conversation, "Before");
            TestDevice newBrowser = TestDevice.create("Ana Owner");
            String id = startRecovery(newBrowser, recoveryKey);
            SignedDeviceList current = accounts.currentList(primary);
            clock.advance(VETO.plusMinutes(1));
            complete(newBrowser, id, current).then().statusCode(204);

            client.sendText(conversation, "After");
            assertEquals(newBrowser.signingKey(),
                    client.lists(conversation).business().list().primaryEntry().orElseThrow().signingKey());
        }
    }

    private SignedDeviceList businessListOf(TestDevice customer) {
        return DeviceLists.parse(Json.tree(customer.request().get("/api/customers/me").then().statusCode(200).extract().asString())
                .get("businessList"));
    }
}
