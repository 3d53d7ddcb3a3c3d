package io.switchboard.linking;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.EphemeralKeyPair;
import io.switchboard.protocol.LinkProof;
import io.switchboard.protocol.Pairing;
import io.switchboard.protocol.PairingCode;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.Json;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A customer links a second browser (docs/protocol.md §6.3): the same flow as the business's, approved on the first browser. */
@QuarkusTest
class CustomerLinkingApiTest extends ApiTest {

    private static final String PHONE = "+351912345678";
    private static final String OTHER_PHONE = "+351919999999";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CapturingPhoneVerifier verifier;

    private TestDevice owner;
    private TestDevice maria;

    @BeforeEach
    void customerWithOneBrowser() {
        owner = primary();
        maria = TestDevice.create("Maria");
        accounts.registerCustomer(maria, PHONE, verifier).then().statusCode(204);
    }

    @Test
    void aSecondBrowserIsLinkedByQrAndJoinsTheCustomersList() {
        TestDevice laptop = TestDevice.create("Maria");

        linkByQr(maria, PHONE, laptop).then().statusCode(204);

        laptop.request().get("/api/customers/me").then().statusCode(200)
                .body("phone", equalTo(PHONE))
                .body("customerList.list.version", equalTo(2))
                .body("customerList.list.devices", hasSize(2))
                .body("customerList.deviceSignatures." + laptop.id(), org.hamcrest.Matchers.notNullValue());
        assertEquals(1, data.count("device where id = '" + laptop.id() + "' and owner <> 'business' and role = 'member'"));
        assertEquals(1, data.count("audit_event where action = 'link.approved' and details like '%\"customer\"%'"));
        assertEquals(1, data.count("audit_event where action = 'link.completed' and details like '%\"customer\"%'"));
    }

    @Test
    void aSecondBrowserIsLinkedByPairingCode() {
        TestDevice laptop = TestDevice.create("Maria");
        CodeLink link = openCode(laptop, PHONE);
        answer(maria, link, link.code()).then().statusCode(200);
        byte[] primaryKey = lastPrimaryLinkKey;
        byte[] laptopKey = confirm(laptop, link, lastPake2);
        maria.request().body(approval(maria, PHONE, laptop, link.ref(), primaryKey))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        complete(laptop, PHONE, link.ref(), laptopKey).then().statusCode(204);

        laptop.request().get("/api/customers/me").then().statusCode(200).body("customerList.list.devices", hasSize(2));
    }

    @Test
    void theFirstBrowserRefusesAndTheNewOneLearnsWhy() {
        TestDevice stranger = TestDevice.create("Maria?");
        String ref = openQr(stranger, PHONE);
        maria.request().get("/api/link/requests").then().statusCode(200).body("ref", org.hamcrest.Matchers.contains(ref));

        maria.request().post("/api/link/requests/" + ref + "/refuse").then().statusCode(204);

        stranger.request().get("/api/link/requests/" + ref + "/status").then()
                .body("status", equalTo("refused")).body("refusalReason", equalTo("The owner declined this device."))
                .body("deviceList", org.hamcrest.Matchers.nullValue());
        assertEquals(0, data.count("device where id = '" + stranger.id() + "'"));
        assertEquals(1, data.count("audit_event where action = 'link.refused' and details like '%declined%'"));
    }

    @Test
    void wrongPairingCodesLockTheRequest() {
        TestDevice laptop = TestDevice.create("Maria");
        CodeLink link = openCode(laptop, PHONE);
        String wrongCode = link.code().startsWith("A") ? "B" + link.code().substring(1) : "A" + link.code().substring(1);
        for (int attempt = 1; attempt <= 5; attempt++) {
            answer(maria, link, wrongCode).then().statusCode(200).body("pakeAttempts", equalTo(attempt));
        }

        answer(maria, link, link.code()).then().statusCode(429).body("code", equalTo("pairing_attempts_exceeded"));
        laptop.request().get("/api/link/requests/" + link.ref() + "/status").then()
                .body("status", equalTo("refused")).body("refusalReason", equalTo("Too many wrong pairing codes."));
        assertEquals(0, data.count("device where owner <> 'business' and not is_primary"));
    }

