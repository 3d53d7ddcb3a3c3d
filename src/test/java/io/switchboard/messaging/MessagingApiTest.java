package io.switchboard.messaging;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.RateLimited;
import io.switchboard.platform.RateLimiter;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.ConversationTest;
import io.switchboard.testing.Clients;
import io.switchboard.testing.EventClient;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import io.switchboard.auth.AuthenticatedDevice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MessagingApiTest extends ConversationTest {

    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RateLimiter limiter;

    @Inject
    Delivery delivery;

    @Inject
    io.switchboard.auth.AuthService auth;


    @Test
    void aCustomerMessageReachesEveryBusinessDeviceAndTheReplyReachesEveryoneElse() {
        List<ReceivedMessage> atOwner = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> atAgent = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> atCustomer = new CopyOnWriteArrayList<>();
        try (SwitchboardClient ownerClient = Clients.of(owner, clock);
             SwitchboardClient agentClient = Clients.of(agent, clock);
             SwitchboardClient customerClient = Clients.of(customer, clock)) {
            ownerClient.connect(atOwner::add);
            agentClient.connect(atAgent::add);
            customerClient.connect(atCustomer::add);

            SwitchboardClient.Sent sent = customerClient.sendText(conversation, "Olá, my order #123 has not arrived");
            await().atMost(Duration.ofSeconds(10)).until(() -> atOwner.size() == 1 && atAgent.size() == 1);
            assertEquals("Olá, my order #123 has not arrived", atAgent.get(0).text());
            assertEquals(sent.seq(), atOwner.get(0).seq());

            agentClient.sendText(conversation, "Sorry! It ships today.");
            await().atMost(Duration.ofSeconds(10)).until(() -> atCustomer.size() == 1 && atOwner.size() == 2);
            assertEquals("Sorry! It ships today.", atCustomer.get(0).text());
            assertEquals("Sorry! It ships today.", atOwner.get(1).text());
            assertEquals(1, atAgent.size(), "the sender's handler is not handed its own message");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> customer.request().get("/api/conversations/" + conversation)
                    .then().body("receipts.find { it.side == 'business' }.deliveredSeq", equalTo((int) sent.seq())));
            owner.request().get("/api/conversations").then().statusCode(200)
                    .body("[0].id", equalTo(conversation)).body("[0].name", equalTo("Maria Cliente"));
            customer.request().get("/api/conversations").then().statusCode(403);
        }
    }

    @Test
    void aFramePushedFromMemoryIsTheMessageAsPullDeliveryReadsItBack() throws Exception {
        EventClient socket = EventClient.open(agent);
        try {
            long seq = Clients.of(customer, clock).sendText(conversation, "pushed as it was committed").seq();
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.messages.stream().anyMatch(frame -> frame.contains("\"type\":\"message\"")));
            String pushed = socket.messages.stream().filter(frame -> frame.contains("\"type\":\"message\"")).findFirst().orElseThrow();
            String pulled = agent.request().get("/api/messages?after=" + (seq - 1)).then().statusCode(200).extract()
                    .jsonPath().prettify();
            ObjectMapper json = new ObjectMapper();
            assertEquals(json.readTree(pulled).get("messages").get(0), json.readTree(pushed));
        } finally {
            socket.close();
        }
    }

    @Test
    void aPrivateNoteReachesOnlyBusinessDevices() {
        List<ReceivedMessage> atOwner = new CopyOnWriteArrayList<>();
        try (SwitchboardClient ownerClient = Clients.of(owner, clock);
             SwitchboardClient agentClient = Clients.of(agent, clock)) {
            ownerClient.connect(atOwner::add);
            agentClient.sendNote(conversation, "VIP customer, be nice");
            await().atMost(Duration.ofSeconds(10)).until(() -> atOwner.size() == 1);
            assertEquals(MessageHeader.KIND_NOTE, atOwner.get(0).header().kind());
        }
        customer.request().get("/api/messages").then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void aNoteWrappedForTheCustomerIsRefused() {
        SwitchboardClient.Lists lists = Clients.of(agent, clock).lists(conversation);
        MessageHeader header = header(agent, lists, MessageHeader.KIND_NOTE);
        Map<String, byte[]> recipients = new TreeMap<>(Envelopes.recipients(headerOfKind(header, MessageHeader.KIND_TEXT),
                lists.business().list(), lists.customer().list()));
        MessageEnvelope envelope = Envelopes.seal(agent.keys, header, MessageContent.text("secret"), recipients, RANDOM);
        agent.request().body(envelope.toJson()).post("/api/messages").then().statusCode(409)
                .body("code", equalTo("mismatched_devices")).body("details.extraDeviceIds", hasItem(customer.id()));
        assertEquals(0, data.count("message"));
    }

    @Test
    void customersCannotWriteNotesOrIntoOtherConversations() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope note = seal(customer, header(customer, lists, MessageHeader.KIND_NOTE), lists);
        customer.request().body(note.toJson()).post("/api/messages").then().statusCode(403).body("code", equalTo("notes_are_internal"));

        TestDevice other = TestDevice.create("Other");
        accounts.registerCustomer(other, "+351900000001", verifier).then().statusCode(204);
        MessageHeader intoMaria = MessageHeader.of(conversation, other.id(), MessageHeader.randomId(RANDOM),
                lists.business().list().version(), lists.customer().list().version(), MessageHeader.KIND_TEXT, accounts.now());
        other.request().body(Map.of("header", intoMaria.toJson(), "ciphertext", B64u.encode(new byte[40]), "signature",
                        B64u.encode(new byte[64]), "wraps", Map.of())).post("/api/messages")
                .then().statusCode(404).body("code", equalTo("conversation_not_found"));
        assertEquals(0, data.count("message"));
    }

    @Test
    void aMissingDeviceIs409WithTheListsAndTheClientRetriesByItself() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        SwitchboardClient.Lists before = customerClient.lists(conversation);
        TestDevice late = TestDevice.create("Carla Late");
        accounts.linkByQr(owner, late, "agent");

        MessageEnvelope stale = seal(customer, header(customer, before, MessageHeader.KIND_TEXT), before);
        customer.request().body(stale.toJson()).post("/api/messages").then().statusCode(410)
                .body("code", equalTo("device_list_stale")).body("details.businessList.list.version", equalTo(3));
        assertEquals(0, data.count("message"));

        SwitchboardClient.Sent sent = customerClient.sendText(conversation, "hello after a change");
        assertEquals(4, data.count("message_wrap where message_seq = " + sent.seq()), "owner, agent, the late device and the sender");
        assertEquals(1, data.count("message_wrap where device_id = '" + late.id() + "'"));
    }

    @Test
    void wrapsForTooFewDevicesAre409() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageHeader header = header(customer, lists, MessageHeader.KIND_TEXT);
        Map<String, byte[]> recipients = new TreeMap<>(Envelopes.recipients(header, lists.business().list(), lists.customer().list()));
        recipients.remove(agent.id());
        customer.request().body(Envelopes.seal(customer.keys, header, MessageContent.text("hi"), recipients, RANDOM).toJson())
                .post("/api/messages").then().statusCode(409).body("details.missingDeviceIds", hasItem(agent.id()));
        assertEquals(0, data.count("message"));
    }

    @Test
    void refusalsKeepTheirStatusCodeAndDetails() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageHeader current = header(customer, lists, MessageHeader.KIND_TEXT);
        MessageHeader ahead = MessageHeader.of(conversation, customer.id(), MessageHeader.randomId(RANDOM),
                lists.business().list().version() + 1, lists.customer().list().version(), MessageHeader.KIND_TEXT, accounts.now());
        MessageEnvelope aheadEnvelope = Envelopes.seal(customer.keys, ahead, MessageContent.text("hi"),
                Envelopes.recipients(current, lists.business().list(), lists.customer().list()), RANDOM);
        customer.request().body(aheadEnvelope.toJson()).post("/api/messages").then().statusCode(400)
                .body("code", equalTo("device_list_unknown"));

        MessageEnvelope honest = seal(customer, current, lists);
        MessageEnvelope large = new MessageEnvelope(honest.header(), B64u.encode(new byte[32 * 1024 + 1]), honest.signature(), honest.wraps());
        customer.request().body(large.toJson()).post("/api/messages").then().statusCode(413)
                .body("code", equalTo("message_too_large")).body("details.limit", equalTo(32 * 1024));
        assertEquals(0, data.count("message"));
    }

    @Test
    void aForgedSignatureIsRefused() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope honest = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        MessageEnvelope forged = new MessageEnvelope(honest.header(), honest.ciphertext(),
                B64u.encode(agent.keys.sign("switchboard/envelope/v1", new byte[] {1})), honest.wraps());
        customer.request().body(forged.toJson()).post("/api/messages").then().statusCode(400).body("code", equalTo("envelope_signature_invalid"));

        agent.request().body(honest.toJson()).post("/api/messages").then().statusCode(403).body("code", equalTo("sender_mismatch"));
        assertEquals(0, data.count("message"));
    }

    @Test
    void aReplayAfterAFailureAfterStoringStillQueuesTheConversation() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope envelope = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(201);
        // As if the first attempt died between storing the message and queueing the conversation.
        assertEquals(1, data.execute("update conversation set queued_at = null where id = '" + conversation + "'"));

        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(200).body("duplicate", equalTo(true));

        owner.request().get("/api/conversations/" + conversation + "/routing").then()
                .body("queuedAt", org.hamcrest.Matchers.notNullValue());

        // A message written after a resolve, whose first attempt failed before routing saw it, reopens on the retry.
        owner.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
        MessageEnvelope later = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        customer.request().body(later.toJson()).post("/api/messages").then().statusCode(201);
        assertEquals(1, data.execute("update conversation set status = 'resolved', queued_at = null where id = '" + conversation + "'"));
        customer.request().body(later.toJson()).post("/api/messages").then().statusCode(200).body("duplicate", equalTo(true));
        owner.request().get("/api/conversations/" + conversation + "/routing").then().body("status", equalTo("open"));

        // A late replay of a message stored before the conversation was resolved does not reopen it.
        owner.request().post("/api/conversations/" + conversation + "/resolve").then().statusCode(200);
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(200).body("duplicate", equalTo(true));
        owner.request().get("/api/conversations/" + conversation + "/routing").then().body("status", equalTo("resolved"));
    }

    @Test
    void aReplayNamingAnotherConversationIsRefusedAndLeavesThatConversationAlone() {
        TestDevice rui = TestDevice.create("Rui Cliente");
        accounts.registerCustomer(rui, "+351900000001", verifier).then().statusCode(204);
        String ruis = rui.request().get("/api/customers/me").then().extract().path("conversationId");
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope envelope = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(201);

        ObjectNode replay = envelope.toJson();
        ((ObjectNode) replay.get("header")).put("conversation", ruis);
        customer.request().body(replay.toString()).post("/api/messages").then().statusCode(404)
                .body("code", equalTo("conversation_not_found"));

        owner.request().get("/api/conversations/" + ruis + "/routing").then().statusCode(200)
                .body("queuedAt", nullValue()).body("assignee", nullValue());
        assertEquals(1, data.count("message"));
    }

    @Test
    void aReplayWithABrokenSignatureIsRefusedNotAnsweredAsADuplicate() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope envelope = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(201);
        MessageEnvelope forged = new MessageEnvelope(envelope.header(), envelope.ciphertext(),
                B64u.encode(customer.keys.sign("switchboard/envelope/v1", new byte[] {1})), envelope.wraps());
        customer.request().body(forged.toJson()).post("/api/messages").then().statusCode(400).body("code", equalTo("envelope_signature_invalid"));
    }

    @Test
    void aSentAtFarFromTheServersTimeIsRefused() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        for (long sentAt : new long[] {0, (1L << 53) - 1, accounts.now() + Duration.ofDays(8).toSeconds(),
                accounts.now() - Duration.ofDays(8).toSeconds()}) {
            MessageHeader header = MessageHeader.of(conversation, customer.id(), MessageHeader.randomId(RANDOM),
                    lists.business().list().version(), lists.customer().list().version(), MessageHeader.KIND_TEXT, sentAt);
            customer.request().body(seal(customer, header, lists).toJson()).post("/api/messages").then().statusCode(400)
                    .body("code", equalTo("sent_at_out_of_range"));
        }
        MessageHeader yesterday = MessageHeader.of(conversation, customer.id(), MessageHeader.randomId(RANDOM),
                lists.business().list().version(), lists.customer().list().version(), MessageHeader.KIND_TEXT,
                accounts.now() - Duration.ofDays(1).toSeconds());
        customer.request().body(seal(customer, yesterday, lists).toJson()).post("/api/messages").then().statusCode(201);
        assertEquals(1, data.count("message"));
    }

    @Test
    void aDeviceThatSentItsLimitThisMinuteIsRefusedUntilTheNextMinute() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        customerClient.sendText(conversation, "first");
        useUp(limiter, RateLimiter.Purpose.MESSAGE_SEND, customer.id());
        SwitchboardClient.Lists lists = customerClient.lists(conversation);
        MessageEnvelope envelope = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(429)
                .body("code", equalTo("rate_limited")).header("Retry-After", notNullValue());
        Clients.of(agent, clock).sendText(conversation, "the agent's own budget is untouched");

        clock.advance(Duration.ofMinutes(1));
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(201);
    }

    /** Counts uses until the limiter refuses, as if the device had made them. */
    static void useUp(RateLimiter limiter, RateLimiter.Purpose purpose, String key) {
        for (int i = 0; i < 100_000; i++) {
            try {
                limiter.check(purpose, key);
            } catch (RateLimited refused) {
                return;
            }
        }
        throw new AssertionError("the limiter never refused");
    }

    @Test
    void aReplayedClientMessageIdIsStoredOnce() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageEnvelope envelope = seal(customer, header(customer, lists, MessageHeader.KIND_TEXT), lists);
        int seq = customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(201).extract().path("seq");
        customer.request().body(envelope.toJson()).post("/api/messages").then().statusCode(200)
                .body("seq", equalTo(seq)).body("duplicate", equalTo(true));
        assertEquals(1, data.count("message"));
    }

    @Test
    void anOversizedMessageIsRefused() {
        SwitchboardClient.Lists lists = Clients.of(customer, clock).lists(conversation);
        MessageHeader header = header(customer, lists, MessageHeader.KIND_TEXT);
        MessageEnvelope big = Envelopes.seal(customer.keys, header, new byte[40_000],
                Envelopes.recipients(header, lists.business().list(), lists.customer().list()), RANDOM);
        customer.request().body(big.toJson()).post("/api/messages").then().statusCode(413);
        assertEquals(0, data.count("message"));
    }

    @Test
    void aRemovedDeviceGetsNothingSentAfterItsRemoval() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        customerClient.sendText(conversation, "before removal");
        owner.request().body(accounts.without(owner, agent.id()).toJson()).put("/api/devices/list").then().statusCode(200);

        SwitchboardClient.Sent after = customerClient.sendText(conversation, "after removal");

        assertEquals(0, data.count("message_wrap where device_id = '" + agent.id() + "' and message_seq = " + after.seq()));
        agent.request().get("/api/messages").then().statusCode(401);
        MessageEnvelope toRemoved = seal(customer, header(customer, customerClient.lists(conversation), MessageHeader.KIND_TEXT),
                customerClient.lists(conversation), Map.of(agent.id(), agent.keys.agreementKey()));
        customer.request().body(toRemoved.toJson()).post("/api/messages").then().statusCode(409)
                .body("details.extraDeviceIds", hasItem(agent.id()));
    }

    @Test
    void pullDeliveryAndAcknowledgementMoveTheCursor() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        long first = customerClient.sendText(conversation, "one").seq();
        long second = customerClient.sendText(conversation, "two").seq();
        agent.request().get("/api/messages").then().body("messages.seq", equalTo(List.of((int) first, (int) second)))
                .body("messages[0].envelope.wraps.size()", equalTo(1));
        agent.request().body(Map.of("upTo", first)).post("/api/messages/ack").then().statusCode(204);
        agent.request().get("/api/messages").then().body("cursor", equalTo((int) first)).body("messages.seq", equalTo(List.of((int) second)));
        assertFalse(data.count("device_cursor") == 0);
    }

    @Test
    void anAcknowledgementPastTheNewestMessageIsRefusedAndLaterMessagesStillArrive() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        long first = customerClient.sendText(conversation, "one").seq();
        agent.request().body(Map.of("upTo", first + 1)).post("/api/messages/ack").then().statusCode(400)
                .body("code", equalTo("ack_past_end")).body("details.lastSeq", equalTo((int) first));
        agent.request().body(Map.of("upTo", (1L << 53) - 1)).post("/api/messages/ack").then().statusCode(400)
                .body("code", equalTo("ack_past_end"));
        assertEquals(0, data.count("device_cursor where device_id = '" + agent.id() + "'"), "a refused acknowledgement moves no cursor");

        long later = customerClient.sendText(conversation, "two").seq();
        agent.request().get("/api/messages").then().body("messages.seq", equalTo(List.of((int) first, (int) later)));
    }

    @Test
    void oneTickOfAcknowledgementsFromBothSidesMovesEveryCursorAndBothReceiptsAndSkipsOnlyAnAckPastItsEnd() {
        SwitchboardClient customerClient = Clients.of(customer, clock);
        long asked = customerClient.sendText(conversation, "one").seq();
        long answered = Clients.of(agent, clock).sendText(conversation, "two").seq();
        AuthenticatedDevice ownerDevice = auth.authenticate(owner.session());
        AuthenticatedDevice agentDevice = auth.authenticate(agent.session());
        AuthenticatedDevice customerDevice = auth.authenticate(customer.session());

        Map<String, Long> pastEnd = delivery.acknowledgeAll(Map.of(ownerDevice, asked, customerDevice, answered, agentDevice, answered + 1));

        assertEquals(Map.of(agent.id(), answered), pastEnd);
        assertEquals(1, data.count("device_cursor where device_id = '" + owner.id() + "' and acked_seq = " + asked));
        assertEquals(1, data.count("device_cursor where device_id = '" + customer.id() + "' and acked_seq = " + answered));
        assertEquals(0, data.count("device_cursor where device_id = '" + agent.id() + "'"), "an ack past the end moves nothing");
        customer.request().get("/api/conversations/" + conversation).then()
                .body("receipts.find { it.side == 'business' }.deliveredSeq", equalTo((int) asked))
                .body("receipts.find { it.side == 'customer' }.deliveredSeq", equalTo((int) answered));
    }

    private MessageHeader header(TestDevice sender, SwitchboardClient.Lists lists, String kind) {
        return MessageHeader.of(conversation, sender.id(), MessageHeader.randomId(RANDOM), lists.business().list().version(),
                lists.customer().list().version(), kind, accounts.now());
    }

    private static MessageHeader headerOfKind(MessageHeader header, String kind) {
        return new MessageHeader(header.type(), header.conversation(), header.sender(), header.clientMessageId(),
                header.businessListVersion(), header.customerListVersion(), kind, header.sentAt());
    }

    private MessageEnvelope seal(TestDevice sender, MessageHeader header, SwitchboardClient.Lists lists) {
        return Envelopes.seal(sender.keys, header, MessageContent.text("hello"),
                Envelopes.recipients(headerOfKind(header, MessageHeader.KIND_TEXT), lists.business().list(), lists.customer().list()), RANDOM);
    }

    private MessageEnvelope seal(TestDevice sender, MessageHeader header, SwitchboardClient.Lists lists, Map<String, byte[]> extra) {
        Map<String, byte[]> recipients = new TreeMap<>(Envelopes.recipients(header, lists.business().list(), lists.customer().list()));
        recipients.putAll(extra);
        return Envelopes.seal(sender.keys, header, MessageContent.text("hello"), recipients, RANDOM);
    }
}
