package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.COMPANION2;
import static io.switchboard.protocol.Fixtures.EXPIRES_AT;
import static io.switchboard.protocol.Fixtures.NOW;
import static io.switchboard.protocol.Fixtures.PRIMARY;
import static io.switchboard.protocol.Fixtures.VERSION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.DeviceListException.Reason;
import java.util.List;
import java.util.Map;

/**
 * Signed lists with exactly one defect each: every other check passes, so the reason does not depend
 * on the order in which an implementation runs its checks.
 */
final class InvalidLists {

    record Case(String name, Reason reason, long now, byte[] pinnedPrimaryKey, long lastAcceptedVersion, ObjectNode signed) {

        /** The reason the verifier gives, or null if it accepts the list. */
        Reason verdict() {
            try {
                DeviceListVerifier.verify(DeviceLists.parse(signed), ACCOUNT, pinnedPrimaryKey, lastAcceptedVersion, now);
                return null;
            } catch (DeviceListException e) {
                return e.reason();
            }
        }
    }

    private InvalidLists() {
    }

    static List<Case> all() {
        return List.of(devicesNotSorted(), companionWithOwnerRole(), unknownMemberInBody(), labelTooLong(), smallOrderSigningKey(), lowOrderAgreementKey(),
                wrongAccount(), wrongPrimaryKey(), signedByAnotherKey(), staleVersion(), expiredLongAgo(),
                expiredAtSkewBoundary(), missingDeviceSignature(), deviceSignatureForAnotherPrimary(),
                idNotDerivedFromKey(), deviceSignatureOfAbsentDevice(), deviceSignatureOfPrimary());
    }

    static Case devicesNotSorted() {
        ObjectNode body = Fixtures.validBody().toJson();
        ArrayNode devices = (ArrayNode) body.get("devices");
        devices.insert(0, devices.remove(1));
        return signed("devices not sorted by id", Reason.MALFORMED, body);
    }

    static Case companionWithOwnerRole() {
        ObjectNode body = Fixtures.validBody().toJson();
        companion1Json(body).put("role", Role.OWNER.wire());
        return signed("companion with role owner", Reason.MALFORMED, body);
    }

    static Case unknownMemberInBody() {
        ObjectNode body = Fixtures.validBody().toJson();
        body.put("note", "not part of the list format");
        return signed("unknown member in the list body", Reason.MALFORMED, body);
    }

    static Case labelTooLong() {
        ObjectNode body = Fixtures.validBody().toJson();
        companion1Json(body).put("label", "x".repeat(DeviceListVerifier.MAX_TEXT_LENGTH + 1));
        return signed("label of 81 characters", Reason.MALFORMED, body);
    }