    @Test
    void nobodyButTheCustomersFirstBrowserSeesOrApprovesTheRequest() {
        TestDevice otherCustomer = TestDevice.create("Pedro");
        accounts.registerCustomer(otherCustomer, OTHER_PHONE, verifier).then().statusCode(204);
        TestDevice laptop = TestDevice.create("Maria");
        QrLink link = openQrLink(laptop, PHONE);

        otherCustomer.request().get("/api/link/requests").then().statusCode(200).body("$", hasSize(0));
        otherCustomer.request().get("/api/link/requests/" + link.ref()).then().statusCode(404);
        otherCustomer.request().post("/api/link/requests/" + link.ref() + "/refuse").then().statusCode(404);
        Map<String, Object> stolen = approval(otherCustomer, OTHER_PHONE, laptop, link.ref(), link.secret());
        otherCustomer.request().body(stolen).post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(404)
                .body("code", equalTo("link_request_not_found"));
        owner.request().get("/api/link/requests").then().statusCode(200).body("$", hasSize(0));
        owner.request().get("/api/link/requests/" + link.ref()).then().statusCode(404);

        laptop.request().get("/api/link/requests/" + link.ref() + "/status").then().body("status", equalTo("pending"));
        assertEquals(0, data.count("device where id = '" + laptop.id() + "'"));
    }

    @Test
    void aRequestForANumberNoCustomerHasLooksTheSameAndNobodyCanApproveIt() {
        TestDevice stranger = TestDevice.create("Nobody");
        String ref = openQr(stranger, "+351910000000");

        stranger.request().get("/api/link/requests/" + ref + "/status").then().statusCode(200).body("status", equalTo("pending"));
        maria.request().get("/api/link/requests").then().body("$", hasSize(0));
        owner.request().get("/api/link/requests").then().body("$", hasSize(0));
        stranger.request().body(Map.of("deviceSignature", B64u.encode(new byte[64]), "challengeSignature", B64u.encode(new byte[64])))
                .post("/api/link/requests/" + ref + "/complete").then().statusCode(409).body("code", equalTo("link_request_not_approved"));
    }

    @Test
    void aCustomerLinksAMemberOnlyAndAtMostTheConfiguredNumber() {
        TestDevice laptop = TestDevice.create("Maria");
        QrLink asAgent = openQrLink(laptop, PHONE);
        Map<String, Object> agentApproval = new HashMap<>(approval(maria, PHONE, laptop, asAgent.ref(), asAgent.secret()));
        agentApproval.put("role", "agent");
        maria.request().body(agentApproval).post("/api/link/requests/" + asAgent.ref() + "/approve").then().statusCode(400)
                .body("code", equalTo("role_invalid"));
        maria.request().post("/api/link/requests/" + asAgent.ref() + "/refuse").then().statusCode(204);

        linkByQr(maria, PHONE, TestDevice.create("Maria")).then().statusCode(204);
        linkByQr(maria, PHONE, TestDevice.create("Maria")).then().statusCode(204);
        TestDevice third = TestDevice.create("Maria");
        QrLink link = openQrLink(third, PHONE);
        maria.request().body(approval(maria, PHONE, third, link.ref(), link.secret()))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(409)
                .body("code", equalTo("companion_limit_reached")).body("details.limit", equalTo(2));
        assertEquals(1, data.count("audit_event where action = 'link.refused' and details like '%companion-limit%'"));
    }

