package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.COMPANION2;
import static io.switchboard.protocol.Fixtures.NOW;
import static io.switchboard.protocol.Fixtures.PRIMARY;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The {@code recovery} section of the golden vectors (protocol §11): recovery key, wrap, claim and takeover list. */
final class RecoveryVectors {

    static final byte[] RECOVERY_KEY = Fixtures.fixedBytes("recovery-key", 32);
    static final byte[] AUTHORITY_SEED = Fixtures.fixedBytes("authority-seed", 32);
    static final byte[] NONCE = Fixtures.fixedBytes("recovery-wrap-nonce", 12);
    static final byte[] BACKUP_EPHEMERAL = Fixtures.fixedBytes("backup-admin-wrap-ephemeral", 32);
    static final String AUTHORITY_KEY = B64u.encode(Primitives.ed25519PublicKey(AUTHORITY_SEED));

    private RecoveryVectors() {
    }

    /** Version 2, the primary and companion1, committed to the authority key. */
    static SignedDeviceList lastAccepted() {
        return DeviceLists.sign(Fixtures.validBody().withRecoveryKey(AUTHORITY_KEY), PRIMARY,
                Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT)));
    }

    static DeviceEntry newPrimary() {
        return DeviceEntry.of(COMPANION2.signingKey(), COMPANION2.agreementKey(), true, Role.OWNER.wire(), "Ana Lima", "Firefox on Linux");
    }

    static RecoveryClaim claim() {
        return RecoveryClaim.of(ACCOUNT, AUTHORITY_KEY, PRIMARY.signingKeyB64u(), newPrimary(), NOW);
    }

    static DeviceList takeoverBody(long version) {
        return DeviceList.of(ACCOUNT, version, Fixtures.ISSUED_AT, Fixtures.EXPIRES_AT, List.of(newPrimary())).withRecoveryKey(AUTHORITY_KEY);
    }

    static SignedDeviceList takeover() {
        return DeviceLists.sign(takeoverBody(3), COMPANION2, Map.of());
    }

    static ObjectNode generate() {
        ObjectNode vector = JsonNodeFactory.instance.objectNode();
        vector.put("recoveryKey", B64u.encode(RECOVERY_KEY));
        vector.put("text", RecoveryKey.format(RECOVERY_KEY));
        vector.put("account", ACCOUNT);
        vector.put("authoritySeed", B64u.encode(AUTHORITY_SEED));
        vector.put("authorityKey", AUTHORITY_KEY);
        vector.put("nonce", B64u.encode(NONCE));
        vector.put("wrapped", B64u.encode(RecoveryKey.wrap(RECOVERY_KEY, ACCOUNT, AUTHORITY_SEED, NONCE)));
        vector.put("backupAdmin", "companion1");
        vector.put("backupEphemeral", B64u.encode(BACKUP_EPHEMERAL));
        vector.put("backupWrapped", B64u.encode(BackupAdminWrap.wrapWithEphemeral(COMPANION1.agreementKey(), ACCOUNT, AUTHORITY_SEED,
                BACKUP_EPHEMERAL)));
        vector.put("now", NOW);
        vector.put("pinnedPrimaryKey", PRIMARY.signingKeyB64u());
        vector.set("lastAccepted", lastAccepted().toJson());
        RecoveryClaim.Signed claim = claim().sign(AUTHORITY_SEED);
        vector.set("claim", claim.toJson());
        vector.set("takeover", takeover().toJson());
        vector.put("newPrimary", "companion2");

        byte[] otherSeed = Fixtures.fixedBytes("other-authority-seed", 32);
        RecoveryClaim underOther = RecoveryClaim.of(ACCOUNT, B64u.encode(Primitives.ed25519PublicKey(otherSeed)), PRIMARY.signingKeyB64u(),
                newPrimary(), NOW);
        RecoveryClaim otherPrimary = RecoveryClaim.of(ACCOUNT, AUTHORITY_KEY, COMPANION1.signingKeyB64u(), newPrimary(), NOW);
        DeviceEntry relabelled = new DeviceEntry(newPrimary().id(), true, Role.OWNER.wire(), "Ana Lima", "Edge on Windows",
                newPrimary().signingKey(), newPrimary().agreementKey());
        RecoveryClaim.Signed changed = new RecoveryClaim.Signed(
                RecoveryClaim.of(ACCOUNT, AUTHORITY_KEY, PRIMARY.signingKeyB64u(), relabelled, NOW), claim.signature());
        String oldPrimarySignature = B64u.encode(PRIMARY.sign(Labels.DEVICE_LIST, takeoverBody(3).canonicalBytes()));
        ArrayNode invalid = vector.putArray("invalidTakeovers");
        invalid.add(invalidCase("bad-recovery-claim", "the claim is signed by an authority key the accepted list did not commit to",
                underOther.sign(otherSeed).toJson(), takeover().toJson()));
        invalid.add(invalidCase("bad-recovery-claim", "the claim replaces another primary key than the pinned one",
                otherPrimary.sign(AUTHORITY_SEED).toJson(), takeover().toJson()));
        invalid.add(invalidCase("bad-recovery-claim", "the claim was changed after signing (another new primary label)",
                changed.toJson(), takeover().toJson()));
        invalid.add(invalidCase("bad-signature", "the takeover list is signed by the old primary, not the one the claim names",
                claim.toJson(), new SignedDeviceList(takeoverBody(3), oldPrimarySignature, Map.of()).toJson()));
        invalid.add(invalidCase("stale-version", "the takeover list does not have a version above the accepted one",
                claim.toJson(), DeviceLists.sign(takeoverBody(2), COMPANION2, Map.of()).toJson()));
        return vector;
    }

    private static ObjectNode invalidCase(String reason, String description, ObjectNode claim, ObjectNode takeover) {
        ObjectNode vector = JsonNodeFactory.instance.objectNode();
        vector.put("reason", reason);
        vector.put("description", description);
        vector.set("claim", claim);
        vector.set("takeover", takeover);
        return vector;
    }
}
