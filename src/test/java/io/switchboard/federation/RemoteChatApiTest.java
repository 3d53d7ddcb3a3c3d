package io.switchboard.federation;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.blobs.BlobStore;
import io.switchboard.blobs.UnclaimedBlobs;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.Json;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer side of third-party chats on this provider (docs/protocol.md §16.1), with the business's provider
 * a.test played by the test over mutual TLS.
 */
@QuarkusTest
class RemoteChatApiTest extends ApiTest {

    private static final String PHONE = "+4915700000031";
    private static final String BUSINESS_THERE = "+4917000000042";
    private static final String ROOM = B64u.encode(new byte[16]);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    FederationSettings settings;

    @Inject
    SwitchboardConfig config;

    @Inject
    CapturingPhoneVerifier verifier;

    @Inject
    UnclaimedBlobs unclaimed;

    @Inject
    BlobStore blobStore;

    private TestDevice customer;
    private TestPeer peer;

    @BeforeEach
    void customerAndPeer() throws Exception {
        primary();
        customer = TestDevice.create("Dora Customer");
        accounts.registerCustomer(customer, PHONE, verifier);
        TestCa peerCa = new TestCa("Peer a.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port());
        settings.putPeer(null, "a.test", peer.listen(), peerCa.certificatePem(), true);
        peer.findable.add(BUSINESS_THERE);
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Test
    void theCustomersOpenPagesAreToldWhenTheBusinessGrantsWritesAndMovesItsMarks() throws Exception {
        EventClient socket = EventClient.open(customer);
        String chatId = requested();

        grant();
        awaitPushes(socket, chatId, 1);

        TestDevice agent = TestDevice.create("Agent There");
        SignedDeviceList businessList = accounts.customerList(agent, BUSINESS_THERE);
        SignedDeviceList customerList = accounts.customerList(customer, PHONE);
        MessageHeader header = MessageHeader.of(ROOM, agent.id(), MessageHeader.randomId(RANDOM), 1, 1, MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope envelope = Envelopes.seal(agent.keys, header, new byte[] {1}, Envelopes.recipients(header, businessList.list(),
                customerList.list()), RANDOM);
        JsonObject message = new JsonObject().put("type", "message").put("seq", 1).put("envelope", new JsonObject(envelope.toJson().toString()));
        assertEquals(201, peer.post("/v1/notify/" + ROOM, message).status());
        awaitPushes(socket, chatId, 2);
        assertEquals(201, peer.post("/v1/notify/" + ROOM, message).status(), "a repeat is taken");
        assertEquals(201, peer.post("/v1/notify/" + ROOM, new JsonObject().put("type", "receipt").put("deliveredSeq", 1).put("readSeq", 1))
                .status());
        awaitPushes(socket, chatId, 3);
        assertEquals(3, pushes(socket, chatId), "a repeated message changes nothing, so it is not pushed");
        socket.close();
    }

    @Test
    void theBusinesssFileIsFetchedFromItsProviderForTheCustomerAndOnlyFromThere() {
        String chatId = requested();
        byte[] file = new byte[2000];
        RANDOM.nextBytes(file);
        String url = "https://a.test/v1/assets/photo-1";
        peer.assets.put(url, file);
        String download = "/api/federation/remote-chats/" + chatId + "/download";

        customer.request().queryParam("url", url).get(download).then().statusCode(404).body("code", equalTo("not_found"));
        grant();
        byte[] fetched = customer.request().queryParam("url", url).get(download).then().statusCode(200).extract().asByteArray();
        customer.request().queryParam("url", "https://a.test/v1/assets/unknown").get(download).then().statusCode(404);
        customer.request().queryParam("url", "https://c.test/v1/assets/photo-1").get(download).then().statusCode(404);

        assertArrayEquals(file, fetched);
        assertEquals(2, peer.received.stream().filter(r -> r.path().startsWith("/v1/proxyDownload/")).count(),
                "nothing is asked before the grant, nor of another domain");
        assertTrue(peer.received.stream().filter(r -> r.path().startsWith("/v1/proxyDownload/")).allMatch(r -> "mimi@b.test".equals(r.from())),
                "the peer sees this provider ask, never the customer's browser");
    }

    @Test
    void theCustomersFileIsTakenForAGrantedChatAndServedToThatChatsProviderOnly() throws Exception {
        String chatId = requested();
        String blobs = "/api/federation/remote-chats/" + chatId + "/blobs";
        byte[] photo = new byte[100_000];
        RANDOM.nextBytes(photo);

        upload(customer, blobs, photo).then().statusCode(404).body("code", equalTo("not_found"));
        grant();
        String blobId = upload(customer, blobs, photo).then().statusCode(201).body("size", equalTo(photo.length)).extract().path("blobId");
        upload(customer, blobs, new byte[10]).then().statusCode(400).body("code", equalTo("blob_too_small"));
        upload(customer, blobs, new byte[(int) config.blobs().maxBytes() + 1]).then().statusCode(413)
                .body("code", equalTo("attachment_too_large"));
        TestDevice stranger = TestDevice.create("Sam Stranger");
        accounts.registerCustomer(stranger, "+4915700000032", verifier);
        upload(stranger, blobs, photo).then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(1L, data.count("blob"));
        assertEquals(1L, data.count("blob where remote_chat_id = '" + chatId + "' and conversation_id is null"));

        String url = customer.request().get("/api/federation/remote-chats/" + chatId).then().statusCode(200)
                .body("assetBase", equalTo("https://b.test:" + listener.port() + "/v1/assets/")).extract().path("assetBase") + blobId;
        TestPeer.Download fetched = peer.download(proxyDownload(url));
        assertEquals(200, fetched.status());
        assertArrayEquals(photo, fetched.body());
        assertArrayEquals(photo, customer.request().queryParam("url", url).get("/api/federation/remote-chats/" + chatId + "/download")
                .then().statusCode(200).extract().asByteArray(), "the customer's devices read their own file from this provider");
        stranger.request().queryParam("url", url).get("/api/federation/remote-chats/" + chatId + "/download").then().statusCode(404);
        customer.request().get("/api/blobs/" + blobId).then().statusCode(404).body("code", equalTo("blob_not_found"));

        TestCa otherCa = new TestCa("Peer c.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        TestPeer other = new TestPeer(vertx, "c.test", otherCa.issue("c.test"), appCa, listener.port());
        try {
            settings.putPeer(null, "c.test", other.listen(), otherCa.certificatePem(), true);
            assertEquals(404, other.download(proxyDownload(url)).status(), "another peer never gets the chat's files");
        } finally {
            other.close();
        }
        TestPeer.Answer revoked = peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "revoke")
                .put("requesterUri", "mimi://b.test/u/" + PHONE).put("targetUri", "mimi://a.test/u/" + BUSINESS_THERE).put("roomId", ROOM));
        assertEquals(201, revoked.status(), revoked.body());
        TestPeer.Download afterRevoke = peer.download(proxyDownload(url));
        assertEquals(404, afterRevoke.status(), "a chat no longer granted has its files served to nobody");
        assertTrue(new String(afterRevoke.body(), StandardCharsets.UTF_8).contains("\"code\":\"not_found\""));
    }

    @Test
    void aFileTheCustomerSentIsKeptAndOneItNeverSentIsDeleted() {
        String chatId = requested();
        grant();
        String blobs = "/api/federation/remote-chats/" + chatId + "/blobs";
        String sent = upload(customer, blobs, new byte[100]).then().statusCode(201).extract().path("blobId");
        clock.advance(Duration.ofSeconds(1));
        SignedDeviceList businessList = accounts.customerList(TestDevice.create("Agent There"), BUSINESS_THERE);
        SignedDeviceList customerList = accounts.customerList(customer, PHONE);
        MessageHeader header = MessageHeader.of(ROOM, customer.id(), MessageHeader.randomId(RANDOM), 1, 1, MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope envelope = Envelopes.seal(customer.keys, header, new byte[] {1}, Envelopes.recipients(header, businessList.list(),
                customerList.list()), RANDOM);
        byte[] messageId = new byte[32];
        RANDOM.nextBytes(messageId);
        customer.request().body(Map.of("messageId", B64u.encode(messageId), "envelope", Json.tree(envelope.toJson().toString())))
                .post("/api/federation/remote-chats/" + chatId + "/messages").then().statusCode(202);
        clock.advance(Duration.ofSeconds(1));
        String unsent = upload(customer, blobs, new byte[100]).then().statusCode(201).extract().path("blobId");

        clock.advance(config.blobs().unclaimedLifetime().plusMinutes(1));
        assertEquals(1, unclaimed.deleteUnclaimed());
        assertEquals(1L, data.count("blob where id = '" + sent + "'"));
        assertTrue(blobStore.find(sent).isPresent());
        assertTrue(blobStore.find(unsent).isEmpty(), "a file uploaded after the customer's last message was never sent");
    }

    private static Response upload(TestDevice device, String path, byte[] body) {
        return device.request().contentType("application/octet-stream").body(body).post(path);
    }

    private static String proxyDownload(String url) {
        return "/v1/proxyDownload/" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    private String requested() {
        String chatId = customer.request().body(Map.of("domain", "a.test", "phone", BUSINESS_THERE)).post("/api/federation/remote-chats")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
        return chatId;
    }

    private void grant() {
        TestPeer.Answer granted = peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "grant")
                .put("requesterUri", "mimi://b.test/u/" + PHONE).put("targetUri", "mimi://a.test/u/" + BUSINESS_THERE).put("roomId", ROOM));
        assertEquals(201, granted.status(), granted.body());
    }

    /** The remote-chat frames naming {@code chatId} the socket got so far. */
    private static long pushes(EventClient socket, String chatId) {
        return socket.messages.stream().map(Json::tree)
                .filter(frame -> frame.path("type").asText().equals("remote-chat") && frame.path("id").asText().equals(chatId)).count();
    }

    private static void awaitPushes(EventClient socket, String chatId, long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pushes(socket, chatId) >= count);
    }
}
