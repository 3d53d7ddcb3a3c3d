package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.RemoteAccount;
import io.switchboard.testing.TwoNodes;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes, the packaged jar started twice, on one PostgreSQL: a device connected to node A
 * receives what is posted through node B, woken by LISTEN/NOTIFY, and the other way round.
 */
class TwoNodesIT {

    static final String BUSINESS = "+4915112345678";
    static final String CUSTOMER = "+351912345678";

    static TwoNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start("switchboard-two-nodes", 18181, 18182);
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aMessagePostedThroughOneNodeReachesADeviceConnectedToTheOther() throws Exception {
        RemoteAccount account = nodes.setUpAccount(BUSINESS);
        SwitchboardClient owner = new SwitchboardClient(account.primary(), java.time.Clock.systemUTC(), new SecureRandom());

        SwitchboardClient customer = nodes.registerCustomer(nodes.b(), CUSTOMER, "Maria");
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
        while (ask.apply(nodes.a().uri()) != 429 && asked <= 60) {
            asked++;
        }
        assertTrue(asked <= 61, "node A refuses past the limit");
        assertEquals(429, ask.apply(nodes.b().uri()), "node B, never asked before, knows what node A counted");
    }
}
