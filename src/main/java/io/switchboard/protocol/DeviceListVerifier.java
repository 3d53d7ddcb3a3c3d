package io.switchboard.protocol;

import io.switchboard.protocol.DeviceListException.Reason;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verification of a signed device list (protocol §4), which every client and the server run before
 * they trust or store a list. The checks run in the order of the spec and the first failure is
 * reported, so a list with one defect always gets the same reason on every implementation.
 */
public final class DeviceListVerifier {

    /** Allowance for a device clock that runs behind, applied to {@code expiresAt}. */
    public static final long CLOCK_SKEW_SECONDS = 300;

    public static final int MAX_TEXT_LENGTH = 80;

    private DeviceListVerifier() {
    }

    /**
     * Verifies a list from a primary that the caller has pinned.
     *
     * @param lastAcceptedVersion the highest version accepted so far (0 if none); an equal version is
     *     refused because the caller cannot show it is the identical document, see
     *     {@link #verify(SignedDeviceList, String, byte[], DeviceList, long)}
     * @throws DeviceListException with the first reason that applies
     */
    public static void verify(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey,
                              long lastAcceptedVersion, long nowSeconds) {
        verify(signed, expectedAccount, pinnedPrimaryKey, lastAcceptedVersion, null, nowSeconds, Set.of());
    }

    /**
     * Verifies a list while a companion is being linked: the devices in {@code pendingDeviceIds} may
     * still lack their device signature (a signature that is there must verify). The server uses this
     * for the list the primary approves, the new companion for the list it is about to countersign.
     */
    public static void verify(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey,
                              long lastAcceptedVersion, long nowSeconds, Set<String> pendingDeviceIds) {
        verify(signed, expectedAccount, pinnedPrimaryKey, lastAcceptedVersion, null, nowSeconds, pendingDeviceIds);
    }

    /**
     * Verifies a list against the last accepted one: an equal version passes only with an identical
     * body (device signatures may have been added, as when a linked companion countersigns).
     *
     * @param lastAccepted the last accepted body, or null if none
     */
    public static void verify(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey,
                              DeviceList lastAccepted, long nowSeconds) {
        long lastVersion = lastAccepted == null ? 0 : lastAccepted.version();
        verify(signed, expectedAccount, pinnedPrimaryKey, lastVersion, lastAccepted, nowSeconds, Set.of());
    }

    /**
     * Verifies an earlier version of a list, which a message names in its header (protocol §13.4): the same
     * checks under the pinned primary key, without the rules that order versions in time (it is older than
     * the accepted one and may have expired since the message was sent). It must be the version asked for.
     */
    public static void verifyPast(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey, long expectedVersion) {
        DeviceEntry primary = verifySignedBy(signed, expectedAccount, pinnedPrimaryKey);
        if (signed.list().version() != expectedVersion) {
            throw new DeviceListException(Reason.STALE_VERSION, "version " + signed.list().version() + ", asked for " + expectedVersion);
        }
        requireDevicesAuthentic(signed, primary, Set.of());
    }

    /**
     * Verifies a recovery claim (protocol §7.3) against the list this verifier trusts: it must be signed by
     * the authority key that list committed to ({@code recoveryKey}) and replace the pinned primary key.
     *
     * @throws DeviceListException with reason {@code bad-recovery-claim}
     */
    public static void verifyClaim(RecoveryClaim.Signed signedClaim, String expectedAccount, byte[] pinnedPrimaryKey,
                                   DeviceList lastAccepted) {
        RecoveryClaim claim = signedClaim.claim();
        requireClaim(RecoveryClaim.TYPE.equals(claim.type()), "type must be " + RecoveryClaim.TYPE);
        requireClaim(claim.account().equals(expectedAccount), "the claim is for " + claim.account());
        DeviceEntry newPrimary = claim.newPrimary();
        try {
            requireWellFormed(newPrimary);
        } catch (DeviceListException malformed) {
            throw new DeviceListException(Reason.BAD_RECOVERY_CLAIM, "newPrimary: " + malformed.getMessage(), malformed);
        }
        requireClaim(newPrimary.primary(), "newPrimary must be a primary entry");
        requireClaim(newPrimary.id().equals(DeviceId.of(B64u.decode(newPrimary.signingKey()))), "newPrimary's id is not its key's");
        requireClaim(lastAccepted.recoveryKey() != null, "the accepted list has no recovery key");
        requireClaim(lastAccepted.recoveryKey().equals(claim.authorityKey()), "the claim is not under the committed recovery key");
        requireClaim(claim.replacedPrimaryKey().equals(B64u.encode(pinnedPrimaryKey)), "the claim replaces another primary key");
        boolean verifies;
        try {
            verifies = DeviceKeys.verify(B64u.decode(claim.authorityKey()), Labels.RECOVERY_CLAIM, claim.canonicalBytes(),
                    B64u.decode(signedClaim.signature()));
        } catch (ProtocolException undecodable) {
            verifies = false;
        }
        requireClaim(verifies, "the authority key's signature does not verify");
    }

