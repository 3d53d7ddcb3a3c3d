package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ApiClient;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import io.switchboard.protocol.DeviceKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes, the packaged jar started twice, on one PostgreSQL: a device connected to node A
 * receives what is posted through node B, woken by LISTEN/NOTIFY, and the other way round.
 */
class TwoNodesIT {

    static final String PUBLIC_URL = "http://localhost:18181";
    static final URI NODE_A = URI.create("http://localhost:18181");
    static final URI NODE_B = URI.create("http://localhost:18182");
    static final String BUSINESS = "+4915112345678";
    static final String CUSTOMER = "+351912345678";

    static EmbeddedDatabase database;
    static AppNode nodeA;
    static AppNode nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path work = Files.createTempDirectory("switchboard-two-nodes");
        database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
        nodeA = AppNode.start(database, NODE_A.getPort(), PUBLIC_URL, work.resolve("node-a.log"), Map.of(), "-Xmx512m");
        nodeB = AppNode.start(database, NODE_B.getPort(), PUBLIC_URL, work.resolve("node-b.log"), Map.of(), "-Xmx512m");
    }

    @AfterAll
    static void stopNodes() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort: the temp directory goes with the machine
            }
        }
    }

    @Test
    void aMessagePostedThroughOneNodeReachesADeviceConnectedToTheOther() throws Exception {
        RemoteAccount account = RemoteAccount.setUp(NODE_A, PUBLIC_URL, nodeA.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), BUSINESS);
        SwitchboardClient owner = new SwitchboardClient(account.primary(), java.time.Clock.systemUTC(), new SecureRandom());

        SwitchboardClient customer = SwitchboardClient.registerCustomer(
                new ApiClient(NODE_B, PUBLIC_URL, DeviceKeys.generate(new SecureRandom())), CUSTOMER, "Maria", "Java client",
                phone -> nodeB.lastLogMatch("Verification code for " + Pattern.quote(phone) + ": (\\d{6})"));
        String conversation = customer.myConversation();

        BlockingQueue<ReceivedMessage> atOwner = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedMessage> atCustomer = new LinkedBlockingQueue<>();
        owner.connect(atOwner::add).connected().get(10, TimeUnit.SECONDS);
        customer.connect(atCustomer::add).connected().get(10, TimeUnit.SECONDS);

        for (int i = 0; i < 20; i++) {
            customer.sendText(conversation, "via node B #" + i);
            ReceivedMessage received = atOwner.poll(5, TimeUnit.SECONDS);
            assertTrue(received != null, "the device on node A never got message " + i + " posted through node B");
            assertEquals("via node B #" + i, received.text());

            owner.sendText(conversation, "via node A #" + i);
            ReceivedMessage reply = atCustomer.poll(5, TimeUnit.SECONDS);
            assertTrue(reply != null, "the device on node B never got message " + i + " posted through node A");
            assertEquals("via node A #" + i, reply.text());
        }
        owner.close();
        customer.close();
    }


    @Test
    void signInChallengesAreCountedOnceForBothNodes() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<URI, Integer> ask = node -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(node.resolve("/api/auth/challenge"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"AAAAAAAAAAAAAAAAAAAAAA\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        // Other tests here sign in from this address too, so node A is asked until it refuses (60 a minute).
        int asked = 1;
        while (ask.apply(NODE_A) != 429 && asked <= 60) {
            asked++;
        }
        assertTrue(asked <= 61, "node A refuses past the limit");
        assertEquals(429, ask.apply(NODE_B), "node B, never asked before, knows what node A counted");
    }
}
