package io.switchboard.conversation;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.Clients;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Every entry point that names a conversation gives a stranger the answer it gives for one that does not exist. */
@QuarkusTest
class ConversationAccessApiTest extends ConversationTest {

    private static final String NO_SUCH_CONVERSATION = "AAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void aCustomerNamingSomeoneElsesConversationLearnsNothing() {
        TestDevice other = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);
        String otherConversation = other.request().get("/api/customers/me").then().extract().path("conversationId");

        Map<String, BiFunction<TestDevice, String, Response>> entryPoints = new LinkedHashMap<>();
        entryPoints.put("GET /api/conversations/{id}", (device, id) -> device.request().get("/api/conversations/" + id));
        entryPoints.put("POST /api/conversations/{id}/read", (device, id) -> device.request().contentType("application/json")
                .body(Map.of("seq", 1)).post("/api/conversations/" + id + "/read"));
        entryPoints.put("GET /api/conversations/{id}/queue", (device, id) -> device.request().get("/api/conversations/" + id + "/queue"));
        entryPoints.put("POST /api/conversations/{id}/topic", (device, id) -> device.request().contentType("application/json")
                .body(Map.of("topicId", NO_SUCH_CONVERSATION)).post("/api/conversations/" + id + "/topic"));
        entryPoints.put("POST /api/messages", (device, id) -> device.request().body(envelopeFrom(device, id)).post("/api/messages"));
        entryPoints.put("POST /api/blobs", (device, id) -> device.request().contentType("application/octet-stream")
                .body(new byte[100]).post("/api/blobs?conversation=" + id));

        entryPoints.forEach((name, call) -> {
            call.apply(other, conversation).then().statusCode(404).body("code", equalTo("conversation_not_found"));
            call.apply(other, NO_SUCH_CONVERSATION).then().statusCode(404).body("code", equalTo("conversation_not_found"));
            assertEquals(404, call.apply(agent, NO_SUCH_CONVERSATION).statusCode(), name + " for the business, no such conversation");
        });
        // Acting on a conversation is for the business: a customer hears that, whoever's conversation it names.
        other.request().post("/api/conversations/" + conversation + "/claim").then().statusCode(403)
                .body("code", equalTo("business_device_required"));
        other.request().post("/api/conversations/" + otherConversation + "/claim").then().statusCode(403)
                .body("code", equalTo("business_device_required"));
        assertEquals(0, data.count("message"));
        assertEquals(0, data.count("blob"));
    }

    @Test
    void anAttachmentIsReadOnlyByThoseWhoMayTouchItsConversation() {
        String blobId = Clients.of(customer, clock).uploadBlob(conversation, new byte[100]);
        TestDevice other = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);

        other.request().get("/api/blobs/" + blobId).then().statusCode(404).body("code", equalTo("blob_not_found"));
        other.request().get("/api/blobs/" + B64u.encode(new byte[16])).then().statusCode(404).body("code", equalTo("blob_not_found"));
        agent.request().get("/api/blobs/" + blobId).then().statusCode(200);
        customer.request().get("/api/blobs/" + blobId).then().statusCode(200);
    }

    @Test
    void readMarksAndReceiptsOverTheLiveChannelFollowTheSameRule() throws Exception {
        SwitchboardClient.Sent sent = Clients.of(agent, clock).sendText(conversation, "Hello Maria");
        TestDevice other = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);
        String otherConversation = other.request().get("/api/customers/me").then().extract().path("conversationId");
        long ruisOwn = Clients.of(other, clock).sendText(otherConversation, "Olá").seq();
        EventClient stranger = EventClient.open(other);
        EventClient maria = EventClient.open(customer);
        try {
            maria.send(read(conversation, sent.seq()));
            await().atMost(Duration.ofSeconds(10)).until(() -> receipts(maria) == 1);

            stranger.send(read(conversation, sent.seq() + 1000));
            // Frames of one connection are handled in order: once this one's receipt is back, the one before was handled.
            stranger.send(read(otherConversation, ruisOwn));
            await().atMost(Duration.ofSeconds(10)).until(() -> receipts(stranger) == 1);
            assertEquals("select read_seq from conversation_receipt where side = 'customer' and conversation_id = '" + conversation + "'\n"
                            + sent.seq() + "\n",
                    data.rows("select read_seq from conversation_receipt where side = 'customer' and conversation_id = '" + conversation + "'"));
            assertEquals(1, receipts(maria), "Maria hears of her own receipt, not of Rui's");
            assertEquals(1, receipts(stranger), "Rui heard only of his own conversation, not of Maria's receipt");
        } finally {
            stranger.close();
            maria.close();
        }
    }

    @Test
    void aDeliveredMarkReachesTheOtherSideOnlyAndAReadMarkReachesBoth() throws Exception {
        long seq = Clients.of(customer, clock).sendText(conversation, "Olá").seq();
        EventClient ownersSocket = EventClient.open(owner);
        EventClient mariasSocket = EventClient.open(customer);
        try {
            agent.request().contentType("application/json").body(Map.of("upTo", seq)).post("/api/messages/ack").then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> businessReceipts(mariasSocket) == 1);
            agent.request().contentType("application/json").body(Map.of("seq", seq)).post("/api/conversations/" + conversation + "/read")
                    .then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> businessReceipts(mariasSocket) == 2);
            // Frames of one socket arrive in order of their sends, and both receipts went to every socket in turn.
            await().atMost(Duration.ofSeconds(10)).until(() -> businessReceipts(ownersSocket) >= 1);
            assertEquals(1, businessReceipts(ownersSocket),
                    "the business's other devices hear its read mark, never the delivered mark its own ack moved");
            assertEquals(true, ownersSocket.messages.stream().filter(frame -> frame.contains("\"type\":\"receipt\""))
                    .allMatch(frame -> frame.contains("\"readSeq\":" + seq)));
        } finally {
            ownersSocket.close();
            mariasSocket.close();
        }
    }

    private static long businessReceipts(EventClient client) {
        return client.messages.stream().filter(frame -> frame.contains("\"type\":\"receipt\"") && frame.contains("\"side\":\"business\"")).count();
    }

    private static String read(String conversation, long seq) {
        return "{\"type\":\"read\",\"conversation\":\"" + conversation + "\",\"seq\":" + seq + "}";
    }

    private static long receipts(EventClient client) {
        return client.messages.stream().filter(frame -> frame.contains("\"type\":\"receipt\"")).count();
    }

    @Test
    void nothingReadsTheCustomerOutOfTheConversationId() {
        TestDevice rui = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(rui, "+351900000001", verifier).then().statusCode(204);
        String ruiId = rui.request().get("/api/customers/me").then().extract().path("customerId");
        byte[] bytes = new byte[16];
        java.util.Arrays.fill(bytes, (byte) 7);
        String ownId = B64u.encode(bytes);
        assertEquals(1, data.execute("update conversation set id = '" + ownId + "' where customer_id = '" + ruiId + "'"));

        rui.request().get("/api/customers/me").then().statusCode(200)
                .body("customerId", equalTo(ruiId)).body("conversationId", equalTo(ownId));
        SwitchboardClient.Sent sent = Clients.of(rui, clock).sendText(ownId, "Olá");
        agent.request().get("/api/conversations/" + ownId).then().statusCode(200).body("name", equalTo("Rui Cliente"));
        agent.request().get("/api/conversations").then().statusCode(200)
                .body("find { it.id == '" + ownId + "' }.phone", equalTo("+351900000001"));
        Clients.of(agent, clock).sendText(ownId, "Bom dia, Rui");
        rui.request().get("/api/conversations/" + ownId + "/queue").then().statusCode(200);
        rui.request().contentType("application/json").body(Map.of("seq", sent.seq()))
                .post("/api/conversations/" + ownId + "/read").then().statusCode(204);
        customer.request().get("/api/conversations/" + ownId).then().statusCode(404);
        rui.request().get("/api/conversations/" + ruiId).then().statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    /** A well-formed envelope naming the conversation; it is refused before its signature matters. */
    private static Map<String, Object> envelopeFrom(TestDevice device, String conversation) {
        MessageHeader header = MessageHeader.of(conversation, device.id(), MessageHeader.randomId(new java.security.SecureRandom()),
                1, 1, MessageHeader.KIND_TEXT, 1_700_000_000_000L);
        return Map.of("header", header.toJson(), "ciphertext", B64u.encode(new byte[40]), "signature", B64u.encode(new byte[64]),
                "wraps", Map.of());
    }
}