    /**
     * Verifies the first list of a recovered account (protocol §7.3): the claim as in {@link #verifyClaim}, then the
     * list as usual under the claim's new primary key instead of the pinned one, as a successor of {@code lastAccepted}.
     *
     * @return the new primary's signing key, which the caller pins from now on
     */
    public static byte[] verifyTakeover(SignedDeviceList signed, RecoveryClaim.Signed signedClaim, String expectedAccount,
                                        byte[] pinnedPrimaryKey, DeviceList lastAccepted, long nowSeconds) {
        verifyClaim(signedClaim, expectedAccount, pinnedPrimaryKey, lastAccepted);
        DeviceEntry newPrimary = signedClaim.claim().newPrimary();
        byte[] newKey = B64u.decode(newPrimary.signingKey());
        verify(signed, expectedAccount, newKey, lastAccepted.version(), null, nowSeconds, Set.of());
        requireClaim(signed.list().primaryEntry().orElseThrow().agreementKey().equals(newPrimary.agreementKey()),
                "the list's primary has another agreement key than the claim names");
        return newKey;
    }

    private static void requireClaim(boolean rule, String message) {
        if (!rule) {
            throw new DeviceListException(Reason.BAD_RECOVERY_CLAIM, message);
        }
    }

    private static void verify(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey,
                               long lastAcceptedVersion, DeviceList lastAccepted, long nowSeconds, Set<String> pendingDeviceIds) {
        DeviceList list = signed.list();
        DeviceEntry primary = verifySignedBy(signed, expectedAccount, pinnedPrimaryKey);
        requireFresh(list, lastAcceptedVersion, lastAccepted);
        if (nowSeconds >= list.expiresAt() + CLOCK_SKEW_SECONDS) {
            throw new DeviceListException(Reason.EXPIRED, "expired at " + list.expiresAt() + ", now " + nowSeconds);
        }
        requireDevicesAuthentic(signed, primary, pendingDeviceIds);
    }

    /** Well-formed, for this account, and signed by the pinned primary key; returns the primary's entry. */
    private static DeviceEntry verifySignedBy(SignedDeviceList signed, String expectedAccount, byte[] pinnedPrimaryKey) {
        DeviceList list = signed.list();
        requireWellFormed(list);
        if (!list.account().equals(expectedAccount)) {
            throw new DeviceListException(Reason.WRONG_ACCOUNT, "list is for " + list.account() + ", expected " + expectedAccount);
        }
        DeviceEntry primary = list.primaryEntry().orElseThrow();
        if (!Arrays.equals(B64u.decode(primary.signingKey()), pinnedPrimaryKey)) {
            throw new DeviceListException(Reason.WRONG_PRIMARY_KEY, "primary entry is not the pinned primary key");
        }
        if (!signatureVerifies(pinnedPrimaryKey, list.canonicalBytes(), signed.signature())) {
            throw new DeviceListException(Reason.BAD_SIGNATURE, "primary signature does not verify");
        }
        return primary;
    }

    private static void requireFresh(DeviceList list, long lastAcceptedVersion, DeviceList lastAccepted) {
        if (list.version() > lastAcceptedVersion) {
            return;
        }
        boolean identical = list.version() == lastAcceptedVersion && lastAccepted != null
                && Arrays.equals(list.canonicalBytes(), lastAccepted.canonicalBytes());
        if (!identical) {
            throw new DeviceListException(Reason.STALE_VERSION, "version " + list.version() + " after accepted version " + lastAcceptedVersion);
        }
    }

    private static void requireDevicesAuthentic(SignedDeviceList signed, DeviceEntry primary, Set<String> pendingDeviceIds) {
        DeviceList list = signed.list();
        for (DeviceEntry device : list.devices()) {
            if (!device.id().equals(DeviceId.of(B64u.decode(device.signingKey())))) {
                throw new DeviceListException(Reason.WRONG_DEVICE_ID, device.id() + " is not the id of its signing key");
            }
        }
        Set<String> companionIds = new HashSet<>();
        for (DeviceEntry device : list.devices()) {
            if (device.primary()) {
                continue;
            }
            companionIds.add(device.id());
            String deviceSignature = signed.deviceSignatures().get(device.id());
            if (deviceSignature == null) {
                if (!pendingDeviceIds.contains(device.id())) {
                    throw new DeviceListException(Reason.MISSING_DEVICE_SIGNATURE, "no device signature for " + device.id());
                }
            } else if (!DeviceLists.verifyDeviceSignature(device, list.account(), primary.signingKey(), deviceSignature)) {
                throw new DeviceListException(Reason.BAD_DEVICE_SIGNATURE, "device signature of " + device.id() + " does not verify");
            }
        }
        for (String id : signed.deviceSignatures().keySet()) {
            if (!companionIds.contains(id)) {
                throw new DeviceListException(Reason.UNEXPECTED_DEVICE_SIGNATURE, id + " is not a companion in the list");
            }
        }
    }

