package io.switchboard.federation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.SwitchboardConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.protocol.mimi.CborValue;
import io.switchboard.protocol.mimi.MimiContent;
import io.switchboard.protocol.mimi.NestedPart;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.PlaintextScan;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Third-party chats between the app (provider {@code b.test}) and a peer provider {@code a.test} played
 * by the test over real mutual TLS, with certificates made at test time (docs/interop.md).
 */
@QuarkusTest
@QuarkusTestResource(FederationTestResource.class)
class FederationApiTest extends ApiTest {

    private static final String BUSINESS_URI = "mimi://b.test/u/" + Accounts.NUMBER;
    private static final String REMOTE_NUMBER = "+4917000000001";
    private static final String REMOTE_URI = "mimi://a.test/u/" + REMOTE_NUMBER;

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    SwitchboardConfig config;

    @Inject
    PlaintextScan plaintext;

    @Inject
    RoomNotifications notifications;

    @Inject
    CapturingPhoneVerifier verifier;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestCa peerCa = new TestCa("Peer a.test CA");
    private final TestDevice remote = TestDevice.create("Rita Remote");
    private SignedDeviceList remoteList;
    private SignedDeviceList business;
    private TestDevice owner;
    private TestPeer peer;
    private String peerAddress;

    @BeforeEach
    void startPeer() throws Exception {
        owner = primary();
        remoteList = accounts.customerList(remote, REMOTE_NUMBER);
        Path appCertificate = Path.of(config.federation().certificateFile().orElseThrow());
        String appCa = Files.readString(appCertificate.resolveSibling(FederationTestResource.CA_FILE));
        peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port());
        peerAddress = peer.listen();
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Test
    void aPeerThatIsUnknownOrOffFindsNobodyAndStoresNothing() {
        TestPeer.Answer unknown = peer.post("/v1/identifierQuery/b.test", phoneQuery(Accounts.NUMBER));
        allow(false);
        TestPeer.Answer off = peer.post("/v1/identifierQuery/b.test", phoneQuery(Accounts.NUMBER));
        TestPeer.Answer consentWhileOff = peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        allow(true);
        TestPeer.Answer otherNumber = peer.post("/v1/identifierQuery/b.test", phoneQuery("+4930123456789"));
        TestPeer.Answer otherDomain = peer.post("/v1/identifierQuery/c.test", phoneQuery(Accounts.NUMBER));
        TestPeer.Answer found = peer.post("/v1/identifierQuery/b.test", phoneQuery(Accounts.NUMBER));

        for (TestPeer.Answer notFound : new TestPeer.Answer[] {unknown, off, consentWhileOff, otherNumber, otherDomain}) {
            assertEquals(404, notFound.status());
            assertEquals(unknown.body(), notFound.body(), "every kind of not found reads the same");
        }
        assertEquals("not_found", unknown.json().getString("code"));
        assertEquals(200, found.status());
        assertEquals("success", found.json().getString("responseCode"));
        assertEquals(new JsonArray().add(BUSINESS_URI), found.json().getJsonArray("uri"));
        assertEquals(0, data.count("federation_consent"));
    }

    @Test
    void onlyAPhoneNumberCanBeSearched() {
        allow(true);
        JsonObject byHandle = new JsonObject().put("queryElements",
                new JsonArray().add(new JsonObject().put("searchType", "handle").put("searchValue", "ana")));

        TestPeer.Answer answer = peer.post("/v1/identifierQuery/b.test", byHandle);

        assertEquals(400, answer.status());
        assertEquals("unsupported_field", answer.json().getString("code"));
    }