    @Test
    void aCompanionOfTheCustomerCannotApprove() {
        TestDevice laptop = TestDevice.create("Maria");
        linkByQr(maria, PHONE, laptop).then().statusCode(204);
        TestDevice phone = TestDevice.create("Maria");
        String ref = openQr(phone, PHONE);

        laptop.request().get("/api/link/requests").then().statusCode(403).body("code", equalTo("primary_required"));
        laptop.request().post("/api/link/requests/" + ref + "/refuse").then().statusCode(403);
    }

    @Test
    void theNewBrowserGetsTheConversationsHistoryFromTheFirstAndBothKeepChatting() {
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(owner, agent, "agent");
        SwitchboardClient mariaClient = Clients.of(maria, clock);
        SwitchboardClient agentClient = Clients.of(agent, clock);
        String conversation = mariaClient.myConversation();
        mariaClient.sendText(conversation, "hello");
        agentClient.sendText(conversation, "hi Maria");
        agentClient.sendText(conversation, "how can I help?");
        agentClient.sendNote(conversation, "team only");
        TestDevice pedro = TestDevice.create("Pedro");
        accounts.registerCustomer(pedro, OTHER_PHONE, verifier).then().statusCode(204);
        Clients.of(pedro, clock).sendText(Clients.of(pedro, clock).myConversation(), "someone else's");

        TestDevice laptop = TestDevice.create("Maria");
        linkByQr(maria, PHONE, laptop).then().statusCode(204);
        // Her history is her conversation without the team's note and without anyone else's conversation.
        laptop.request().get("/api/history/progress").then().body("total", equalTo(3)).body("synced", equalTo(0));
        assertEquals(0, Clients.of(pedro, clock).rewrapHistory(), "another customer's browser has nothing to do for Maria's");
        assertEquals(0, Clients.of(agent, clock).rewrapHistory(), "the business's devices re-wrap only for the business");
        owner.request().body(Map.of("deviceId", laptop.id(), "wraps", Map.of())).post("/api/history/wraps").then().statusCode(404);

        assertEquals(3, Clients.of(maria, clock).rewrapHistory());

        laptop.request().get("/api/history/progress").then().body("synced", equalTo(3));
        SwitchboardClient laptopClient = Clients.of(laptop, clock);
        assertEquals(List.of("hello", "hi Maria", "how can I help?"), texts(laptopClient));
        laptopClient.sendText(conversation, "from my laptop");
        agentClient.sendText(conversation, "got it");
        List<String> whole = List.of("hello", "hi Maria", "how can I help?", "from my laptop", "got it");
        assertEquals(whole, texts(laptopClient));
        assertEquals(whole, texts(Clients.of(maria, clock)));
        assertTrue(texts(Clients.of(agent, clock)).contains("from my laptop"));
        assertFalse(data.count("message_wrap w join message m on m.seq = w.message_seq where w.device_id = '" + laptop.id()
                + "' and m.conversation_id <> '" + conversation + "'") > 0, "the laptop holds nothing of another conversation");
    }

    @Test
    void theFirstBrowserLogsAnotherOutWithAListWithoutIt() {
        TestDevice laptop = TestDevice.create("Maria");
        linkByQr(maria, PHONE, laptop).then().statusCode(204);
        SignedDeviceList current = customerList(maria);

        SignedDeviceList dropLaptop = without(current, laptop, maria);
        laptop.request().body(dropLaptop.toJson()).put("/api/customers/me/list").then().statusCode(403)
                .body("code", equalTo("primary_required"));
        owner.request().body(dropLaptop.toJson()).put("/api/customers/me/list").then().statusCode(403)
                .body("code", equalTo("customer_device_required"));
        SignedDeviceList asAgent = resigned(current, current.list().devices().stream()
                .map(entry -> entry.id().equals(laptop.id()) ? new DeviceEntry(entry.id(), false, "agent", entry.person(), entry.label(),
                        entry.signingKey(), entry.agreementKey()) : entry).toList(), maria);
        maria.request().body(asAgent.toJson()).put("/api/customers/me/list").then().statusCode(409)
                .body("code", equalTo("device_list_mismatch")).body("details.deviceId", equalTo(laptop.id()));

        maria.request().body(dropLaptop.toJson()).put("/api/customers/me/list").then().statusCode(200)
                .body("list.version", equalTo(3));

        laptop.request().get("/api/customers/me").then().statusCode(401).body("code", equalTo("device_removed"))
                .body("details.reason", equalTo("removed"));
        maria.request().get("/api/customers/me").then().statusCode(200).body("customerList.list.devices", hasSize(1));
        assertEquals(1, data.count("audit_event where action = 'device.removed' and subject_device_id = '" + laptop.id()
                + "' and details like '%\"customer\"%'"));
    }

