package io.switchboard.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.PlaintextScan;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Property 2 of the protocol: a marker written through the whole system is nowhere on the server, database or blob files. */
@QuarkusTest
class NoPlaintextOnServerTest extends ApiTest {

    @Inject
    CapturingPhoneVerifier verifier;

    @Inject
    PlaintextScan plaintext;

    @Test
    void aMarkerSentAsTextAsANoteAndInAnAttachmentIsNowhereInTheDatabaseNorTheBlobFiles() throws Exception {
        String marker = "MARKER-" + UUID.randomUUID();
        TestDevice owner = primary();
        TestDevice agent = TestDevice.create("Bruno");
        accounts.linkByQr(owner, agent, "agent");
        TestDevice customer = TestDevice.create("Maria");
        accounts.registerCustomer(customer, "+351912345678", verifier).then().statusCode(204);
        String conversation = customer.request().get("/api/customers/me").then().extract().path("conversationId");

        List<ReceivedMessage> atOwner = new CopyOnWriteArrayList<>();
        try (SwitchboardClient ownerClient = Clients.of(owner, clock);
             SwitchboardClient agentClient = Clients.of(agent, clock);
             SwitchboardClient customerClient = Clients.of(customer, clock)) {
            ownerClient.connect(atOwner::add);
            customerClient.sendText(conversation, "customer says " + marker);
            agentClient.sendText(conversation, "agent replies " + marker);
            agentClient.sendNote(conversation, "private note " + marker);
            customerClient.sendAttachment(conversation, MessageHeader.KIND_DOCUMENT, ("file content " + marker).getBytes(StandardCharsets.UTF_8),
                    "text/plain", "file-" + marker + ".txt", "caption " + marker);
            await().atMost(Duration.ofSeconds(10)).until(() -> atOwner.size() == 4);
            assertTrue(atOwner.stream().allMatch(message -> message.text().contains(marker)), "the devices can read it");
            assertEquals("file content " + marker, new String(ownerClient.downloadAttachment(atOwner.get(3)), StandardCharsets.UTF_8));
        }
        assertEquals(4, data.count("message"));
        assertEquals(1, data.count("blob"));

        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        long scanned = plaintext.assertNowhereInTheDatabase(marker);
        assertTrue(scanned > 1_000_000, "the scan read the database files");
        List<Path> blobFiles = data.blobFiles();
        assertEquals(1, blobFiles.size());
        for (Path file : blobFiles) {
            assertFalse(PlaintextScan.contains(Files.readAllBytes(file), needle), "marker found in blob file " + file);
            assertFalse(file.toString().contains(marker), "marker in a blob file name");
        }
    }
}
