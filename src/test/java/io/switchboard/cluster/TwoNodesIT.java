package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.client.ApiClient;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceLists;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
    static final List<Process> nodes = new ArrayList<>();
    static Path logA;
    static Path logB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path work = Files.createTempDirectory("switchboard-two-nodes");
        database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
        logA = work.resolve("node-a.log");
        logB = work.resolve("node-b.log");
        nodes.add(start(NODE_A.getPort(), logA));
        awaitHealthy(NODE_A);
        nodes.add(start(NODE_B.getPort(), logB));
        awaitHealthy(NODE_B);
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(Process::destroy);
        for (Process node : nodes) {
            try {
                node.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aMessagePostedThroughOneNodeReachesADeviceConnectedToTheOther() throws Exception {
        DeviceKeys ownerKeys = DeviceKeys.generate(new SecureRandom());
        ApiClient ownerApi = new ApiClient(NODE_A, PUBLIC_URL, ownerKeys);
        setUpAccount(ownerApi);
        SwitchboardClient owner = new SwitchboardClient(ownerApi, java.time.Clock.systemUTC(), new SecureRandom());

        SwitchboardClient customer = SwitchboardClient.registerCustomer(
                new ApiClient(NODE_B, PUBLIC_URL, DeviceKeys.generate(new SecureRandom())), CUSTOMER, "Maria", "Java client",
                phone -> lastMatch(logB, "Verification code for " + Pattern.quote(phone) + ": (\\d{6})"));
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

    private static void setUpAccount(ApiClient owner) {
        String token = lastMatch(logA, "setup#token=([A-Za-z0-9_-]+)");
        long now = Instant.now().getEpochSecond();
        DeviceKeys keys = owner.keys();
        DeviceList list = DeviceList.of(BUSINESS, 1, now, now + Duration.ofDays(30).toSeconds(),
                List.of(DeviceEntry.of(keys.signingKey(), keys.agreementKey(), true, "owner", "Ana", "Java client")));
        owner.post("/api/account/setup", Map.of("token", token, "businessNumber", BUSINESS, "displayName", "Acme",
                "person", "Ana", "label", "Java client", "deviceList", DeviceLists.sign(list, keys, Map.of()).toJson()));
    }

    private static Process start(int port, Path log) throws IOException {
        String jar = System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar");
        Map<String, String> db = database.connectionProperties();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dswitchboard.public-url=" + PUBLIC_URL));
        db.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitHealthy(URI node) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(node.resolve("/q/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + node + " did not start; see its log");
    }

    private static String lastMatch(Path log, String regex) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                Matcher matcher = Pattern.compile(regex).matcher(Files.readString(log));
                String found = null;
                while (matcher.find()) {
                    found = matcher.group(1);
                }
                if (found != null) {
                    return found;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("nothing matching " + regex + " in " + log);
    }
}
