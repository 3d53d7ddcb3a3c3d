package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.COMPANION2;
import static io.switchboard.protocol.Fixtures.EXPIRES_AT;
import static io.switchboard.protocol.Fixtures.NOW;
import static io.switchboard.protocol.Fixtures.PRIMARY;
import static io.switchboard.protocol.Fixtures.VERSION;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.DeviceListException.Reason;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DeviceListVerifierTest {

    @Test
    void acceptsTheValidList() {
        assertDoesNotThrow(() -> DeviceListVerifier.verify(Fixtures.validList(), ACCOUNT, PRIMARY.signingKey(), 0, NOW));
    }

    @Test
    void acceptsTheValidListAfterItsWireRoundTrip() {
        SignedDeviceList parsed = DeviceLists.parse(Fixtures.validList().toJson().toString());
        assertEquals(Fixtures.validList(), parsed);
        assertDoesNotThrow(() -> DeviceListVerifier.verify(parsed, ACCOUNT, PRIMARY.signingKey(), VERSION - 1, NOW));
    }

    @Test
    void malformedWhenDevicesAreNotSorted() {
        assertReason(InvalidLists.devicesNotSorted());
    }

    @Test
    void malformedWhenACompanionHasTheOwnerRole() {
        assertReason(InvalidLists.companionWithOwnerRole());
    }

    @Test
    void acceptsACustomerListWhoseCompanionHasTheMemberRole() {
        // §13.1: a customer's list has companions with role member; which roles fit which account is the server's check.
        DeviceEntry member = DeviceEntry.of(COMPANION1.signingKey(), COMPANION1.agreementKey(), false, Role.MEMBER.wire(),
                "Dora Costa", "Chrome on Android");
        DeviceList body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(Fixtures.primaryEntry(), member));
        SignedDeviceList signed = DeviceLists.sign(body, PRIMARY, Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT)));
        assertDoesNotThrow(() -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
    }

    @Test
    void aBackupAdminIsAnAdminCompanionOfAListWithARecoveryKey() {
        DeviceEntry admin = DeviceEntry.of(COMPANION1.signingKey(), COMPANION1.agreementKey(), false, Role.ADMIN.wire(), "Carla", "Firefox");
        DeviceList body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(Fixtures.primaryEntry(), admin))
                .withRecoveryKey(RecoveryVectors.AUTHORITY_KEY);
        Map<String, String> signatures = Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT));
        SignedDeviceList named = DeviceLists.parse(DeviceLists.sign(body.withBackupAdmin(admin.id()), PRIMARY, signatures).toJson().toString());
        assertEquals(admin.id(), named.list().backupAdmin());
        assertDoesNotThrow(() -> DeviceListVerifier.verify(named, ACCOUNT, PRIMARY.signingKey(), 0, NOW));

        for (DeviceList wrong : List.of(body.withRecoveryKey(null).withBackupAdmin(admin.id()), body.withBackupAdmin(Fixtures.primaryEntry().id()),
                body.withBackupAdmin(COMPANION2.deviceId()))) {
            DeviceListException refused = assertThrows(DeviceListException.class, () -> DeviceLists.sign(wrong, PRIMARY, signatures));
            assertEquals(Reason.MALFORMED, refused.reason());
        }
        DeviceEntry agent = DeviceEntry.of(COMPANION1.signingKey(), COMPANION1.agreementKey(), false, Role.AGENT.wire(), "Carla", "Firefox");
        DeviceList namingAnAgent = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(Fixtures.primaryEntry(), agent))
                .withRecoveryKey(RecoveryVectors.AUTHORITY_KEY).withBackupAdmin(agent.id());
        assertEquals(Reason.MALFORMED, assertThrows(DeviceListException.class, () -> DeviceLists.sign(namingAnAgent, PRIMARY, signatures)).reason());
    }

    @Test
    void malformedWhenACompanionHasAnUnknownRole() {
        for (String role : new String[] {"customer", "Member", "", "owner"}) {
            DeviceEntry entry = DeviceEntry.of(COMPANION1.signingKey(), COMPANION1.agreementKey(), false, role, "Dora Costa", "Chrome on Android");
            DeviceList body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(Fixtures.primaryEntry(), entry));
            SignedDeviceList signed = new SignedDeviceList(body, Fixtures.signBody(PRIMARY, body.toJson()),
                    Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT)));
            assertRejected(Reason.MALFORMED, () -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
        }
    }

    @Test
    void malformedWhenThePrimaryHasTheMemberRole() {
        DeviceEntry primary = DeviceEntry.of(PRIMARY.signingKey(), PRIMARY.agreementKey(), true, Role.MEMBER.wire(), "Ana Lima", "Chrome on Linux");
        DeviceList body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, List.of(primary));
        SignedDeviceList signed = new SignedDeviceList(body, Fixtures.signBody(PRIMARY, body.toJson()), Map.of());
        assertRejected(Reason.MALFORMED, () -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
    }

    @Test
    void malformedWhenTheBodyHasAnUnknownMember() {
        assertReason(InvalidLists.unknownMemberInBody());
    }

    @Test
    void malformedWhenALabelIsTooLong() {
        assertReason(InvalidLists.labelTooLong());
    }

    @Test
    void malformedWhenThereIsNoPrimary() {
        DeviceEntry demoted = new DeviceEntry(PRIMARY.deviceId(), false, Role.ADMIN.wire(), "Ana Lima", "Chrome on Linux",
                PRIMARY.signingKeyB64u(), PRIMARY.agreementKeyB64u());
        DeviceList list = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(demoted, Fixtures.companion1Entry()));
        SignedDeviceList signed = new SignedDeviceList(list, Fixtures.signBody(PRIMARY, list.toJson()), Map.of());
        assertRejected(Reason.MALFORMED, () -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
    }

    @Test
    void wrongAccount() {
        assertReason(InvalidLists.wrongAccount());
    }

    @Test
    void wrongPrimaryKey() {
        assertReason(InvalidLists.wrongPrimaryKey());
    }

    @Test
    void badSignature() {
        assertReason(InvalidLists.signedByAnotherKey());
    }

    @Test
    void staleVersion() {
        assertReason(InvalidLists.staleVersion());
    }

    @Test
    void staleVersionWhenTheVersionIsEqualButTheBodyCannotBeCompared() {
        assertRejected(Reason.STALE_VERSION, () -> DeviceListVerifier.verify(Fixtures.validList(), ACCOUNT, PRIMARY.signingKey(), VERSION, NOW));
    }

    @Test
    void equalVersionIsAcceptedForTheIdenticalBody() {
        assertDoesNotThrow(() -> DeviceListVerifier.verify(Fixtures.validList(), ACCOUNT, PRIMARY.signingKey(), Fixtures.validBody(), NOW));
    }

    @Test
    void equalVersionIsStaleForADifferentBody() {
        DeviceList lastAccepted = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, Fixtures.sortedById(Fixtures.primaryEntry()));
        assertRejected(Reason.STALE_VERSION, () -> DeviceListVerifier.verify(Fixtures.validList(), ACCOUNT, PRIMARY.signingKey(), lastAccepted, NOW));
    }

    @Test
    void expired() {
        assertReason(InvalidLists.expiredLongAgo());
    }

    @Test
    void expiredOnceTheClockSkewAllowanceIsUsedUp() {
        assertReason(InvalidLists.expiredAtSkewBoundary());
    }

    @Test
    void acceptsAnExpiredListWithinTheClockSkewAllowance() {
        long lastSecondOfSkew = EXPIRES_AT + DeviceListVerifier.CLOCK_SKEW_SECONDS - 1;
        assertDoesNotThrow(() -> DeviceListVerifier.verify(Fixtures.validList(), ACCOUNT, PRIMARY.signingKey(), 0, lastSecondOfSkew));
    }

    @Test
    void missingDeviceSignature() {
        assertReason(InvalidLists.missingDeviceSignature());
    }

    @Test
    void badDeviceSignature() {
        assertReason(InvalidLists.deviceSignatureForAnotherPrimary());
    }

    @Test
    void badDeviceSignatureWhenItIsNotBase64url() {
        SignedDeviceList signed = Fixtures.validList().withDeviceSignature(COMPANION1.deviceId(), "not base64url!");
        assertRejected(Reason.BAD_DEVICE_SIGNATURE, () -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
    }

    @Test
    void wrongDeviceId() {
        assertReason(InvalidLists.idNotDerivedFromKey());
    }

    @Test
    void unexpectedDeviceSignature() {
        assertReason(InvalidLists.deviceSignatureOfAbsentDevice());
    }

    @Test
    void unexpectedDeviceSignatureForThePrimary() {
        assertReason(InvalidLists.deviceSignatureOfPrimary());
    }

    @Test
    void everyReasonHasAnInvalidListAndEachIsRejectedWithItsReason() {
        Set<Reason> covered = new HashSet<>();
        for (InvalidLists.Case invalid : InvalidLists.all()) {
            assertEquals(invalid.reason(), invalid.verdict(), invalid.name());
            covered.add(invalid.reason());
        }
        // A claim's reason needs a claim; the recovery vectors (RecoveryTest, §11) cover it.
        assertEquals(java.util.EnumSet.complementOf(java.util.EnumSet.of(Reason.BAD_RECOVERY_CLAIM)), covered);
    }

    @Test
    void pendingCompanionMayLackItsDeviceSignature() {
        SignedDeviceList approval = DeviceLists.sign(Fixtures.validBody(), PRIMARY, Map.of());
        assertDoesNotThrow(() -> DeviceListVerifier.verify(approval, ACCOUNT, PRIMARY.signingKey(), 1, NOW, Set.of(COMPANION1.deviceId())));
        assertRejected(Reason.MISSING_DEVICE_SIGNATURE,
                () -> DeviceListVerifier.verify(approval, ACCOUNT, PRIMARY.signingKey(), 1, NOW, Set.of(COMPANION2.deviceId())));
    }

    @Test
    void pendingCompanionsSignatureMustVerifyWhenPresent() {
        SignedDeviceList approval = DeviceLists.sign(Fixtures.validBody(), PRIMARY,
                Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION2, ACCOUNT)));
        assertRejected(Reason.BAD_DEVICE_SIGNATURE,
                () -> DeviceListVerifier.verify(approval, ACCOUNT, PRIMARY.signingKey(), 1, NOW, Set.of(COMPANION1.deviceId())));
    }

    @Test
    void addingTheCompanionsSignatureCompletesThePendingList() {
        SignedDeviceList approval = DeviceLists.sign(Fixtures.validBody(), PRIMARY, Map.of());
        SignedDeviceList published = approval.withDeviceSignature(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT));
        assertEquals(Fixtures.validList(), published);
        assertDoesNotThrow(() -> DeviceListVerifier.verify(published, ACCOUNT, PRIMARY.signingKey(), 1, NOW));
    }

    @Test
    void signRefusesABodyThatBreaksTheRules() {
        List<DeviceEntry> devices = Fixtures.sortedById(Fixtures.primaryEntry(), Fixtures.companion1Entry());
        Collections.reverse(devices);
        DeviceList unsorted = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT, devices);
        assertRejected(Reason.MALFORMED, () -> DeviceLists.sign(unsorted, PRIMARY, Map.of()));
    }

    @Test
    void signRefusesASignerThatIsNotTheListsPrimary() {
        assertThrows(ProtocolException.class, () -> DeviceLists.sign(Fixtures.validBody(), COMPANION2, Map.of()));
    }

    @Test
    void parseRefusesWhatAGeneralMapperWouldCoerce() {
        String valid = Fixtures.validList().toJson().toString();
        String floatVersion = valid.replace("\"version\":2", "\"version\":2.0");
        String missingMember = valid.replace("\"deviceSignatures\":", "\"otherSignatures\":");
        String duplicateMember = valid.replace("\"version\":2", "\"version\":2,\"version\":3");
        String nullLabel = valid.replace("\"label\":\"Firefox on Windows\"", "\"label\":null");
        String notJson = valid.substring(1);
        for (String json : new String[] {floatVersion, missingMember, duplicateMember, nullLabel, notJson}) {
            assertRejected(Reason.MALFORMED, () -> DeviceLists.parse(json));
        }
    }

    @Test
    void recordsSerializeWithJacksonExactlyAsTheWireForm() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SignedDeviceList signed = Fixtures.validList();
        assertEquals(mapper.readTree(signed.toJson().toString()), mapper.readTree(mapper.writeValueAsString(signed)));
        assertEquals(signed, mapper.readValue(mapper.writeValueAsString(signed), SignedDeviceList.class));
    }

    @Test
    void reasonCodesAreTheOnesOfTheSpec() {
        assertEquals("unexpected-device-signature", Reason.UNEXPECTED_DEVICE_SIGNATURE.code());
        assertEquals(Reason.WRONG_DEVICE_ID, Reason.fromCode("wrong-device-id"));
    }

    private static void assertReason(InvalidLists.Case invalid) {
        assertEquals(invalid.reason(), invalid.verdict(), invalid.name());
    }

    private static void assertRejected(Reason reason, Executable verification) {
        DeviceListException rejection = assertThrows(DeviceListException.class, verification);
        assertEquals(reason, rejection.reason(), rejection.getMessage());
    }
}
