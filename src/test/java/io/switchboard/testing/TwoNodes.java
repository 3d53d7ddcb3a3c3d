package io.switchboard.testing;

import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two app nodes, the packaged jar started twice, on one embedded PostgreSQL, both serving under node
 * A's URL as their public URL; for the tests of what a cluster does when one node sends, or dies.
 */
public final class TwoNodes implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String publicUrl;
    private EmbeddedDatabase database;
    private AppNode a;
    private AppNode b;

    private TwoNodes(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Starts the database and both nodes, each with a log in a new temporary directory named after {@code name}. */
    public static TwoNodes start(String name, int portA, int portB) throws Exception {
        TwoNodes nodes = new TwoNodes("http://localhost:" + portA);
        try {
            Path work = Files.createTempDirectory(name);
            nodes.database = EmbeddedDatabase.start(work.resolve("postgres"), 0);
            nodes.a = AppNode.start(nodes.database, portA, nodes.publicUrl, work.resolve("node-a.log"), Map.of(), "-Xmx512m");
            nodes.b = AppNode.start(nodes.database, portB, nodes.publicUrl, work.resolve("node-b.log"), Map.of(), "-Xmx512m");
            return nodes;
        } catch (Exception | AssertionError e) {
            nodes.close();
            throw e;
        }
    }

    public AppNode a() {
        return a;
    }

    public AppNode b() {
        return b;
    }

    public String publicUrl() {
        return publicUrl;
    }

    /** Sets up the business account through node A, with the setup link node A printed. */
    public RemoteAccount setUpAccount(String businessNumber) {
        return RemoteAccount.setUp(a.uri(), publicUrl, a.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), businessNumber);
    }

    /** Registers a customer's new device through {@code node}, with the code that node logged for the number. */
    public SwitchboardClient registerCustomer(AppNode node, String phone, String name) {
        return SwitchboardClient.registerCustomer(new ApiClient(node.uri(), publicUrl, DeviceKeys.generate(RANDOM)), phone, name,
                "Java client", number -> node.lastLogMatch("Verification code for " + Pattern.quote(number) + ": (\\d{6})"));
    }

    /** The same device, with its keys and session, talking to {@code node}. */
    public SwitchboardClient on(AppNode node, SwitchboardClient client) {
        ApiClient api = new ApiClient(node.uri(), publicUrl, client.api().keys());
        api.adoptSession(client.api().session());
        return new SwitchboardClient(api, Clock.systemUTC(), new SecureRandom());
    }

    /** Stops whatever started, best effort: the temporary directory goes with the machine. */
    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