    private SignedDeviceList customerList(TestDevice device) {
        return SignedDeviceList.fromJson(
                Json.tree(device.request().get("/api/customers/me").then().statusCode(200).extract().asString()).get("customerList"));
    }

    /** The current list without {@code dropped}, signed by the customer's primary {@code signer}. */
    private SignedDeviceList without(SignedDeviceList current, TestDevice dropped, TestDevice signer) {
        return resigned(current, current.list().devices().stream().filter(entry -> !entry.id().equals(dropped.id())).toList(), signer);
    }

    private SignedDeviceList resigned(SignedDeviceList current, List<DeviceEntry> entries, TestDevice signer) {
        long now = accounts.now();
        DeviceList next = DeviceList.of(current.list().account(), current.list().version() + 1, now,
                now + Duration.ofDays(30).toSeconds(), entries);
        Map<String, String> signatures = new HashMap<>(current.deviceSignatures());
        signatures.keySet().retainAll(entries.stream().map(DeviceEntry::id).toList());
        return DeviceLists.sign(next, signer.keys, signatures);
    }

    private static List<String> texts(SwitchboardClient client) {
        return client.fetchAll().stream().map(ReceivedMessage::text).toList();
    }

    private record QrLink(String ref, byte[] secret) {
    }

    private record CodeLink(String ref, String code, byte[] salt, EphemeralKeyPair ephemeral, String pake1) {
    }

    private byte[] lastPrimaryLinkKey;
    private String lastPake2;

    private Map<String, Object> requestBody(TestDevice device, String method, String phone) {
        Map<String, Object> body = new HashMap<>(accounts.qrRequest(device));
        body.put("method", method);
        body.put("owner", "customer");
        body.put("account", phone);
        return body;
    }

    private String openQr(TestDevice device, String phone) {
        return openQrLink(device, phone).ref();
    }