    @Test
    void aWrongCertificateOrAnUnknownDomainIsRefusedAndNothingIsStored() {
        allow(true);
        TestCa.Issued rogue = new TestCa("Rogue CA").issue("a.test");
        TestCa.Issued otherDomain = peerCa.issue("c.test");
        JsonObject request = consent("request", REMOTE_URI, BUSINESS_URI);

        TestPeer.Answer fromRogueCa = peer.call(rogue, "mimi@a.test", HttpMethod.POST, "/v1/requestConsent/b.test", request);
        TestPeer.Answer unknownDomain = peer.call(otherDomain, "mimi@c.test", HttpMethod.POST, "/v1/requestConsent/b.test",
                consent("request", "mimi://c.test/u/" + REMOTE_NUMBER, BUSINESS_URI));
        TestPeer.Answer certificateForAnotherDomain = peer.call(otherDomain, "mimi@a.test", HttpMethod.POST, "/v1/requestConsent/b.test", request);

        for (TestPeer.Answer refused : new TestPeer.Answer[] {fromRogueCa, unknownDomain, certificateForAnotherDomain}) {
            assertEquals(404, refused.status());
            assertEquals("not_found", refused.json().getString("code"));
        }
        assertEquals(0, data.count("federation_consent"));
        assertTrue(peer.received.isEmpty(), "nothing was sent to the peer");
    }

    @Test
    void aConsentRequestIsGrantedBackWithARoomAndARetriedMessageIsStoredOnce() throws Exception {
        allow(true);

        TestPeer.Answer requested = peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        JsonObject grant = awaitGrant();
        String roomId = grant.getString("roomId");
        JsonObject message = submission(roomId, "hello");
        TestPeer.Answer first = peer.post("/v1/submitMessage/" + roomId, message);
        TestPeer.Answer retry = peer.post("/v1/submitMessage/" + roomId, message);

        assertEquals(201, requested.status());
        assertEquals(REMOTE_URI, grant.getString("requesterUri"));
        assertEquals(BUSINESS_URI, grant.getString("targetUri"));
        TestPeer.Received update = peer.received.stream().filter(received -> received.method() == HttpMethod.POST).findFirst().orElseThrow();
        assertEquals("a.test", update.host());
        assertEquals("mimi@b.test", update.from());
        assertEquals(201, first.status());
        assertFalse(first.json().getBoolean("duplicate"));
        assertEquals(first.json().getLong("seq"), retry.json().getLong("seq"), "a retry learns the seq of the stored message");
        assertEquals(200, retry.status());
        assertTrue(retry.json().getBoolean("duplicate"));
        assertEquals(1, data.count("federation_submission"));
        assertEquals(1, data.count("message"));
    }

