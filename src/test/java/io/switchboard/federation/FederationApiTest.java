package io.switchboard.federation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    private final TestCa peerCa = new TestCa("Peer a.test CA");
    private TestDevice owner;
    private TestPeer peer;
    private String peerAddress;

    @BeforeEach
    void startPeer() throws Exception {
        owner = primary();
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
    void aConsentRequestIsGrantedBackWithARoomAndARetriedMessageIsStoredOnce() {
        allow(true);

        TestPeer.Answer requested = peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        JsonObject grant = awaitGrant();
        String roomId = grant.getString("roomId");
        String messageId = messageId();
        TestPeer.Answer first = peer.post("/v1/submitMessage/" + roomId, submission(messageId));
        TestPeer.Answer retry = peer.post("/v1/submitMessage/" + roomId, submission(messageId));

        assertEquals(201, requested.status());
        assertEquals(REMOTE_URI, grant.getString("requesterUri"));
        assertEquals(BUSINESS_URI, grant.getString("targetUri"));
        TestPeer.Received update = peer.received.stream().filter(received -> received.method() == HttpMethod.POST).findFirst().orElseThrow();
        assertEquals("a.test", update.host());
        assertEquals("mimi@b.test", update.from());
        assertEquals(201, first.status());
        assertFalse(first.json().getBoolean("duplicate"));
        assertEquals(200, retry.status());
        assertTrue(retry.json().getBoolean("duplicate"));
        assertEquals(1, data.count("federation_submission"));
    }

    @Test
    void aRevokedConsentOrAProviderTurnedOffRefusesTheNextMessage() {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");
        assertEquals(201, peer.post("/v1/submitMessage/" + roomId, submission(messageId())).status());

        TestPeer.Answer revoked = peer.post("/v1/updateConsent/b.test", consent("revoke", BUSINESS_URI, REMOTE_URI));
        TestPeer.Answer afterRevoke = peer.post("/v1/submitMessage/" + roomId, submission(messageId()));
        peer.post("/v1/updateConsent/b.test", consent("grant", BUSINESS_URI, REMOTE_URI));
        TestPeer.Answer afterNewGrant = peer.post("/v1/submitMessage/" + roomId, submission(messageId()));
        peer.post("/v1/requestConsent/b.test", consent("cancel", REMOTE_URI, BUSINESS_URI));
        TestPeer.Answer afterCancel = peer.post("/v1/submitMessage/" + roomId, submission(messageId()));
        peer.post("/v1/updateConsent/b.test", consent("grant", BUSINESS_URI, REMOTE_URI));
        allow(false);
        TestPeer.Answer afterTurnedOff = peer.post("/v1/submitMessage/" + roomId, submission(messageId()));

        assertEquals(201, revoked.status());
        assertEquals(404, afterRevoke.status());
        assertEquals(201, afterNewGrant.status(), "the same room again once consent is granted again");
        assertEquals(404, afterCancel.status());
        assertEquals(404, afterTurnedOff.status());
        assertEquals(2, data.count("federation_submission"));
    }

    @Test
    void aMessageFromAnotherUserOfThePeerIsNotTakenInSomeoneElsesRoom() {
        allow(true);
        peer.post("/v1/requestConsent/b.test", consent("request", REMOTE_URI, BUSINESS_URI));
        String roomId = awaitGrant().getString("roomId");

        TestPeer.Answer answer = peer.post("/v1/submitMessage/" + roomId,
                submission(messageId()).put("senderUri", "mimi://a.test/u/+4917000000002"));

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

    private static JsonObject phoneQuery(String number) {
        return new JsonObject().put("queryElements", new JsonArray().add(new JsonObject().put("searchType", "phone").put("searchValue", number)));
    }

    private static JsonObject consent(String operation, String requester, String target) {
        return new JsonObject().put("consentOperation", operation).put("requesterUri", requester).put("targetUri", target);
    }

    private static JsonObject submission(String messageId) {
        return new JsonObject().put("messageId", messageId).put("senderUri", REMOTE_URI)
                .put("envelope", new JsonObject().put("header", "opaque").put("ciphertext", "AAAA"));
    }

    private static String messageId() {
        byte[] id = new byte[32];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] = 1;
        return B64u.encode(id);
    }
}
