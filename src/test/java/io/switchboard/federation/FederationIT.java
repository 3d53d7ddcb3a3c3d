package io.switchboard.federation;

import static io.switchboard.federation.TwoProviders.allow;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ApiCallException;
import io.switchboard.client.ApiClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.LinkProof;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.protocol.mimi.CborValue;
import io.switchboard.protocol.mimi.MimiContent;
import io.switchboard.protocol.mimi.NestedPart;
import io.switchboard.testing.PlaintextScan;
import io.switchboard.testing.RemoteAccount;
import io.switchboard.federation.TwoProviders.Provider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real providers, the packaged jar started twice, each with its own embedded PostgreSQL, blob directory and
 * certificate from its own test CA (made here, written to a temporary directory): a customer of provider {@code a.test}
 * chats with the business of provider {@code b.test} over the MIMI profile (docs/interop.md §4.9). The instances are
 * shared by the ordered tests: each builds on what the one before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BUSINESS_A = "+4930111111111";
    private static final String BUSINESS_B = "+4930222222222";
    private static final String CUSTOMER = "+4917000000001";
    private static final String MARKER = "MARKER-fed-" + Long.toHexString(RANDOM.nextLong());

    private final Vertx vertx = Vertx.vertx();
    private TwoProviders providers;
    private Provider a;
    private Provider b;
    private RemoteAccount ownerA;
    private RemoteAccount ownerB;
    private ApiClient agentB;
    private ApiClient customer;
    private ApiClient customerLaptop;
    private String chatId;
    private String roomId;
    private SignedDeviceList businessList;
    private long lastRemoteSeq;

    /** A peer provider played by the test against {@code provider}'s listener, with any certificate. */
    private TestPeer peerAs(Provider provider, String peerDomain, TestCa.Issued certificate) {
        return new TestPeer(vertx, peerDomain, certificate, provider.ca.certificatePem(), provider.federationPort);
    }

    @BeforeAll
    void startTwoProviders() throws Exception {
        providers = TwoProviders.start("switchboard-federation-it", 18291, false, Map.of(
                "switchboard.federation.request-timeout", "PT3S",
                "switchboard.federation.retry-max-delay", "PT2S",
                "quarkus.log.category.\"io.switchboard.federation\".level", "DEBUG"), "-Xmx384m");
        a = providers.a();
        b = providers.b();
        ownerA = a.setUpAccount(BUSINESS_A);
        ownerB = b.setUpAccount(BUSINESS_B);
        agentB = ownerB.link(b.node().uri(), b.publicUrl(), "Bruno");
        customer = a.registerCustomer(CUSTOMER);
        customerLaptop = linkCustomerDevice(a, customer, CUSTOMER);
    }

    @AfterAll
    void stop() {
        if (providers != null) {
            providers.close();
        }
        vertx.close();
    }

    @Test
    @Order(1)
    void withoutOptInOnEitherSideTheBusinessIsNotFoundAndNothingIsStored() throws Exception {
        ApiCallException neitherAllows = startRefused();
        allow(ownerA, b, true);
        ApiCallException onlyAAllows = startRefused();
        allow(ownerB, a, true);
        allow(ownerA, b, false);
        ApiCallException onlyBAllows = startRefused();
        allow(ownerA, b, true);
        ApiCallException otherNumber = assertThrows(ApiCallException.class, () -> customer.post("/api/federation/remote-chats",
                Map.of("domain", "b.test", "phone", "+4930999999999")));

        for (ApiCallException refused : List.of(neitherAllows, onlyAAllows, onlyBAllows, otherNumber)) {
            assertEquals(404, refused.status());
            assertEquals("not_found", refused.code());
        }
        assertEquals(0, a.count("federation_remote_chat"));
        assertEquals(0, a.count("federation_outbox"));
        assertEquals(0, b.count("federation_consent"));
        assertEquals(0, b.count("customer"));
    }

    @Test
    @Order(2)
    void aWrongCertificateOrAnUnknownDomainIsRefusedAndNothingIsStored() throws Exception {
        JsonObject request = new JsonObject().put("consentOperation", "request").put("requesterUri", "mimi://a.test/u/" + CUSTOMER)
                .put("targetUri", "mimi://b.test/u/" + BUSINESS_B);
        TestCa rogue = new TestCa("Rogue CA");

        TestPeer.Answer fromRogueCa = peerAs(b, "a.test", rogue.issue("a.test")).post("/v1/requestConsent/b.test", request);
        TestPeer.Answer unknownDomain = peerAs(b, "c.test", a.ca.issue("c.test")).post("/v1/requestConsent/b.test",
                request.copy().put("requesterUri", "mimi://c.test/u/" + CUSTOMER));
        TestPeer.Answer anotherDomainsCertificate = peerAs(b, "a.test", a.ca.issue("c.test")).post("/v1/requestConsent/b.test", request);

        for (TestPeer.Answer refused : List.of(fromRogueCa, unknownDomain, anotherDomainsCertificate)) {
            assertEquals(404, refused.status(), refused.body());
            assertEquals("not_found", refused.json().getString("code"));
        }
        assertEquals(0, b.count("federation_consent"));
        assertEquals(0, b.count("federation_outbox"));
    }

    @Test
    @Order(3)
    void aMessageReachesEveryBusinessDeviceShowingOnlyTheNumberAndTheTicksComeBack() throws Exception {
        JsonNode started = customer.post("/api/federation/remote-chats", Map.of("domain", "b.test", "phone", BUSINESS_B));
        chatId = started.get("id").asText();
        assertEquals("requested", started.get("state").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> "granted".equals(chat(customer).path("chat").path("state").asText()));
        JsonNode detail = chat(customer);
        roomId = detail.path("chat").path("roomId").asText();
        businessList = verified(detail.get("businessList"), BUSINESS_B, ownerB.primary().keys().signingKey());
        assertEquals(2, businessList.list().devices().size(), "the owner and the agent");

        String sent = send(customer, "Is my order on its way? " + MARKER);

        List<String> texts = new ArrayList<>();
        for (ApiClient device : List.of(ownerB.primary(), agentB)) {
            JsonNode message = await().atMost(Duration.ofSeconds(20)).until(() -> lastMessage(device, roomId), found -> found != null);
            MessageEnvelope envelope = MessageEnvelope.fromJson(message.get("envelope"));
            assertEquals(customer.keys().deviceId(), envelope.header().sender());
            texts.add(MimiContent.decode(Envelopes.receive(envelope, customer.keys().signingKey(), device.keys())).text());
        }
        assertEquals(List.of(sent, sent), texts);
        JsonNode conversation = ownerB.primary().get("/api/conversations/" + roomId);
        assertEquals(CUSTOMER, conversation.get("phone").asText());
        assertEquals(CUSTOMER, conversation.get("name").asText(), "the business sees the number only");

        await().atMost(Duration.ofSeconds(20)).until(() -> ownMessages().stream().allMatch(m -> m.path("state").asText().equals("accepted")));
        long remoteSeq = ownMessages().get(0).path("remoteSeq").asLong();
        assertTrue(remoteSeq > 0);
        for (ApiClient device : List.of(ownerB.primary(), agentB)) {
            device.post("/api/messages/ack", Map.of("upTo", lastMessage(device, roomId).get("seq").asLong()));
        }
        ownerB.primary().post("/api/conversations/" + roomId + "/read", Map.of("seq", remoteSeq));
        await().atMost(Duration.ofSeconds(20)).until(() -> chat(customerLaptop).path("chat").path("readSeq").asLong() >= remoteSeq);
        assertTrue(chat(customerLaptop).path("chat").path("deliveredSeq").asLong() >= remoteSeq);
        lastRemoteSeq = remoteSeq;
    }

    @Test
    @Order(4)
    void anEnvelopeThatMissesOneOfTheCustomersDevicesIsRefusedAndNothingIsQueued() throws Exception {
        JsonNode chat = chat(customer);
        assertEquals("mimi://a.test/u/" + CUSTOMER, chat.get("userUri").asText(), "named as A's federation domain names the customer");
        SignedDeviceList own = SignedDeviceList.fromJson(chat.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, customer.keys().deviceId(), MessageHeader.randomId(RANDOM),
                businessList.list().version(), own.list().version(), MessageHeader.KIND_TEXT, Instant.now().getEpochSecond());
        byte[] content = mimiText("only for the business");
        Map<String, byte[]> recipients = new java.util.TreeMap<>(Envelopes.recipients(header, businessList.list(), own.list()));
        recipients.remove(customerLaptop.keys().deviceId());
        MessageEnvelope withoutLaptop = Envelopes.seal(customer.keys(), header, content, recipients, RANDOM);
        long stored = a.count("federation_remote_message");

        ApiCallException refused = assertThrows(ApiCallException.class, () -> customer.post("/api/federation/remote-chats/" + chatId + "/messages",
                Map.of("messageId", B64u.encode(messageId(content)), "envelope", withoutLaptop.toJson())));

        assertEquals(400, refused.status());
        assertEquals("envelope_invalid", refused.code());
        assertEquals(stored, a.count("federation_remote_message"));
        assertEquals(0, a.count("federation_outbox"));
    }

    @Test
    @Order(5)
    void aReplyReachesEveryDeviceOfTheCustomerAndTheCustomersTicksGoBack() throws Exception {
        ApiClient owner = ownerB.primary();
        JsonNode conversation = owner.get("/api/conversations/" + roomId);
        SignedDeviceList business = SignedDeviceList.fromJson(conversation.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(conversation.get("customerList"));
        assertEquals(2, customerList.list().devices().size(), "both of the customer's browsers");
        MessageHeader header = MessageHeader.of(roomId, owner.keys().deviceId(), MessageHeader.randomId(RANDOM), business.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, Instant.now().getEpochSecond());
        owner.post("/api/messages", Envelopes.seal(owner.keys(), header, mimiText("It left this morning. " + MARKER),
                Envelopes.recipients(header, business.list(), customerList.list()), RANDOM).toJson());

        for (ApiClient device : List.of(customer, customerLaptop)) {
            JsonNode reply = await().atMost(Duration.ofSeconds(20)).until(() -> messages(device).stream()
                    .filter(m -> !m.path("fromCustomer").asBoolean()).findFirst().orElse(null), found -> found != null);
            MessageEnvelope envelope = MessageEnvelope.fromJson(reply.get("envelope"));
            assertEquals(Set.of(device.keys().deviceId()), envelope.wraps().keySet(), "each device gets its own wrap");
            byte[] agentKey = B64u.decode(businessList.list().entry(envelope.header().sender()).orElseThrow().signingKey());
            assertEquals("It left this morning. " + MARKER, MimiContent.decode(Envelopes.receive(envelope, agentKey, device.keys())).text());
        }
        String laptopSeesOwn = MimiContent.decode(Envelopes.receive(MessageEnvelope.fromJson(
                messages(customerLaptop).get(0).get("envelope")), customer.keys().signingKey(), customerLaptop.keys())).text();
        assertTrue(laptopSeesOwn.startsWith("Is my order on its way?"), "the customer's other browser has what the first one sent");

        long replySeq = messages(customerLaptop).stream().filter(m -> !m.path("fromCustomer").asBoolean()).findFirst().orElseThrow()
                .path("remoteSeq").asLong();
        customerLaptop.post("/api/federation/remote-chats/" + chatId + "/receipts", Map.of("deliveredSeq", replySeq, "readSeq", replySeq));
        await().atMost(Duration.ofSeconds(20)).until(() -> customerSideReadSeq() >= replySeq);
    }

    @Test
    @Order(6)
    void whenTheBusinessProviderIsKilledMidSendTheMessagesArriveOnceAfterItRestarts() throws Exception {
        int before = businessMessages().size();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add(send(customer, "burst " + i));
            if (i == 3) {
                ProcessHandle process = ProcessHandle.of(b.node().pid()).orElseThrow();
                process.destroyForcibly();
                process.onExit().get();
            }
        }
        assertTrue(a.count("federation_outbox") > 0, "A keeps what B has not taken");
        b.start();

        await().atMost(Duration.ofSeconds(40)).until(() -> a.count("federation_outbox") == 0);
        List<String> received = new ArrayList<>();
        for (JsonNode message : businessMessages().subList(before, businessMessages().size())) {
            received.add(MimiContent.decode(Envelopes.receive(MessageEnvelope.fromJson(message.get("envelope")), customer.keys().signingKey(),
                    ownerB.primary().keys())).text());
        }
        assertEquals(texts.size(), received.size(), "every message once: " + received);
        assertEquals(Set.copyOf(texts), Set.copyOf(received));
        assertEquals(before + texts.size(), b.count("federation_submission"));
    }

    @Test
    @Order(7)
    void aRevokedConsentRefusesTheNextSendOnBothSides() throws Exception {
        TwoProviders.call(customer, "DELETE", "/api/federation/remote-chats/" + chatId, null, 204);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.count("federation_consent where state = 'revoked'") == 1);
        long stored = b.count("message");

        ApiCallException atA = assertThrows(ApiCallException.class, () -> send(customer, "after revoke"));
        TestPeer.Answer atB = peerAs(b, "a.test", a.identity).post("/v1/submitMessage/" + roomId, new JsonObject()
                .put("messageId", B64u.encode(new byte[32])).put("senderUri", "mimi://a.test/u/" + CUSTOMER).put("envelope", new JsonObject()));

        assertEquals(404, atA.status());
        assertEquals("not_found", atA.code());
        assertEquals(404, atB.status(), atB.body());
        assertEquals("not_found", atB.json().getString("code"));
        assertEquals(stored, b.count("message"));
    }

    @Test
    @Order(8)
    void neitherProviderKeepsAnyPlaintextInItsDatabaseOrBlobs() throws Exception {
        assertTrue(lastRemoteSeq > 0, "the exchange above ran");
        for (Provider provider : List.of(a, b)) {
            PlaintextScan.assertNowhere(MARKER, provider.database.jdbcUrl(), provider.databaseDirectory(), provider.blobs());
        }
    }

    // --- the customer's device, as a browser of the customer page does it ---

    /** Seals a MIMI text for every device of the business's verified list and of the customer's own list, and sends it. */
    private String send(ApiClient device, String text) throws Exception {
        JsonNode detail = chat(device);
        SignedDeviceList own = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, device.keys().deviceId(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                own.list().version(), MessageHeader.KIND_TEXT, Instant.now().getEpochSecond());
        byte[] content = mimiText(text);
        MessageEnvelope envelope = Envelopes.seal(device.keys(), header, content, Envelopes.recipients(header, businessList.list(), own.list()),
                RANDOM);
        device.post("/api/federation/remote-chats/" + chatId + "/messages", Map.of("messageId", B64u.encode(messageId(content)),
                "envelope", envelope.toJson()));
        return text;
    }

    /** The MIMI message id (docs/interop.md §1) with the customer's URI and the room's. */
    private byte[] messageId(byte[] content) {
        return MimiContent.decode(content).messageId("mimi://a.test/u/" + CUSTOMER, "mimi://b.test/r/" + roomId);
    }

    /** How far the business's provider has the customer's side as having read the room. */
    private long customerSideReadSeq() {
        for (JsonNode receipt : ownerB.primary().get("/api/conversations/" + roomId).path("receipts")) {
            if (receipt.path("side").asText().equals("customer")) {
                return receipt.path("readSeq").asLong();
            }
        }
        return 0;
    }

    private JsonNode chat(ApiClient device) {
        return device.get("/api/federation/remote-chats/" + chatId);
    }

    private List<JsonNode> messages(ApiClient device) {
        List<JsonNode> messages = new ArrayList<>();
        device.get("/api/federation/remote-chats/" + chatId + "/messages?after=0").get("messages").forEach(messages::add);
        return messages;
    }

    private List<JsonNode> ownMessages() {
        return messages(customer).stream().filter(m -> m.path("fromCustomer").asBoolean()).toList();
    }

    private ApiCallException startRefused() {
        return assertThrows(ApiCallException.class, () -> customer.post("/api/federation/remote-chats",
                Map.of("domain", "b.test", "phone", BUSINESS_B)));
    }

    private static SignedDeviceList verified(JsonNode json, String account, byte[] pinnedPrimaryKey) {
        assertNotNull(json, "the business's key material");
        SignedDeviceList list = SignedDeviceList.fromJson(json);
        DeviceListVerifier.verify(list, account, pinnedPrimaryKey, 0, Instant.now().getEpochSecond());
        return list;
    }

    // --- the business's devices ---

    private List<JsonNode> businessMessages() {
        List<JsonNode> messages = new ArrayList<>();
        ownerB.primary().get("/api/messages?after=0&limit=500").get("messages").forEach(message -> {
            if (message.path("envelope").path("header").path("conversation").asText().equals(roomId)
                    && message.path("envelope").path("header").path("sender").asText().equals(customer.keys().deviceId())) {
                messages.add(message);
            }
        });
        return messages;
    }

    private static JsonNode lastMessage(ApiClient device, String conversation) {
        JsonNode last = null;
        for (JsonNode message : device.get("/api/messages?after=0&limit=500").get("messages")) {
            if (message.path("envelope").path("header").path("conversation").asText().equals(conversation)) {
                last = message;
            }
        }
        return last;
    }

    // --- set-up over the public API ---

    /** The customer's second browser, linked by the QR flow and approved on the first (docs/protocol.md §6.3). */
    private static ApiClient linkCustomerDevice(Provider provider, ApiClient primary, String phone) {
        ApiClient companion = provider.client(DeviceKeys.generate(RANDOM));
        DeviceKeys keys = companion.keys();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String ref = companion.post("/api/link/requests", Map.of("method", "qr", "person", phone, "label", "Laptop", "owner", "customer",
                "account", phone, "signingKey", keys.signingKeyB64u(), "agreementKey", keys.agreementKeyB64u())).get("ref").asText();
        SignedDeviceList current = SignedDeviceList.fromJson(primary.get("/api/customers/me").get("customerList"));
        List<DeviceEntry> entries = new ArrayList<>(current.list().devices());
        entries.add(DeviceEntry.of(keys.signingKey(), keys.agreementKey(), false, Role.MEMBER.wire(), phone, "Laptop"));
        entries.sort(Comparator.comparing(DeviceEntry::id));
        long now = Instant.now().getEpochSecond();
        DeviceList next = DeviceList.of(phone, current.list().version() + 1, now, now + Duration.ofDays(30).toSeconds(), entries);
        SignedDeviceList signed = DeviceLists.sign(next, primary.keys(), current.deviceSignatures());
        byte[] proof = LinkProof.compute(secret, ref, phone, keys.deviceId(), keys.signingKeyB64u(), keys.agreementKeyB64u(),
                primary.keys().signingKeyB64u(), next.version());
        primary.post("/api/link/requests/" + ref + "/approve", Map.of("role", "member", "deviceList", signed.toJson(),
                "linkProof", B64u.encode(proof)));
        JsonNode status = companion.get("/api/link/requests/" + ref + "/status");
        String deviceSignature = B64u.encode(DeviceLists.deviceSignature(keys, phone, primary.keys().signingKey()));
        String challengeSignature = B64u.encode(io.switchboard.protocol.AuthChallenge.signature(keys,
                B64u.decode(status.get("challenge").asText()), companion.origin()));
        companion.post("/api/link/requests/" + ref + "/complete", Map.of("deviceSignature", deviceSignature,
                "challengeSignature", challengeSignature));
        return companion;
    }

    private static byte[] mimiText(String text) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new MimiContent(salt, null, new byte[0], null, null, new CborValue.Map(List.of()), NestedPart.text(MimiContent.MARKDOWN, text))
                .encode();
    }
}
