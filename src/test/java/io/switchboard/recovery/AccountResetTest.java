package io.switchboard.recovery;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Json;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Protocol §7.4: the operator's reset from the command line, end to end. */
@QuarkusTest
class AccountResetTest extends ApiTest {

    @Inject
    ResetAccountCommand command;

    @Inject
    CapturingPhoneVerifier verifier;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int run(String... args) {
        return command.execute(new PrintStream(printed, true, StandardCharsets.UTF_8), args);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCommandNeedsTheBusinessNumberAsConfirmation() {
        TestDevice primary = primary();
        assertEquals(2, run("reset-account"));
        assertEquals(1, run("reset-account", "--confirm", "+4915112345679"));
        assertTrue(output().contains("not reset"), output());
        primary.request().get("/api/devices").then().statusCode(200);
    }

    @Test
    void aResetLogsEveryDeviceOutAndTheLinkMakesANewPrimaryCustomersSeeTheSecurityCodeChange() {
        TestDevice primary = primary();
        TestDevice companion = TestDevice.create("Bruno Agent");
        accounts.linkByQr(primary, companion, "admin");
        TestDevice customer = TestDevice.create("Maria Cliente");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        SignedDeviceList pinned = businessListOf(customer);

        assertEquals(0, run("reset-account", "--confirm", Accounts.NUMBER));

        primary.request().get("/api/devices").then().statusCode(401).body("details.reason", equalTo("reset"));
        companion.request().get("/api/devices").then().statusCode(401).body("details.reason", equalTo("reset"));
        String link = output().lines().filter(line -> line.contains("/recover#reset=")).findFirst().orElseThrow().strip();
        String token = link.substring(link.indexOf("#reset=") + "#reset=".length());

        TestDevice newPrimary = TestDevice.create("Ana Owner");
        DeviceList first = DeviceList.of(Accounts.NUMBER, pinned.list().version() + 1, accounts.now(),
                accounts.now() + Duration.ofDays(30).toSeconds(), List.of(DeviceEntry.of(newPrimary.keys.signingKey(),
                        newPrimary.keys.agreementKey(), true, Role.OWNER.wire(), newPrimary.person, newPrimary.label)));
        Map<String, Object> body = Map.of("token", token, "deviceList", DeviceLists.sign(first, newPrimary.keys, Map.of()).toJson());
        newPrimary.adoptSession(newPrimary.request().body(body).post("/api/recovery/reset")).then().statusCode(204);
        newPrimary.request().get("/api/devices").then().statusCode(200).body("iAmPrimary", equalTo(true));
        TestDevice.create("Somebody").request().body(body).post("/api/recovery/reset").then().statusCode(410)
                .body("code", equalTo("reset_token_used"));

        // The customer's client: a new key and no claim to verify it by, only the server's word that it was reset.
        SignedDeviceList takeover = businessListOf(customer);
        DeviceListException refused = assertThrows(DeviceListException.class, () -> DeviceListVerifier.verify(takeover, Accounts.NUMBER,
                B64u.decode(primary.signingKey()), pinned.list(), accounts.now()));
        assertEquals(DeviceListException.Reason.WRONG_PRIMARY_KEY, refused.reason());
        customer.request().get("/api/recovery").then().statusCode(200).body("lastCompleted.kind", equalTo("reset"))
                .body("lastCompleted.listVersion", equalTo((int) takeover.list().version()))
                .body("primaryKey", equalTo(newPrimary.signingKey()));
        assertTrue(output().contains("History stays unreadable"), output());
    }

    @Test
    void theOldRecoveryKeyOpensNothingAfterAReset() {
        TestDevice primary = primary();
        RecoverySteps recovery = new RecoverySteps(accounts);
        String recoveryKey = recovery.enableRecovery(primary);
        TestDevice thief = TestDevice.create("Thief");
        RecoveryClaim.Signed claimBeforeReset = recovery.claim(thief, recoveryKey);

        assertEquals(0, run("reset-account", "--confirm", Accounts.NUMBER));

        thief.request().get("/api/recovery").then().statusCode(200).body("enabled", equalTo(false))
                .body("wrappedKey", org.hamcrest.Matchers.nullValue());
        thief.request().body(claimBeforeReset.toJson().toString()).post("/api/recovery/claims").then().statusCode(409)
                .body("code", equalTo("recovery_not_enabled"));
        primary.request().get("/api/devices").then().statusCode(401).body("code", containsString("device_removed"));
    }

    private SignedDeviceList businessListOf(TestDevice customer) {
        return DeviceLists.parse(Json.tree(customer.request().get("/api/customers/me").then().statusCode(200).extract().asString())
                .get("businessList"));
    }
}