    private static boolean signatureVerifies(byte[] signingKey, byte[] body, String signature) {
        try {
            return DeviceKeys.verify(signingKey, Labels.DEVICE_LIST, body, B64u.decode(signature));
        } catch (ProtocolException undecodable) {
            return false;
        }
    }

    /** The list body rules of protocol §4; a violation is reported as {@code malformed}. */
    static void requireWellFormed(DeviceList list) {
        require(DeviceList.TYPE.equals(list.type()), "type must be " + DeviceList.TYPE);
        require(E164.isValid(list.account()), "account is not an E.164 number");
        require(list.version() >= 1 && list.version() <= CanonicalJson.MAX_SAFE_INTEGER, "version must be a positive safe integer");
        require(isSafeInteger(list.issuedAt()) && isSafeInteger(list.expiresAt()), "times must be safe integers");
        require(list.expiresAt() > list.issuedAt(), "expiresAt must be after issuedAt");
        List<DeviceEntry> devices = list.devices();
        for (int i = 1; i < devices.size(); i++) {
            require(devices.get(i - 1).id().compareTo(devices.get(i).id()) < 0, "devices must be sorted by id, ids unique");
        }
        require(devices.stream().filter(DeviceEntry::primary).count() == 1, "exactly one device must be primary");
        devices.forEach(DeviceListVerifier::requireWellFormed);
        if (list.recoveryKey() != null) {
            require(isKey(list.recoveryKey()) && Primitives.isValidEd25519PublicKey(B64u.decode(list.recoveryKey())),
                    "recoveryKey must be b64u of an Ed25519 key the rule of §2 accepts");
        }
        if (list.backupAdmin() != null) {
            require(list.recoveryKey() != null, "backupAdmin needs a recoveryKey");
            require(list.entry(list.backupAdmin()).filter(entry -> !entry.primary() && Role.ADMIN.wire().equals(entry.role())).isPresent(),
                    "backupAdmin must be the id of an admin companion on the list");
        }
        try {
            list.canonicalBytes();
        } catch (ProtocolException notCanonicalizable) {
            throw new DeviceListException(Reason.MALFORMED, notCanonicalizable.getMessage(), notCanonicalizable);
        }
    }

    private static void requireWellFormed(DeviceEntry device) {
        Optional<Role> role = Role.fromWire(device.role());
        if (device.primary()) {
            require(role.filter(Role::isPrimaryRole).isPresent(), "the primary's role must be owner");
        } else {
            require(role.filter(Role::isListCompanion).isPresent(), "a companion's role must be agent, supervisor, admin or member");
        }
        require(isDisplayText(device.person()), "person must be 1–" + MAX_TEXT_LENGTH + " characters");
        require(isDisplayText(device.label()), "label must be 1–" + MAX_TEXT_LENGTH + " characters");
        require(isKey(device.signingKey()), "signingKey must be b64u of 32 bytes");
        require(isKey(device.agreementKey()), "agreementKey must be b64u of 32 bytes");
        require(Primitives.isValidEd25519PublicKey(B64u.decode(device.signingKey())),
                "signing key of " + device.id() + " is small-order, mixed-order or not canonical (§2)");
        require(Primitives.isValidX25519PublicKey(B64u.decode(device.agreementKey())),
                "agreement key of " + device.id() + " is low-order or not canonical (§2)");
    }

    /** Length in UTF-16 code units, which is what both Java's and JavaScript's string length count. */
    private static boolean isDisplayText(String text) {
        return !text.isEmpty() && text.length() <= MAX_TEXT_LENGTH;
    }

    private static boolean isKey(String b64u) {
        try {
            B64u.decodeExact(b64u, Primitives.KEY_SIZE);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static boolean isSafeInteger(long value) {
        return value >= -CanonicalJson.MAX_SAFE_INTEGER && value <= CanonicalJson.MAX_SAFE_INTEGER;
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new DeviceListException(Reason.MALFORMED, message);
        }
    }
}
