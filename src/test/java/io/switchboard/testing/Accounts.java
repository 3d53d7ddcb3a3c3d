package io.switchboard.testing;

import io.restassured.response.Response;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.EphemeralKeyPair;
import io.switchboard.protocol.LinkProof;
import io.switchboard.protocol.Pairing;
import io.switchboard.protocol.PairingCode;
import io.switchboard.protocol.SignedDeviceList;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The account flows of docs/protocol.md §6, played by Java devices against the real API. */
public final class Accounts {

    public static final String NUMBER = "+4915112345678";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public Accounts(Clock clock) {
        this.clock = clock;
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }

    public DeviceList firstList(TestDevice primary) {
        DeviceEntry entry = DeviceEntry.of(primary.keys.signingKey(), primary.keys.agreementKey(), true, "owner", primary.person,
                primary.label);
        return DeviceList.of(NUMBER, 1, now(), now() + Duration.ofDays(30).toSeconds(), List.of(entry));
    }

    public Response setUp(String setupLink, TestDevice primary) {
        return primary.adoptSession(primary.request().body(setupBody(token(setupLink), primary,
                        DeviceLists.sign(firstList(primary), primary.keys, Map.of())))
                .post("/api/account/setup"));
    }

    public static Map<String, Object> setupBody(String token, TestDevice primary, SignedDeviceList list) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("businessNumber", NUMBER);
        body.put("displayName", "Acme Support");
        body.put("person", primary.person);
        body.put("label", primary.label);
        body.put("deviceList", list.toJson());
        return body;
    }

    public static String token(String setupLink) {
        return setupLink.substring(setupLink.indexOf("#token=") + "#token=".length());
    }

    public SignedDeviceList currentList(TestDevice device) {
        return DeviceLists.parse(device.request().get("/api/devices/list").then().statusCode(200).extract().asString());
    }

    /** The primary signs the successor of the current list with exactly these entries. */
    public SignedDeviceList successor(TestDevice primary, List<DeviceEntry> entries, Map<String, String> deviceSignatures) {
        SignedDeviceList current = currentList(primary);
        List<DeviceEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(DeviceEntry::id));
        DeviceList next = DeviceList.of(NUMBER, current.list().version() + 1, now(), now() + Duration.ofDays(30).toSeconds(), sorted);
        return DeviceLists.sign(next, primary.keys, deviceSignatures);
    }

    public SignedDeviceList withNewDevice(TestDevice primary, TestDevice companion, String role) {
        SignedDeviceList current = currentList(primary);
        List<DeviceEntry> entries = new ArrayList<>(current.list().devices());
        entries.add(DeviceEntry.of(companion.keys.signingKey(), companion.keys.agreementKey(), false, role, companion.person,
                companion.label));
        return successor(primary, entries, current.deviceSignatures());
    }

    public SignedDeviceList without(TestDevice primary, String... deviceIds) {
        List<String> dropped = List.of(deviceIds);
        SignedDeviceList current = currentList(primary);
        List<DeviceEntry> entries = current.list().devices().stream().filter(e -> !dropped.contains(e.id())).toList();
        Map<String, String> signatures = new HashMap<>(current.deviceSignatures());
        dropped.forEach(signatures::remove);
        return successor(primary, entries, signatures);
    }

    /** A customer registered through phone verification; its browser is its primary device. */
    public Response registerCustomer(TestDevice customer, String phone, CapturingPhoneVerifier verifier) {
        String id = customer.request().body(Map.of("phone", phone, "name", customer.person)).post("/api/customers/verifications")
                .then().statusCode(200).extract().path("verificationId");
        return customer.adoptSession(customer.request()
                .body(Map.of("code", verifier.lastCodeFor(phone), "deviceList", customerList(customer, phone).toJson()))
                .post("/api/customers/verifications/" + id + "/confirm"));
    }

    public SignedDeviceList customerList(TestDevice customer, String phone) {
        DeviceEntry entry = DeviceEntry.of(customer.keys.signingKey(), customer.keys.agreementKey(), true, "owner", customer.person,
                customer.label);
        DeviceList list = DeviceList.of(phone, 1, now(), now() + Duration.ofDays(30).toSeconds(), List.of(entry));
        return DeviceLists.sign(list, customer.keys, Map.of());
    }

    public Map<String, Object> qrRequest(TestDevice companion) {
        return Map.of("method", "qr", "person", companion.person, "label", companion.label,
                "signingKey", companion.signingKey(), "agreementKey", companion.agreementKey());
    }

    /** A QR link request in flight: the new device's secret is what the QR carries. */
    public record QrLink(String ref, byte[] secret) {
    }

    public QrLink openQr(TestDevice companion) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ref = companion.request().body(qrRequest(companion)).post("/api/link/requests")
                .then().statusCode(200).extract().path("ref");
        return new QrLink(ref, secret);
    }

    public Map<String, Object> approval(TestDevice primary, TestDevice companion, String ref, byte[] linkKey, String role) {
        SignedDeviceList list = withNewDevice(primary, companion, role);
        byte[] proof = LinkProof.compute(linkKey, ref, NUMBER, companion.id(), companion.signingKey(), companion.agreementKey(),
                primary.signingKey(), list.list().version());
        return Map.of("role", role, "deviceList", list.toJson(), "linkProof", B64u.encode(proof));
    }

    /** The new device's last step: check the approval, countersign, sign the challenge. */
    public Response complete(TestDevice companion, String ref, byte[] linkKey) {
        Response status = companion.request().get("/api/link/requests/" + ref + "/status");
        status.then().statusCode(200);
        SignedDeviceList approved = SignedDeviceList.fromJson(Json.tree(status.asString()).get("deviceList"));
        byte[] primaryKey = B64u.decode(approved.list().primaryEntry().orElseThrow().signingKey());
        if (!LinkProof.verify(linkKey, ref, NUMBER, companion.id(), companion.signingKey(), companion.agreementKey(),
                B64u.encode(primaryKey), approved.list().version(), B64u.decode(status.path("linkProof")))) {
            throw new AssertionError("link proof does not verify");
        }
        String deviceSignature = B64u.encode(DeviceLists.deviceSignature(companion.keys, NUMBER, primaryKey));
        return companion.adoptSession(companion.request()
                .body(Map.of("deviceSignature", deviceSignature, "challengeSignature", companion.signChallenge(status.path("challenge"))))
                .post("/api/link/requests/" + ref + "/complete"));
    }

    public void linkByQr(TestDevice primary, TestDevice companion, String role) {
        QrLink link = openQr(companion);
        primary.request().body(approval(primary, companion, link.ref(), link.secret(), role))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        complete(companion, link.ref(), link.secret()).then().statusCode(204);
    }

    /** The new device's side of a pairing-code request. */
    public record CodeLink(String ref, String code, byte[] salt, EphemeralKeyPair ephemeral, String pake1) {
    }

    public CodeLink openCode(TestDevice companion) {
        String code = PairingCode.generate(RANDOM);
        byte[] salt = new byte[Pairing.SALT_SIZE];
        RANDOM.nextBytes(salt);
        EphemeralKeyPair ephemeral = EphemeralKeyPair.generate(RANDOM);
        String pake1 = B64u.encode(Pairing.seal(Pairing.passwordKey(code, salt), ephemeral.publicKey(), RANDOM));
        Map<String, Object> body = new HashMap<>(qrRequest(companion));
        body.put("method", "code");
        body.put("account", NUMBER);
        body.put("salt", B64u.encode(salt));
        body.put("pake1", pake1);
        String ref = companion.request().body(body).post("/api/link/requests").then().statusCode(200).extract().path("ref");
        return new CodeLink(ref, code, salt, ephemeral, pake1);
    }

    /** The primary types {@code typedCode}; returns its link key and the pake2 it sent. */
    public record PrimaryPairing(byte[] linkKey, String pake2, Response response) {
    }

    public PrimaryPairing answer(TestDevice primary, CodeLink link, String typedCode) {
        byte[] passwordKey = Pairing.passwordKey(typedCode, link.salt());
        byte[] companionEphemeral = Pairing.open(passwordKey, B64u.decode(link.pake1()));
        EphemeralKeyPair ephemeral = EphemeralKeyPair.generate(RANDOM);
        String pake2 = B64u.encode(Pairing.seal(passwordKey, ephemeral.publicKey(), RANDOM));
        Response response = primary.request().body(Map.of("pake2", pake2)).post("/api/link/requests/" + link.ref() + "/pake");
        byte[] shared;
        try {
            shared = ephemeral.agree(companionEphemeral);
        } catch (RuntimeException e) {
            shared = new byte[32];
        }
        return new PrimaryPairing(Pairing.linkKey(shared, link.salt(), link.ref()), pake2, response);
    }

    /** The new device answers the primary's pake2 with its confirmation; returns its link key. */
    public byte[] confirm(TestDevice companion, CodeLink link, String pake2) {
        byte[] passwordKey = Pairing.passwordKey(link.code(), link.salt());
        byte[] primaryEphemeral = Pairing.open(passwordKey, B64u.decode(pake2));
        byte[] linkKey = Pairing.linkKey(link.ephemeral().agree(primaryEphemeral), link.salt(), link.ref());
        byte[] confirm = Pairing.confirm(linkKey, link.ref(), NUMBER, companion.id(), companion.signingKey(),
                companion.agreementKey(), link.pake1(), pake2);
        companion.request().body(Map.of("pake2", pake2, "confirm", B64u.encode(confirm)))
                .post("/api/link/requests/" + link.ref() + "/confirm").then().statusCode(204);
        return linkKey;
    }

    public boolean primaryAcceptsConfirm(TestDevice primary, TestDevice companion, CodeLink link, PrimaryPairing pairing) {
        String confirm = primary.request().get("/api/link/requests/" + link.ref()).then().statusCode(200).extract().path("confirm");
        return Pairing.verifyConfirm(pairing.linkKey(), link.ref(), NUMBER, companion.id(), companion.signingKey(),
                companion.agreementKey(), link.pake1(), pairing.pake2(), B64u.decode(confirm));
    }

    public void linkByCode(TestDevice primary, TestDevice companion, String role) {
        CodeLink link = openCode(companion);
        PrimaryPairing pairing = answer(primary, link, link.code());
        pairing.response().then().statusCode(200);
        byte[] companionKey = confirm(companion, link, pairing.pake2());
        if (!primaryAcceptsConfirm(primary, companion, link, pairing)) {
            throw new AssertionError("pairing confirmation does not verify");
        }
        primary.request().body(approval(primary, companion, link.ref(), pairing.linkKey(), role))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        complete(companion, link.ref(), companionKey).then().statusCode(204);
    }
}