    @Test
    void aRemoteUsersMessageEntersTheQueueForEveryBusinessDeviceWithOnlyTheNumberShown() throws Exception {
        TestDevice agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(owner, agent, "agent");
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");

        TestPeer.Answer submitted = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "MARKER-7f3a only for the business"));

        assertEquals(201, submitted.status(), submitted.body());
        owner.request().get("/api/conversations/" + roomId).then().statusCode(200)
                .body("phone", equalTo(REMOTE_NUMBER)).body("name", equalTo(REMOTE_NUMBER))
                .body("customerList.list.devices[0].id", equalTo(remote.id()));
        owner.request().get("/api/conversations").then().statusCode(200)
                .body("find { it.id == '" + roomId + "' }.status", equalTo("open"))
                .body("find { it.id == '" + roomId + "' }.queuedAt", notNullValue())
                .body("find { it.id == '" + roomId + "' }.phone", equalTo(REMOTE_NUMBER))
                .body("find { it.id == '" + roomId + "' }.source", equalTo("a.test"));
        for (TestDevice device : List.of(owner, agent)) {
            device.request().get("/api/messages?after=0").then().statusCode(200)
                    .body("messages.size()", equalTo(1)).body("messages[0].envelope.header.sender", equalTo(remote.id()));
        }
        assertEquals(0L, data.count("message where encode(ciphertext, 'escape') like '%MARKER-7f3a%'"));
    }

    @Test
    void aRemoteUsersDevicesNeverSignInAtThePublicApi() throws Exception {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello")).status());

        remote.request().body(Map.of("deviceId", remote.id())).post("/api/auth/challenge")
                .then().statusCode(401).body("code", equalTo("device_unknown"));
        owner.request().get("/api/conversations/" + roomId).then().statusCode(200).body("customerList.list.devices[0].id", equalTo(remote.id()));
    }

    @Test
    void theBusinessReplyAndReadMarksTravelBetweenTheProvidersWithWrapsForTheRemoteUsersDevicesOnly() throws Exception {
        TestDevice agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(owner, agent, "agent");
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        TestPeer.Answer submitted = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "Is my order on its way?"));
        long remoteSeq = submitted.json().getLong("seq");

        JsonNode detail = JSON.readTree(owner.request().get("/api/conversations/" + roomId).then().statusCode(200).extract().asString());
        SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope reply = Envelopes.seal(owner.keys, header, mimiText("It left this morning."),
                Envelopes.recipients(header, businessList.list(), customerList.list()), RANDOM);
        owner.request().body(reply.toJson()).post("/api/messages").then().statusCode(201);
        owner.request().body(Map.of("seq", remoteSeq)).post("/api/conversations/" + roomId + "/read").then().statusCode(204);

        JsonObject message = awaitNotification(roomId, note -> note.getString("type").equals("message"));
        MessageEnvelope carried = MessageEnvelope.fromJson(JSON.readTree(message.getJsonObject("envelope").encode()));
        assertEquals(Set.of(remote.id()), carried.wraps().keySet(), "the peer gets the remote user's wraps only");
        assertEquals("It left this morning.", MimiContent.decode(Envelopes.receive(carried, B64u.decode(owner.signingKey()), remote.keys)).text());
        assertTrue(message.getLong("seq") > remoteSeq);
        JsonObject read = awaitNotification(roomId, note -> note.getString("type").equals("receipt") && note.getLong("readSeq") >= remoteSeq);
        assertEquals(remoteSeq, read.getLong("readSeq"));

        long replySeq = message.getLong("seq");
        TestPeer.Answer receipt = peer.post("/v1/notify/" + roomId,
                new JsonObject().put("type", "receipt").put("deliveredSeq", replySeq).put("readSeq", replySeq));
        TestPeer.Answer notAReceipt = peer.post("/v1/notify/" + roomId,
                new JsonObject().put("type", "message").put("deliveredSeq", 0).put("readSeq", 0));
        assertEquals(201, receipt.status());
        assertEquals(400, notAReceipt.status());
        assertEquals("unsupported_notification", notAReceipt.json().getString("code"));
        owner.request().get("/api/conversations/" + roomId).then().statusCode(200)
                .body("receipts.find { it.side == 'customer' }.readSeq", equalTo((int) replySeq))
                .body("receipts.find { it.side == 'customer' }.deliveredSeq", equalTo((int) replySeq));
    }

    @Test
    void aBusinessMessageWhoseNotificationACrashCutOffIsQueuedOnceBySweep() throws Exception {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(roomId, "Hello?")).status());
        JsonNode detail = JSON.readTree(owner.request().get("/api/conversations/" + roomId).then().statusCode(200).extract().asString());
        SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader sent = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        owner.request().body(Envelopes.seal(owner.keys, sent, mimiText("Sent the usual way"),
                Envelopes.recipients(sent, businessList.list(), customerList.list()), RANDOM).toJson()).post("/api/messages").then().statusCode(201);
        long sentSeq = awaitNotification(roomId, note -> note.getString("type").equals("message")).getLong("seq");

        // As the message writer commits a message, and then the node dies before anything is queued for the peer.
        MessageHeader header = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope lost = Envelopes.seal(owner.keys, header, mimiText("Committed, then the node died"),
                Envelopes.recipients(header, businessList.list(), customerList.list()), RANDOM);
        data.execute("insert into message (conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, stored_at)"
                + " values ('" + roomId + "', '" + owner.id() + "', '" + header.clientMessageId() + "', 'text', '" + header.toJson() + "', decode('"
                + java.util.HexFormat.of().formatHex(B64u.decode(lost.ciphertext())) + "', 'hex'), '" + lost.signature() + "', now())");
        lost.wraps().forEach((device, wrap) -> data.execute("insert into message_wrap (device_id, message_seq, wrap) select '" + device
                + "', max(seq), decode('" + java.util.HexFormat.of().formatHex(B64u.decode(wrap)) + "', 'hex') from message"));

        notifications.sweep();
        notifications.sweep();

        JsonObject recovered = awaitNotification(roomId, note -> note.getString("type").equals("message") && note.getLong("seq") > sentSeq);
        MessageEnvelope carried = MessageEnvelope.fromJson(JSON.readTree(recovered.getJsonObject("envelope").encode()));
        assertEquals(Set.of(remote.id()), carried.wraps().keySet());
        assertEquals("Committed, then the node died",
                MimiContent.decode(Envelopes.receive(carried, B64u.decode(owner.signingKey()), remote.keys)).text());
        await().atMost(Duration.ofSeconds(10)).until(() -> data.count("federation_outbox") == 0);
        assertEquals(List.of(sentSeq, recovered.getLong("seq")), notifications(roomId).stream()
                .filter(note -> note.getString("type").equals("message")).map(note -> note.getLong("seq")).toList(), "each message once");
    }

    @Test
    void aUsersNewDeviceListIsTakenWhenItVerifiesAsNewerAndRefusedWhenForgedOrStale() throws Exception {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(roomId, "From my phone")).status());
        TestDevice laptop = TestDevice.create("Rita Laptop");
        SignedDeviceList withLaptop = remoteSuccessor(laptop);
        // the same list under the signature of a list its primary never signed
        SignedDeviceList forged = new SignedDeviceList(withLaptop.list(), accounts.customerList(remote, REMOTE_NUMBER).signature(),
                withLaptop.deviceSignatures());

        TestPeer.Answer forgedAnswer = peer.post("/v1/notify/" + roomId, deviceListNotice(forged));
        TestPeer.Answer fromLaptop = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "From my laptop", laptop, withLaptop));
        TestPeer.Answer staleAnswer = peer.post("/v1/notify/" + roomId, deviceListNotice(remoteList));

        assertEquals(400, forgedAnswer.status(), forgedAnswer.body());
        assertEquals("bad-signature", forgedAnswer.json().getJsonObject("details").getString("reason"));
        assertEquals(201, fromLaptop.status(), fromLaptop.body());
        assertEquals(400, staleAnswer.status(), staleAnswer.body());
        assertEquals("stale-version", staleAnswer.json().getJsonObject("details").getString("reason"));
        JsonNode detail = JSON.readTree(owner.request().get("/api/conversations/" + roomId).then().statusCode(200)
                .body("customerList.list.version", equalTo(2)).extract().asString());
        SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        owner.request().body(Envelopes.seal(owner.keys, header, mimiText("Both of your devices read this"),
                Envelopes.recipients(header, businessList.list(), customerList.list()), RANDOM).toJson()).post("/api/messages").then().statusCode(201);
        JsonObject reply = awaitNotification(roomId, note -> note.getString("type").equals("message"));
        assertEquals(Set.of(remote.id(), laptop.id()), reply.getJsonObject("envelope").getJsonObject("wraps").fieldNames());
        owner.request().get("/api/messages?after=0").then().statusCode(200).body("messages.size()", equalTo(3));
    }

    @Test
    void aCustomersChangedListGoesToTheBusinessProviderOfEachGrantedRemoteChat() throws Exception {
        TestDevice customer = TestDevice.create("Dora Customer");
        accounts.registerCustomer(customer, "+4915700000031", verifier);
        allow(true);
        peer.findable.add("+4917000000042");
        String chatId = customer.request().body(Map.of("domain", "a.test", "phone", "+4917000000042")).post("/api/federation/remote-chats")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
        String room = B64u.encode(new byte[16]);
        assertEquals(201, peer.post("/v1/updateConsent/b.test", consent("grant", "mimi://b.test/u/+4915700000031", "mimi://a.test/u/+4917000000042")
                .put("roomId", room)).status());
        customer.request().get("/api/federation/remote-chats/" + chatId).then().statusCode(200).body("chat.state", equalTo("granted"));

        SignedDeviceList current = accounts.customerList(customer, "+4915700000031");
        SignedDeviceList renewed = DeviceLists.sign(DeviceList.of("+4915700000031", 2, accounts.now(), accounts.now() + 86_400,
                current.list().devices()), customer.keys, Map.of());
        customer.request().body(renewed.toJson()).put("/api/customers/me/list").then().statusCode(200);

        JsonObject notice = awaitNotification(room, note -> note.getString("type").equals("deviceList"));
        assertEquals(2, notice.getJsonObject("deviceList").getJsonObject("list").getInteger("version"));
    }

    @Test
    void thePeersDirectoryIsReadOnceAndAgainAfterItsSettingsAreSavedEvenUnchanged() {
        allow(true);
        peer.findable.add(REMOTE_NUMBER);
        java.util.function.LongSupplier directoryReads = () -> peer.received.stream()
                .filter(r -> r.path().equals("/.well-known/mimi-protocol-directory")).count();
        for (int i = 0; i < 2; i++) {
            owner.request().body(Map.of("domain", "a.test", "phone", REMOTE_NUMBER)).post("/api/federation/chats").then().statusCode(202);
        }
        assertEquals(1, directoryReads.getAsLong(), "the directory is kept between calls");

        allow(true);
        owner.request().body(Map.of("domain", "a.test", "phone", REMOTE_NUMBER)).post("/api/federation/chats").then().statusCode(202);
        // at least: the queued consent request may read it too, as the new client's first call
        assertTrue(directoryReads.getAsLong() >= 2, "saved again, unchanged: a new client reads the directory again");
    }

    @Test
    void anAgentStartsAChatWithANumberAtThePeerWhichOpensWhenTheUserGrantsIt() throws Exception {
        TestDevice agent = TestDevice.create("Bruno Agent");
        accounts.linkByQr(owner, agent, "agent");
        allow(true);
        peer.findable.add(REMOTE_NUMBER);

        agent.request().body(Map.of("domain", "a.test", "phone", "+4917000000009")).post("/api/federation/chats")
                .then().statusCode(404).body("code", equalTo("not_found"));
        agent.request().body(Map.of("domain", "c.test", "phone", REMOTE_NUMBER)).post("/api/federation/chats")
                .then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(0, data.count("federation_consent"));
        String roomId = agent.request().body(Map.of("domain", "a.test", "phone", REMOTE_NUMBER)).post("/api/federation/chats")
                .then().statusCode(202).body("state", equalTo("requested")).extract().path("roomId");

        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
        JsonObject request = new JsonObject(peer.received.stream().filter(r -> r.path().equals("/v1/requestConsent/a.test")).findFirst()
                .orElseThrow().body());
        assertEquals("request", request.getString("consentOperation"));
        assertEquals(BUSINESS_URI, request.getString("requesterUri"));
        assertEquals(REMOTE_URI, request.getString("targetUri"));
        assertEquals(roomId, request.getString("roomId"));
        owner.request().get("/api/conversations/" + roomId).then().statusCode(404);

        TestPeer.Answer granted = peer.post("/v1/updateConsent/b.test", consent("grant", BUSINESS_URI, REMOTE_URI)
                .put("roomId", roomId).put("deviceList", new JsonObject(remoteList.toJson().toString())));

        assertEquals(201, granted.status(), granted.body());
        JsonNode detail = JSON.readTree(agent.request().get("/api/conversations/" + roomId).then().statusCode(200)
                .body("phone", equalTo(REMOTE_NUMBER)).extract().asString());
        SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        owner.request().body(Envelopes.seal(owner.keys, header, mimiText("Hello from the business"),
                Envelopes.recipients(header, businessList.list(), customerList.list()), RANDOM).toJson()).post("/api/messages").then().statusCode(201);
        JsonObject first = awaitNotification(roomId, note -> note.getString("type").equals("message"));
        MessageEnvelope carried = MessageEnvelope.fromJson(JSON.readTree(first.getJsonObject("envelope").encode()));
        assertEquals("Hello from the business", MimiContent.decode(Envelopes.receive(carried, B64u.decode(owner.signingKey()), remote.keys)).text());
    }

    @Test
    void noPlaintextOfAThirdPartyChatIsStoredInTheDatabase() throws Exception {
        String marker = "MARKER-" + B64u.encode(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7});
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(roomId, "from the user " + marker)).status());
        JsonNode detail = JSON.readTree(owner.request().get("/api/conversations/" + roomId).then().statusCode(200).extract().asString());
        SignedDeviceList businessList = SignedDeviceList.fromJson(detail.get("businessList"));
        SignedDeviceList customerList = SignedDeviceList.fromJson(detail.get("customerList"));
        MessageHeader header = MessageHeader.of(roomId, owner.id(), MessageHeader.randomId(RANDOM), businessList.list().version(),
                customerList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        owner.request().body(Envelopes.seal(owner.keys, header, mimiText("from the business " + marker),
                Envelopes.recipients(header, businessList.list(), customerList.list()), RANDOM).toJson()).post("/api/messages").then().statusCode(201);
        awaitNotification(roomId, note -> note.getString("type").equals("message"));

        assertEquals(2, data.count("message"));
        plaintext.assertNowhereInTheDatabase(marker);
    }

    @Test
    void aRevokedConsentOrAProviderTurnedOffRefusesTheNextMessage() throws Exception {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello")).status());

        TestPeer.Answer revoked = peer.post("/v1/updateConsent/b.test", consent("revoke", BUSINESS_URI, REMOTE_URI));
        TestPeer.Answer afterRevoke = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello"));
        peer.post("/v1/updateConsent/b.test", consent("grant", BUSINESS_URI, REMOTE_URI));
        TestPeer.Answer afterNewGrant = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello"));
        peer.post("/v1/requestConsent/b.test", consent("cancel", REMOTE_URI, BUSINESS_URI));
        TestPeer.Answer afterCancel = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello"));
        peer.post("/v1/updateConsent/b.test", consent("grant", BUSINESS_URI, REMOTE_URI));
        allow(false);
        TestPeer.Answer afterTurnedOff = peer.post("/v1/submitMessage/" + roomId, submission(roomId, "hello"));

        assertEquals(201, revoked.status());
        assertEquals(404, afterRevoke.status());
        assertEquals(201, afterNewGrant.status(), "the same room again once consent is granted again");
        assertEquals(404, afterCancel.status());
        assertEquals(404, afterTurnedOff.status());
        assertEquals(2, data.count("federation_submission"));
        assertEquals(2, data.count("message"));
    }

    @Test
    void aMessageFromAnotherUserOfThePeerIsNotTakenInSomeoneElsesRoom() throws Exception {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");

        TestPeer.Answer answer = peer.post("/v1/submitMessage/" + roomId,
                submission(roomId, "hello").put("senderUri", "mimi://a.test/u/+4917000000002"));

        assertEquals(404, answer.status());
        assertEquals(0, data.count("federation_submission"));
    }

    @Test
    void identifierQueriesAreLimitedPerPeer() {
        allow(true);
        for (int i = 0; i < FederationTestResource.QUERIES_PER_MINUTE; i++) {
            assertEquals(404, peer.post("/v1/identifierQuery/b.test", phoneQuery("+49301234567" + i)).status());
        }

        TestPeer.Answer limited = peer.post("/v1/identifierQuery/b.test", phoneQuery(Accounts.NUMBER));

        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.json().getString("code"));
    }

    @Test
    void thePeerEndpointsDoNotExistOnThePublicPort() {
        given().contentType("application/json").header("From", "mimi@a.test").body(phoneQuery(Accounts.NUMBER).encode())
                .post("/v1/identifierQuery/b.test").then().statusCode(404);
        given().get("/.well-known/mimi-protocol-directory").then().statusCode(404);

        TestPeer.Answer directory = peer.get("/.well-known/mimi-protocol-directory");
        assertEquals(200, directory.status());
        assertEquals("https://b.test:" + listener.port() + "/v1/submitMessage/{roomId}", directory.json().getString("submitMessage"));
    }

    @Test
    void theOwnerSeesAndChangesThePeers() {
        allow(true);

        owner.request().get("/api/federation").then().statusCode(200)
                .body("domain", equalTo("b.test")).body("listening", equalTo(true))
                .body("peers[0].domain", equalTo("a.test")).body("peers[0].enabled", equalTo(true));
        owner.request().body(Map.of("address", peerAddress, "trustPem", "not a certificate", "enabled", true))
                .put("/api/federation/peers/a.test").then().statusCode(400).body("code", equalTo("invalid_trust"));
        owner.request().delete("/api/federation/peers/a.test").then().statusCode(204);
        owner.request().delete("/api/federation/peers/a.test").then().statusCode(404).body("code", equalTo("peer_not_found"));
    }

    private void allow(boolean enabled) {
        owner.request().body(Map.of("address", peerAddress, "trustPem", peerCa.certificatePem(), "enabled", enabled))
                .put("/api/federation/peers/a.test").then().statusCode(200);
    }

    private JsonObject awaitGrant() {
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(received -> received.method() == HttpMethod.POST));
        TestPeer.Received update = peer.received.stream().filter(received -> received.method() == HttpMethod.POST).findFirst().orElseThrow();
        assertEquals("/v1/updateConsent/a.test", update.path());
        JsonObject grant = new JsonObject(update.body());
        assertEquals("grant", grant.getString("consentOperation"));
        assertNotNull(grant.getString("roomId"));
        return grant;
    }

    private JsonObject awaitNotification(String roomId, java.util.function.Predicate<JsonObject> wanted) {
        await().atMost(Duration.ofSeconds(10)).until(() -> notifications(roomId).stream().anyMatch(wanted));
        return notifications(roomId).stream().filter(wanted).findFirst().orElseThrow();
    }

    private List<JsonObject> notifications(String roomId) {
        return peer.received.stream().filter(received -> received.path().equals("/v1/notify/" + roomId))
                .map(received -> new JsonObject(received.body())).toList();
    }

    private static byte[] mimiText(String text) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new MimiContent(salt, null, new byte[0], null, null, new CborValue.Map(List.of()), NestedPart.text(MimiContent.MARKDOWN, text))
                .encode();
    }

    private static JsonObject phoneQuery(String number) {
        return new JsonObject().put("queryElements", new JsonArray().add(new JsonObject().put("searchType", "phone").put("searchValue", number)));
    }

    private static JsonObject consent(String operation, String requester, String target) {
        return new JsonObject().put("consentOperation", operation).put("requesterUri", requester).put("targetUri", target);
    }

    /** The business's signed list as a peer's user gets it: through key material, once consent is granted. */
    private SignedDeviceList businessList() throws Exception {
        TestPeer.Answer answer = peer.post("/v1/keyMaterial/b.test",
                new JsonObject().put("requesterUri", REMOTE_URI).put("targetUri", BUSINESS_URI));
        assertEquals(200, answer.status(), answer.body());
        return SignedDeviceList.fromJson(JSON.readTree(answer.json().getJsonObject("deviceList").encode()));
    }

    /** A message of the remote user in MIMI content, sealed for every device of both lists as a customer's is. */
    private JsonObject submission(String roomId, String text) throws Exception {
        return submission(roomId, text, remote, remoteList);
    }

    private JsonObject submission(String roomId, String text, TestDevice sender, SignedDeviceList senderList) throws Exception {
        if (business == null) {
            business = businessList();
        }
        MessageHeader header = MessageHeader.of(roomId, sender.id(), MessageHeader.randomId(RANDOM), business.list().version(),
                senderList.list().version(), MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope envelope = Envelopes.seal(sender.keys, header, mimiText(text),
                Envelopes.recipients(header, business.list(), senderList.list()), RANDOM);
        return new JsonObject().put("messageId", messageId()).put("senderUri", REMOTE_URI)
                .put("envelope", new JsonObject(envelope.toJson().toString()))
                .put("deviceList", new JsonObject(senderList.toJson().toString()));
    }

    /** The remote user's list version 2 with a new companion, signed by the user's primary. */
    private SignedDeviceList remoteSuccessor(TestDevice companion) {
        DeviceEntry added = DeviceEntry.of(companion.keys.signingKey(), companion.keys.agreementKey(), false, "member", companion.person,
                companion.label);
        List<DeviceEntry> entries = new java.util.ArrayList<>(remoteList.list().devices());
        entries.add(added);
        entries.sort(java.util.Comparator.comparing(DeviceEntry::id));
        String companionSignature = B64u.encode(DeviceLists.deviceSignature(companion.keys, REMOTE_NUMBER, remote.keys.signingKey()));
        return DeviceLists.sign(DeviceList.of(REMOTE_NUMBER, 2, accounts.now(), accounts.now() + 86_400, entries), remote.keys,
                Map.of(added.id(), companionSignature));
    }

    private static JsonObject deviceListNotice(SignedDeviceList list) {
        return new JsonObject().put("type", "deviceList").put("deviceList", new JsonObject(list.toJson().toString()));
    }

    private static String messageId() {
        byte[] id = new byte[32];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] = 1;
        return B64u.encode(id);
    }
}
