package io.switchboard.federation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attachments of third-party chats, fetched by the providers for their readers (docs/interop.md §4.7): the peer a.test,
 * played by the test over mutual TLS, downloads the business's files through proxyDownload, and a business device gets
 * the peer's files through its own provider.
 */
@QuarkusTest
class ThirdPartyDownloadApiTest extends ApiTest {

    private static final String REMOTE_NUMBER = "+4917000000001";
    private static final String BUSINESS_URI = "mimi://b.test/u/" + Accounts.NUMBER;
    private static final String REMOTE_URI = "mimi://a.test/u/" + REMOTE_NUMBER;

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    SwitchboardConfig config;

    private final TestCa peerCa = new TestCa("Peer a.test CA");
    private TestDevice owner;
    private TestPeer peer;
    private String roomId;

    @BeforeEach
    void openAThirdPartyChat() throws Exception {
        owner = primary();
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port());
        owner.request().body(Map.of("address", peer.listen(), "trustPem", peerCa.certificatePem(), "enabled", true))
                .put("/api/federation/peers/a.test").then().statusCode(200);
        peer.findable.add(REMOTE_NUMBER);
        roomId = owner.request().body(Map.of("domain", "a.test", "phone", REMOTE_NUMBER)).post("/api/federation/chats")
                .then().statusCode(202).extract().path("roomId");
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
        TestPeer.Answer granted = peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "grant")
                .put("requesterUri", BUSINESS_URI).put("targetUri", REMOTE_URI).put("roomId", roomId)
                .put("deviceList", new JsonObject(accounts.customerList(TestDevice.create("Rita Remote"), REMOTE_NUMBER).toJson().toString())));
        assertEquals(201, granted.status(), granted.body());
    }

    @AfterEach
    void stopPeer() {
        peer.close();
    }

    @Test
    void theBusinessBrowserLearnsTheRoomsUrisAndALocalConversationIsNoRoom() {
        owner.request().get("/api/federation/rooms/" + roomId).then().statusCode(200)
                .body("source", equalTo("a.test")).body("roomUri", equalTo("mimi://b.test/r/" + roomId))
                .body("businessUri", equalTo(BUSINESS_URI)).body("userUri", equalTo(REMOTE_URI))
                .body("assetBase", equalTo("https://b.test:" + listener.port() + "/v1/assets/"));
        owner.request().get("/api/federation/rooms/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void thePeerDownloadsTheBusinesssFileThroughProxyDownloadOnlyWhileTheRoomIsGranted() {
        byte[] blob = random(1000);
        String blobId = owner.request().contentType("application/octet-stream").body(blob).post("/api/blobs?conversation=" + roomId)
                .then().statusCode(201).extract().path("blobId");
        String assetUrl = "https://b.test:" + listener.port() + "/v1/assets/" + blobId;

        TestPeer.Download download = peer.download(proxyDownload(assetUrl));
        assertEquals(200, download.status());
        assertArrayEquals(blob, download.body());

        for (String other : new String[] {"https://b.test/v1/assets/AAAAAAAAAAAAAAAAAAAAAA", "https://c.test/v1/assets/" + blobId,
                "https://b.test/v1/blobs/" + blobId, "not a url"}) {
            TestPeer.Download refused = peer.download(proxyDownload(other));
            assertEquals(404, refused.status(), other);
            assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("\"code\":\"not_found\""), other);
        }
        given().get(proxyDownload(assetUrl)).then().statusCode(404);

        peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "revoke").put("requesterUri", BUSINESS_URI)
                .put("targetUri", REMOTE_URI).put("roomId", roomId));
        assertEquals(404, peer.download(proxyDownload(assetUrl)).status(), "a revoked room's files are not served");
    }

    @Test
    void aBusinessDeviceGetsThePeersFileThroughItsOwnProviderWithinTheSizeLimit() {
        byte[] file = random(2000);
        String url = "https://a.test/v1/assets/file-1";
        peer.assets.put(url, file);

        byte[] body = owner.request().accept("application/octet-stream").queryParam("url", url)
                .get("/api/federation/rooms/" + roomId + "/download").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(file, body);
        assertTrue(peer.received.stream().anyMatch(r -> r.path().startsWith("/v1/proxyDownload/") && r.from().equals("mimi@b.test")),
                "the peer sees this provider ask, over its own mutual TLS");

        owner.request().queryParam("url", "https://a.test/v1/assets/unknown").get("/api/federation/rooms/" + roomId + "/download")
                .then().statusCode(404).body("code", equalTo("not_found"));
        long asked = peer.received.stream().filter(r -> r.path().startsWith("/v1/proxyDownload/")).count();
        owner.request().queryParam("url", "https://intranet.example/secret").get("/api/federation/rooms/" + roomId + "/download")
                .then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(asked, peer.received.stream().filter(r -> r.path().startsWith("/v1/proxyDownload/")).count(),
                "a URL that is not at the peer is never asked for: no open proxy");
        owner.request().get("/api/federation/rooms/" + roomId + "/download").then().statusCode(400).body("code", equalTo("validation_failed"));

        peer.assets.put("https://a.test/v1/assets/huge", new byte[(int) config.blobs().maxBytes() + 1]);
        owner.request().queryParam("url", "https://a.test/v1/assets/huge").get("/api/federation/rooms/" + roomId + "/download")
                .then().statusCode(413).body("code", equalTo("download_too_large"));
    }

    @Test
    void abuseReportsFromThePeersUserAndFromTheBusinessAreAuditedAtTheHub() {
        TestPeer.Answer reported = peer.post("/v1/reportAbuse/" + roomId, new JsonObject().put("reportingUser", REMOTE_URI)
                .put("allegedAbuserUri", BUSINESS_URI).put("reasonCode", 0).put("note", "spam links")
                .put("messages", new io.vertx.core.json.JsonArray().add(new JsonObject().put("messageContent", "hwBQ"))));
        assertEquals(201, reported.status(), reported.body());
        assertEquals(1L, data.count("audit_event where action = 'third-party.abuse-reported' and actor_device_id is null and details::jsonb @> "
                + "'{\"direction\":\"from-peer\",\"peer\":\"a.test\",\"user\":\"" + REMOTE_NUMBER + "\",\"note\":\"spam links\",\"messages\":1}'::jsonb"));

        assertEquals(404, peer.post("/v1/reportAbuse/AAAAAAAAAAAAAAAAAAAAAA", new JsonObject().put("allegedAbuserUri", BUSINESS_URI)
                .put("reasonCode", 0).put("note", "")).status(), "a room that is not the peer's");
        assertEquals(404, peer.post("/v1/reportAbuse/" + roomId, new JsonObject().put("allegedAbuserUri", "mimi://b.test/u/+4915100000000")
                .put("reasonCode", 0).put("note", "")).status(), "nobody else is in the room");
        assertEquals(400, peer.post("/v1/reportAbuse/" + roomId, new JsonObject().put("allegedAbuserUri", BUSINESS_URI)
                .put("reasonCode", 300).put("note", "")).status());

        owner.request().body(Map.of("note", "threatening messages")).post("/api/federation/rooms/" + roomId + "/abuse-reports")
                .then().statusCode(201);
        assertEquals(1L, data.count("audit_event where action = 'third-party.abuse-reported' and actor_device_id = '" + owner.id()
                + "' and details::jsonb @> '{\"direction\":\"by-business\",\"note\":\"threatening messages\"}'::jsonb"));
        owner.request().body(Map.of("note", "x".repeat(2001))).post("/api/federation/rooms/" + roomId + "/abuse-reports")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        owner.request().body(Map.of("note", "")).post("/api/federation/rooms/AAAAAAAAAAAAAAAAAAAAAA/abuse-reports")
                .then().statusCode(404);
        assertEquals(2L, data.count("audit_event where action = 'third-party.abuse-reported'"));
    }

    private static String proxyDownload(String url) {
        return "/v1/proxyDownload/" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