    private QrLink openQrLink(TestDevice device, String phone) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ref = device.request().body(requestBody(device, "qr", phone)).post("/api/link/requests")
                .then().statusCode(200).extract().path("ref");
        return new QrLink(ref, secret);
    }

    private CodeLink openCode(TestDevice device, String phone) {
        String code = PairingCode.generate(RANDOM);
        byte[] salt = new byte[Pairing.SALT_SIZE];
        RANDOM.nextBytes(salt);
        EphemeralKeyPair ephemeral = EphemeralKeyPair.generate(RANDOM);
        String pake1 = B64u.encode(Pairing.seal(Pairing.passwordKey(code, salt), ephemeral.publicKey(), RANDOM));
        Map<String, Object> body = requestBody(device, "code", phone);
        body.put("salt", B64u.encode(salt));
        body.put("pake1", pake1);
        String ref = device.request().body(body).post("/api/link/requests").then().statusCode(200).extract().path("ref");
        return new CodeLink(ref, code, salt, ephemeral, pake1);
    }

    /** The first browser types {@code typedCode}; keeps its link key and pake2 for the next steps. */
    private Response answer(TestDevice primary, CodeLink link, String typedCode) {
        byte[] passwordKey = Pairing.passwordKey(typedCode, link.salt());
        EphemeralKeyPair ephemeral = EphemeralKeyPair.generate(RANDOM);
        lastPake2 = B64u.encode(Pairing.seal(passwordKey, ephemeral.publicKey(), RANDOM));
        Response response = primary.request().body(Map.of("pake2", lastPake2)).post("/api/link/requests/" + link.ref() + "/pake");
        try {
            lastPrimaryLinkKey = Pairing.linkKey(ephemeral.agree(Pairing.open(passwordKey, B64u.decode(link.pake1()))), link.salt(),
                    link.ref());
        } catch (RuntimeException wrongCode) {
            lastPrimaryLinkKey = new byte[32];
        }
        return response;
    }

    private byte[] confirm(TestDevice device, CodeLink link, String pake2) {
        byte[] passwordKey = Pairing.passwordKey(link.code(), link.salt());
        byte[] linkKey = Pairing.linkKey(link.ephemeral().agree(Pairing.open(passwordKey, B64u.decode(pake2))), link.salt(), link.ref());
        byte[] confirm = Pairing.confirm(linkKey, link.ref(), PHONE, device.id(), device.signingKey(), device.agreementKey(),
                link.pake1(), pake2);
        device.request().body(Map.of("pake2", pake2, "confirm", B64u.encode(confirm)))
                .post("/api/link/requests/" + link.ref() + "/confirm").then().statusCode(204);
        return linkKey;
    }

    private Response linkByQr(TestDevice primary, String phone, TestDevice device) {
        QrLink link = openQrLink(device, phone);
        primary.request().body(approval(primary, phone, device, link.ref(), link.secret()))
                .post("/api/link/requests/" + link.ref() + "/approve").then().statusCode(204);
        return complete(device, phone, link.ref(), link.secret());
    }

    /** The customer's first browser signs its current list plus the new browser as a member, and proves it saw the link key. */
    private Map<String, Object> approval(TestDevice primary, String phone, TestDevice device, String ref, byte[] linkKey) {
        SignedDeviceList current = SignedDeviceList.fromJson(
                Json.tree(primary.request().get("/api/customers/me").then().statusCode(200).extract().asString()).get("customerList"));
        List<DeviceEntry> entries = new ArrayList<>(current.list().devices());
        entries.add(DeviceEntry.of(device.keys.signingKey(), device.keys.agreementKey(), false, "member", device.person, device.label));
        entries.sort(Comparator.comparing(DeviceEntry::id));
        long now = accounts.now();
        DeviceList next = DeviceList.of(phone, current.list().version() + 1, now, now + Duration.ofDays(30).toSeconds(), entries);
        SignedDeviceList signed = DeviceLists.sign(next, primary.keys, current.deviceSignatures());
        byte[] proof = LinkProof.compute(linkKey, ref, phone, device.id(), device.signingKey(), device.agreementKey(),
                primary.signingKey(), next.version());
        return Map.of("role", "member", "deviceList", signed.toJson(), "linkProof", B64u.encode(proof));
    }

    private Response complete(TestDevice device, String phone, String ref, byte[] linkKey) {
        Response status = device.request().get("/api/link/requests/" + ref + "/status");
        status.then().statusCode(200).body("status", equalTo("approved"));
        SignedDeviceList approved = SignedDeviceList.fromJson(Json.tree(status.asString()).get("deviceList"));
        byte[] primaryKey = B64u.decode(approved.list().primaryEntry().orElseThrow().signingKey());
        if (!LinkProof.verify(linkKey, ref, phone, device.id(), device.signingKey(), device.agreementKey(), B64u.encode(primaryKey),
                approved.list().version(), B64u.decode(status.path("linkProof")))) {
            throw new AssertionError("link proof does not verify");
        }
        String deviceSignature = B64u.encode(DeviceLists.deviceSignature(device.keys, phone, primaryKey));
        return device.adoptSession(device.request()
                .body(Map.of("deviceSignature", deviceSignature, "challengeSignature", device.signChallenge(status.path("challenge"))))
                .post("/api/link/requests/" + ref + "/complete"));
    }
}
