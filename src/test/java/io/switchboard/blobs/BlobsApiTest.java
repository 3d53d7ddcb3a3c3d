package io.switchboard.blobs;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.client.ApiCallException;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Blobs;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.Clients;
import io.switchboard.testing.Json;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Encrypted attachment blobs (docs/protocol.md §13.3, §13.5): stored as opaque files, served only to the conversation. */
@QuarkusTest
class BlobsApiTest extends ConversationTest {

    static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_BYTES = 16 * 1024 * 1024;

    @Inject
    BlobStore store;


    @Test
    void anAttachmentGoesFromTheCustomerToTheBusinessAndBack() {
        byte[] invoice = random(200_000);
        byte[] photo = random(3_000);
        List<ReceivedMessage> atAgent = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> atCustomer = new CopyOnWriteArrayList<>();
        try (SwitchboardClient agentClient = Clients.of(agent, clock);
             SwitchboardClient customerClient = Clients.of(customer, clock)) {
            agentClient.connect(atAgent::add);
            customerClient.connect(atCustomer::add);

            customerClient.sendAttachment(conversation, MessageHeader.KIND_DOCUMENT, invoice, "application/pdf", "invoice.pdf",
                    "the invoice, as promised");
            await().atMost(Duration.ofSeconds(10)).until(() -> atAgent.size() == 1);
            ReceivedMessage received = atAgent.get(0);
            assertEquals(MessageHeader.KIND_DOCUMENT, received.header().kind());
            assertEquals("the invoice, as promised", received.text());
            MessageContent.Attachment attachment = received.attachment().orElseThrow();
            assertEquals("invoice.pdf", attachment.name());
            assertEquals("application/pdf", attachment.mime());
            assertEquals(invoice.length, attachment.size(), "size is the plaintext's");
            assertArrayEquals(Primitives.sha256(invoice), attachment.sha256Bytes(), "sha256 is the plaintext's");
            byte[] downloaded = agentClient.downloadAttachment(received);
            assertArrayEquals(invoice, downloaded);
            assertArrayEquals(attachment.sha256Bytes(), Primitives.sha256(downloaded));

            agentClient.sendAttachment(conversation, MessageHeader.KIND_IMAGE, photo, "image/jpeg", "box.jpg", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> atCustomer.size() == 1);
            assertEquals("", atCustomer.get(0).text(), "no caption");
            assertArrayEquals(photo, customerClient.downloadAttachment(atCustomer.get(0)));
            assertArrayEquals(photo, Clients.of(owner, clock).downloadAttachment(atCustomer.get(0).attachment().orElseThrow()),
                    "every business device may fetch it");
        }
        assertEquals(2, data.count("blob"));
        assertEquals(2, data.count("message"));
        assertEquals(2, data.blobFiles().size());
        assertEquals(invoice.length + photo.length + 2L * Blobs.OVERHEAD, data.blobFiles().stream().mapToLong(BlobsApiTest::size).sum(),
                "the files are the encrypted blobs, 28 bytes longer than the plaintexts");
    }

    @Test
    void anUploadIsStoredAsSentAndServedAsOpaqueBytes() throws Exception {
        byte[] blob = random(Blobs.OVERHEAD);
        Response answer = upload(customer, conversation, blob);
        answer.then().statusCode(201).body("size", equalTo(Blobs.OVERHEAD)).body("blobId", notNullValue());
        String blobId = answer.path("blobId");
        assertEquals(16, B64u.decode(blobId).length);
        assertArrayEquals(blob, Files.readAllBytes(store.path(blobId)));
        assertEquals(List.of(store.path(blobId)), data.blobFiles(), "nothing else is left, in particular no temporary file");

        Response download = agent.request().accept("application/octet-stream").get("/api/blobs/" + blobId);
        download.then().statusCode(200).contentType("application/octet-stream")
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        assertArrayEquals(blob, download.asByteArray());
        assertArrayEquals(blob, customer.request().accept("application/json").get("/api/blobs/" + blobId).then().statusCode(200)
                        .contentType("application/octet-stream").extract().asByteArray(),
                "with the JSON Accept header of the API too");
    }

    @Test
    void aBlobShorterThanANonceAndATagIsRefused() {
        upload(customer, conversation, random(Blobs.OVERHEAD - 1)).then().statusCode(400).body("code", equalTo("blob_too_small"));
        upload(agent, conversation, new byte[0]).then().statusCode(400).body("code", equalTo("blob_too_small"));
        assertNothingStored();
    }