    /**
     * A companion whose signing key is the identity point, with the id derived from it and as device
     * signature "R = identity, S = 0", which a library without the key rule of §2 accepts for any message.
     */
    static Case smallOrderSigningKey() {
        byte[] identityPoint = new byte[Primitives.KEY_SIZE];
        identityPoint[0] = 1;
        byte[] forgery = new byte[Primitives.SIGNATURE_SIZE];
        forgery[0] = 1;
        DeviceEntry real = Fixtures.companion1Entry();
        String id = DeviceId.of(identityPoint);
        DeviceEntry weak = new DeviceEntry(id, false, real.role(), real.person(), real.label(),
                B64u.encode(identityPoint), real.agreementKey());
        ObjectNode body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT,
                Fixtures.sortedById(Fixtures.primaryEntry(), weak)).toJson();
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(id, B64u.encode(forgery)));
        return new Case("companion signing key of small order (the identity point)", Reason.MALFORMED, NOW,
                PRIMARY.signingKey(), 0, signed);
    }

    /** companion1 with the agreement key u = 0, countersigned by companion1, so only the key rule of §2 fails. */
    static Case lowOrderAgreementKey() {
        DeviceEntry real = Fixtures.companion1Entry();
        String lowOrder = B64u.encode(new byte[Primitives.KEY_SIZE]);
        DeviceEntry weak = new DeviceEntry(real.id(), false, real.role(), real.person(), real.label(), real.signingKey(), lowOrder);
        ObjectNode body = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT,
                Fixtures.sortedById(Fixtures.primaryEntry(), weak)).toJson();
        String signature = Fixtures.deviceSignatureOver(COMPANION1, ACCOUNT, real.id(), real.signingKey(), lowOrder,
                PRIMARY.signingKeyB64u());
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(real.id(), signature));
        return new Case("companion agreement key of low order (u = 0)", Reason.MALFORMED, NOW, PRIMARY.signingKey(), 0, signed);
    }

    static Case wrongAccount() {
        ObjectNode body = Fixtures.validBody().toJson();
        body.put("account", Fixtures.OTHER_ACCOUNT);
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body),
                Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, Fixtures.OTHER_ACCOUNT)));
        return new Case("list for another account", Reason.WRONG_ACCOUNT, NOW, PRIMARY.signingKey(), 0, signed);
    }

    static Case wrongPrimaryKey() {
        return new Case("pinned key is not the list's primary", Reason.WRONG_PRIMARY_KEY, NOW, COMPANION2.signingKey(), 0,
                Fixtures.validList().toJson());
    }

    static Case signedByAnotherKey() {
        ObjectNode body = Fixtures.validBody().toJson();
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(COMPANION2, body), companion1Signature());
        return new Case("signature by another key", Reason.BAD_SIGNATURE, NOW, PRIMARY.signingKey(), 0, signed);
    }

    static Case staleVersion() {
        return new Case("version below the last accepted one", Reason.STALE_VERSION, NOW, PRIMARY.signingKey(), VERSION + 1,
                Fixtures.validList().toJson());
    }

    static Case expiredLongAgo() {
        ObjectNode body = Fixtures.validBody().toJson();
        long issuedAt = NOW - 40 * 24 * 60 * 60;
        body.put("issuedAt", issuedAt);
        body.put("expiresAt", issuedAt + Fixtures.THIRTY_DAYS);
        return signed("expired ten days ago", Reason.EXPIRED, body);
    }

    static Case expiredAtSkewBoundary() {
        return new Case("now is expiresAt plus the 5 minutes of allowed skew", Reason.EXPIRED,
                EXPIRES_AT + DeviceListVerifier.CLOCK_SKEW_SECONDS, PRIMARY.signingKey(), 0, Fixtures.validList().toJson());
    }

    static Case missingDeviceSignature() {
        ObjectNode body = Fixtures.validBody().toJson();
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of());
        return new Case("companion without device signature", Reason.MISSING_DEVICE_SIGNATURE, NOW, PRIMARY.signingKey(), 0, signed);
    }

    static Case deviceSignatureForAnotherPrimary() {
        ObjectNode body = Fixtures.validBody().toJson();
        String signature = Fixtures.deviceSignatureOver(COMPANION1, ACCOUNT, COMPANION1.deviceId(),
                COMPANION1.signingKeyB64u(), COMPANION1.agreementKeyB64u(), COMPANION2.signingKeyB64u());
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(COMPANION1.deviceId(), signature));
        return new Case("device signature agreeing to another primary", Reason.BAD_DEVICE_SIGNATURE, NOW, PRIMARY.signingKey(), 0, signed);
    }

    /** companion1's keys under companion2's id; companion1 signed that id, so only the id derivation fails. */
    static Case idNotDerivedFromKey() {
        DeviceEntry real = Fixtures.companion1Entry();
        String borrowedId = COMPANION2.deviceId();
        DeviceEntry mislabelled = new DeviceEntry(borrowedId, false, real.role(), real.person(), real.label(),
                real.signingKey(), real.agreementKey());
        DeviceList list = DeviceList.of(ACCOUNT, VERSION, Fixtures.ISSUED_AT, EXPIRES_AT,
                Fixtures.sortedById(Fixtures.primaryEntry(), mislabelled));
        ObjectNode body = list.toJson();
        String signature = Fixtures.deviceSignatureOver(COMPANION1, ACCOUNT, borrowedId,
                real.signingKey(), real.agreementKey(), PRIMARY.signingKeyB64u());
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(borrowedId, signature));
        return new Case("id not derived from the signing key", Reason.WRONG_DEVICE_ID, NOW, PRIMARY.signingKey(), 0, signed);
    }

    static Case deviceSignatureOfAbsentDevice() {
        ObjectNode body = Fixtures.validBody().toJson();
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(
                COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT),
                COMPANION2.deviceId(), Fixtures.deviceSignature(COMPANION2, ACCOUNT)));
        return new Case("device signature of a device not in the list", Reason.UNEXPECTED_DEVICE_SIGNATURE, NOW,
                PRIMARY.signingKey(), 0, signed);
    }

    static Case deviceSignatureOfPrimary() {
        ObjectNode body = Fixtures.validBody().toJson();
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), Map.of(
                COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT),
                PRIMARY.deviceId(), Fixtures.deviceSignature(PRIMARY, ACCOUNT)));
        return new Case("device signature for the primary's own entry", Reason.UNEXPECTED_DEVICE_SIGNATURE, NOW,
                PRIMARY.signingKey(), 0, signed);
    }

    private static Case signed(String name, Reason reason, ObjectNode body) {
        ObjectNode signed = Fixtures.signedJson(body, Fixtures.signBody(PRIMARY, body), companion1Signature());
        return new Case(name, reason, NOW, PRIMARY.signingKey(), 0, signed);
    }

    private static Map<String, String> companion1Signature() {
        return Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT));
    }

    private static ObjectNode companion1Json(ObjectNode body) {
        for (var device : body.get("devices")) {
            if (device.get("id").asText().equals(COMPANION1.deviceId())) {
                return (ObjectNode) device;
            }
        }
        throw new IllegalStateException("companion1 not in the list");
    }
}
