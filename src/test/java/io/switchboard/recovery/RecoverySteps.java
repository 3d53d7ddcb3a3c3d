package io.switchboard.recovery;

import static org.hamcrest.Matchers.equalTo;

import io.switchboard.protocol.B64u;
import io.switchboard.protocol.BackupAdminWrap;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.RecoveryKey;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.TestDevice;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/** What the owner's primary and a new browser do in a recovery (protocol §7.2, §7.3), as the browser client does it. */
final class RecoverySteps {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Accounts accounts;

    RecoverySteps(Accounts accounts) {
        this.accounts = accounts;
    }

    SignedDeviceList signNext(TestDevice primary, SignedDeviceList current, String recoveryKey) {
        DeviceList next = DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(),
                accounts.now() + Duration.ofDays(30).toSeconds(), current.list().devices()).withRecoveryKey(recoveryKey);
        return DeviceLists.sign(next, primary.keys, current.deviceSignatures());
    }

    /** The owner turns recovery on; returns the recovery key as it is shown to be written down. */
    String enableRecovery(TestDevice primary) {
        byte[] recoveryKey = RecoveryKey.generate(RANDOM);
        byte[] seed = RecoveryKey.generateAuthoritySeed(RANDOM);
        SignedDeviceList next = signNext(primary, accounts.currentList(primary), B64u.encode(Primitives.ed25519PublicKey(seed)));
        primary.request().body(Map.of("deviceList", next.toJson(),
                        "wrappedKey", B64u.encode(RecoveryKey.wrap(recoveryKey, Accounts.NUMBER, seed, RANDOM))))
                .put("/api/recovery").then().statusCode(204);
        return RecoveryKey.format(recoveryKey);
    }

    /** The authority key's seed, as the primary gets it back from the typed recovery key. */
    @SuppressWarnings("unchecked")
    byte[] authoritySeed(TestDevice device, String typedKey) {
        Map<String, Object> status = device.request().get("/api/recovery").then().statusCode(200).extract().as(Map.class);
        return RecoveryKey.unwrap(RecoveryKey.parse(typedKey), Accounts.NUMBER, B64u.decode((String) status.get("authorityKey")),
                B64u.decode((String) status.get("wrappedKey")));
    }

    /** The owner names {@code admin} backup admin: the list naming it, and the seed wrapped to its agreement key. */
    void markBackupAdmin(TestDevice primary, TestDevice admin, String typedKey) {
        primary.request().body(backupAdminRequest(primary, admin, typedKey)).put("/api/recovery/backup-admin").then().statusCode(204);
    }

    /** The body of {@code PUT /api/recovery/backup-admin} that names {@code admin}. */
    Map<String, Object> backupAdminRequest(TestDevice primary, TestDevice admin, String typedKey) {
        SignedDeviceList current = accounts.currentList(primary);
        DeviceList next = DeviceList.of(Accounts.NUMBER, current.list().version() + 1, accounts.now(),
                accounts.now() + Duration.ofDays(30).toSeconds(), current.list().devices())
                .withRecoveryKey(current.list().recoveryKey()).withBackupAdmin(admin.id());
        byte[] wrapped = BackupAdminWrap.wrap(admin.keys.agreementKey(), Accounts.NUMBER, authoritySeed(primary, typedKey), RANDOM);
        return Map.of("deviceList", DeviceLists.sign(next, primary.keys, current.deviceSignatures()).toJson(), "wrappedKey", B64u.encode(wrapped));
    }

    /** The backup admin unwraps the authority key with its own agreement key and signs a claim naming itself. */
    @SuppressWarnings("unchecked")
    RecoveryClaim.Signed backupClaim(TestDevice admin) {
        Map<String, Object> wrap = admin.request().get("/api/recovery/backup-admin").then().statusCode(200).extract().as(Map.class);
        byte[] seed = BackupAdminWrap.unwrap(admin.keys, Accounts.NUMBER, B64u.decode((String) wrap.get("authorityKey")),
                B64u.decode((String) wrap.get("wrappedKey")));
        return RecoveryClaim.of(Accounts.NUMBER, (String) wrap.get("authorityKey"), (String) wrap.get("primaryKey"), entryOf(admin),
                accounts.now()).sign(seed);
    }

    static DeviceEntry entryOf(TestDevice browser) {
        return DeviceEntry.of(browser.keys.signingKey(), browser.keys.agreementKey(), true, Role.OWNER.wire(), browser.person, browser.label);
    }

    /** A new browser with the typed recovery key: unwrap the authority key and sign a claim naming itself. */
    @SuppressWarnings("unchecked")
    RecoveryClaim.Signed claim(TestDevice newBrowser, String typedKey) {
        Map<String, Object> status = newBrowser.request().get("/api/recovery").then().statusCode(200)
                .body("enabled", equalTo(true)).extract().as(Map.class);
        byte[] seed = RecoveryKey.unwrap(RecoveryKey.parse(typedKey), Accounts.NUMBER, B64u.decode((String) status.get("authorityKey")),
                B64u.decode((String) status.get("wrappedKey")));
        RecoveryClaim claim = RecoveryClaim.of(Accounts.NUMBER, (String) status.get("authorityKey"), (String) status.get("primaryKey"),
                entryOf(newBrowser), accounts.now());
        return claim.sign(seed);
    }
}