    @Test
    void anOversizedUploadIsRefusedAndNothingIsStored() throws Exception {
        byte[] tooLarge = random(MAX_BYTES + 1);
        upload(customer, conversation, tooLarge).then().statusCode(413)
                .body("code", equalTo("attachment_too_large")).body("details.limit", equalTo(MAX_BYTES)).body("message", notNullValue());
        assertNothingStored();

        // Without a Content-Length (chunked), the body is counted while it is written to disk.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        Clients.BASE.resolve("/api/blobs?conversation=" + conversation))
                .header("Content-Type", "application/octet-stream").header("Cookie", "sb_session=" + customer.session())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals("attachment_too_large", Json.tree(chunked.body()).get("code").asText());
        assertNothingStored();

        ApiCallException refused = assertThrows(ApiCallException.class,
                () -> Clients.of(customer, clock).uploadBlob(conversation, tooLarge));
        assertEquals("attachment_too_large", refused.code());
        assertNothingStored();

        upload(customer, conversation, random(MAX_BYTES)).then().statusCode(201).body("size", equalTo(MAX_BYTES));
        assertEquals(1, data.count("blob"));
    }

    @Test
    void noOneUploadsIntoAConversationTheyAreNotPartOf() {
        TestDevice other = TestDevice.create("Other Customer");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);
        upload(other, conversation, random(100)).then().statusCode(404).body("code", equalTo("conversation_not_found"));
        ApiCallException refused = assertThrows(ApiCallException.class, () -> Clients.of(other, clock).uploadBlob(conversation, random(100)));
        assertEquals(404, refused.status());
        upload(agent, B64u.encode(new byte[16]), random(100)).then().statusCode(404).body("code", equalTo("conversation_not_found"));
        agent.request().contentType("application/octet-stream").body(random(100)).post("/api/blobs")
                .then().statusCode(400).body("code", equalTo("conversation_required"));
        TestDevice stranger = TestDevice.create("Nobody");
        upload(stranger, conversation, random(100)).then().statusCode(401).body("code", equalTo("not_signed_in"));
        agent.request().body("{}").post("/api/blobs?conversation=" + conversation).then().statusCode(415);
        assertNothingStored();
    }

    @Test
    void onlyTheConversationsDevicesCanDownload() {
        String blobId = upload(customer, conversation, random(500)).then().statusCode(201).extract().path("blobId");
        TestDevice other = TestDevice.create("Other Customer");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);

        JsonNode forbidden = Json.tree(other.request().get("/api/blobs/" + blobId).then().statusCode(404).extract().asString());
        JsonNode missing = Json.tree(other.request().get("/api/blobs/" + B64u.encode(new byte[16])).then().statusCode(404).extract().asString());
        assertEquals(missing, forbidden, "another customer cannot tell the blob exists");
        assertEquals("blob_not_found", forbidden.get("code").asText());
        other.request().get("/api/blobs/..%2F..%2Fetc").then().statusCode(404);
        agent.request().get("/api/blobs/not-an-id").then().statusCode(404).body("code", equalTo("blob_not_found"));
        TestDevice stranger = TestDevice.create("Nobody");
        stranger.request().get("/api/blobs/" + blobId).then().statusCode(401);

        ApiCallException refused = assertThrows(ApiCallException.class, () -> Clients.of(other, clock).api().getBytes("/api/blobs/" + blobId));
        assertEquals("blob_not_found", refused.code());
        owner.request().get("/api/blobs/" + blobId).then().statusCode(200);
    }

    @Test
    void aDownloadThatDoesNotMatchTheMessageIsRefused() {
        byte[] file = random(1000);
        byte[] key = Blobs.generateKey(RANDOM);
        SwitchboardClient customerClient = Clients.of(customer, clock);
        String blobId = customerClient.uploadBlob(conversation, Blobs.encrypt(key, file, RANDOM));
        SwitchboardClient agentClient = Clients.of(agent, clock);
        MessageContent.Attachment right = MessageContent.Attachment.of(blobId, key, file, "image/png", "a.png");
        assertArrayEquals(file, agentClient.downloadAttachment(right));

        MessageContent.Attachment otherHash = MessageContent.Attachment.of(blobId, key, random(1000), "image/png", "a.png");
        assertThrows(ProtocolException.class, () -> agentClient.downloadAttachment(otherHash));
        MessageContent.Attachment otherKey = MessageContent.Attachment.of(blobId, Blobs.generateKey(RANDOM), file, "image/png", "a.png");
        assertThrows(ProtocolException.class, () -> agentClient.downloadAttachment(otherKey));
        MessageContent.Attachment otherSize = new MessageContent.Attachment(blobId, right.key(), right.sha256(), "image/png", 999, "a.png", null);
        assertThrows(ProtocolException.class, () -> agentClient.downloadAttachment(otherSize));
        MessageContent.Attachment pathLike = new MessageContent.Attachment("../messages", right.key(), right.sha256(), "image/png", 1000, "a", null);
        assertThrows(ProtocolException.class, () -> agentClient.downloadAttachment(pathLike));
    }

    private Response upload(TestDevice device, String conversation, byte[] blob) {
        RequestSpecification request = device.request().contentType("application/octet-stream").body(blob);
        return request.post("/api/blobs?conversation=" + conversation);
    }

    private void assertNothingStored() {
        assertEquals(0, data.count("blob"), "no blob row");
        assertEquals(List.of(), data.blobFiles(), "no blob file, not even a temporary one");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
