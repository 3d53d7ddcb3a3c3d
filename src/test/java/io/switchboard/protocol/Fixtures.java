package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deterministic identities and lists shared by the unit tests and the golden vector generator. */
final class Fixtures {

    static final String ACCOUNT = "+4915112345678";
    static final String OTHER_ACCOUNT = "+4915112345679";
    static final long ISSUED_AT = 1_795_000_000L;
    static final long THIRTY_DAYS = 30L * 24 * 60 * 60;
    static final long EXPIRES_AT = ISSUED_AT + THIRTY_DAYS;
    static final long NOW = ISSUED_AT + 100;
    static final long VERSION = 2;

    static final DeviceKeys PRIMARY = identity("primary");
    static final DeviceKeys COMPANION1 = identity("companion1");
    static final DeviceKeys COMPANION2 = identity("companion2");

    /** A customer's devices for the message tests (§13.1); the golden vectors use only the three above. */
    static final String CUSTOMER_ACCOUNT = "+5511987654321";
    static final DeviceKeys CUSTOMER = identity("customer");
    static final DeviceKeys CUSTOMER_COMPANION = identity("customer-companion");
    static final String CONVERSATION = B64u.encode(fixedBytes("conversation", 16));
    static final long SENT_AT = NOW + 20;

    private Fixtures() {
    }

    /** Bytes that look random but are the same on every run: a prefix of SHA-256 of the purpose. */
    static byte[] fixedBytes(String purpose, int length) {
        byte[] digest = Primitives.sha256(("switchboard/test-vectors/" + purpose).getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest, length);
    }

    static byte[] signingSeed(String name) {
        return fixedBytes(name + "/signing-seed", 32);
    }

    static byte[] agreementPrivate(String name) {
        return fixedBytes(name + "/agreement-private", 32);
    }

    private static DeviceKeys identity(String name) {
        return DeviceKeys.fromPrivate(signingSeed(name), agreementPrivate(name));
    }

    static DeviceEntry primaryEntry() {
        return DeviceEntry.of(PRIMARY.signingKey(), PRIMARY.agreementKey(), true, Role.OWNER.wire(), "Ana Lima", "Chrome on Linux");
    }

    static DeviceEntry companion1Entry() {
        return DeviceEntry.of(COMPANION1.signingKey(), COMPANION1.agreementKey(), false, Role.AGENT.wire(), "Bruno Souza", "Firefox on Windows");
    }

    static DeviceEntry companion2Entry() {
        return DeviceEntry.of(COMPANION2.signingKey(), COMPANION2.agreementKey(), false, Role.SUPERVISOR.wire(), "Carla Dias", "Safari on macOS");
    }

    static List<DeviceEntry> sortedById(DeviceEntry... entries) {
        List<DeviceEntry> sorted = new ArrayList<>(List.of(entries));
        sorted.sort(Comparator.comparing(DeviceEntry::id));
        return sorted;
    }

    static DeviceList validBody() {
        return DeviceList.of(ACCOUNT, VERSION, ISSUED_AT, EXPIRES_AT, sortedById(primaryEntry(), companion1Entry()));
    }

    static String deviceSignature(DeviceKeys companion, String account) {
        return B64u.encode(DeviceLists.deviceSignature(companion, account, PRIMARY.signingKey()));
    }

    /** The list every test starts from: version 2, the primary and companion1 with its device signature. */
    static SignedDeviceList validList() {
        return DeviceLists.sign(validBody(), PRIMARY, Map.of(COMPANION1.deviceId(), deviceSignature(COMPANION1, ACCOUNT)));
    }

    /** Signs any body, even one that breaks the list rules, so tests can build defective lists. */
    static String signBody(DeviceKeys signer, ObjectNode body) {
        return B64u.encode(signer.sign(Labels.DEVICE_LIST, CanonicalJson.canonicalJsonBytes(body)));
    }

    /** A device signature over arbitrary claims, for lists whose defect is in what the companion signed. */
    static String deviceSignatureOver(DeviceKeys signer, String account, String deviceId, String signingKey,
                                      String agreementKey, String primarySigningKey) {
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.put("account", account);
        claims.put("deviceId", deviceId);
        claims.put("signingKey", signingKey);
        claims.put("agreementKey", agreementKey);
        claims.put("primarySigningKey", primarySigningKey);
        return B64u.encode(signer.sign(Labels.DEVICE_ENTRY, CanonicalJson.canonicalJsonBytes(claims)));
    }

    /** The business list of the message tests: primary, companion1 (agent) and companion2 (supervisor), version 2. */
    static DeviceList businessList() {
        return DeviceList.of(ACCOUNT, VERSION, ISSUED_AT, EXPIRES_AT, sortedById(primaryEntry(), companion1Entry(), companion2Entry()));
    }

    /** The customer's list: its primary and one companion with role member, version 1. */
    static DeviceList customerList() {
        return DeviceList.of(CUSTOMER_ACCOUNT, 1, ISSUED_AT, EXPIRES_AT, sortedById(
                DeviceEntry.of(CUSTOMER.signingKey(), CUSTOMER.agreementKey(), true, Role.OWNER.wire(), "Dora Costa", "Chrome on Android"),
                DeviceEntry.of(CUSTOMER_COMPANION.signingKey(), CUSTOMER_COMPANION.agreementKey(), false, Role.MEMBER.wire(),
                        "Dora Costa", "Firefox on Linux")));
    }

    /** A header in the conversation of the message tests, naming the versions of the two lists above. */
    static MessageHeader header(DeviceKeys sender, String kind, String purpose) {
        return MessageHeader.of(CONVERSATION, sender.deviceId(), B64u.encode(fixedBytes("client-message-id/" + purpose, 16)),
                VERSION, 1, kind, SENT_AT);
    }

    static ObjectNode signedJson(ObjectNode body, String signature, Map<String, String> deviceSignatures) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("list", body);
        json.put("signature", signature);
        ObjectNode signatures = json.putObject("deviceSignatures");
        // Sorted: Map.of iterates in a different order on every run, and java.json must not churn.
        new TreeMap<>(deviceSignatures).forEach(signatures::put);
        return json;
    }
}
