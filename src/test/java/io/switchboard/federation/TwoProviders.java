package io.switchboard.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.testing.AppNode;
import io.switchboard.testing.RemoteAccount;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.security.SecureRandom;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two providers for third-party chats, {@code a.test} and {@code b.test}: the packaged jar started twice, each
 * with its own embedded PostgreSQL, data and blob directories, and a certificate from its own test CA, all made
 * in a new temporary directory (private keys included: they exist for this run only). Each owner allows the
 * other provider only when a test says so.
 */
public final class TwoProviders implements AutoCloseable {

    /** One provider: its node, database, directories, certificate and the CA that issued it. */
    public static final class Provider {
        public final String domain;
        public final TestCa ca;
        public final TestCa.Issued identity;
        public final int httpPort;
        public final int federationPort;
        public final Path directory;
        public final EmbeddedDatabase database;
        private final Map<String, String> settings = new HashMap<>();
        private final String[] jvmOptions;
        private AppNode node;
        private int starts;

        /** Fixed ports, as a restart must come back where the peer reaches it; management is {@code httpPort + 1000}. */
        Provider(Path work, String domain, int httpPort, int federationPort, boolean durable, Map<String, String> extra,
                 String... jvmOptions) throws Exception {
            this.domain = domain;
            this.httpPort = httpPort;
            this.federationPort = federationPort;
            this.jvmOptions = jvmOptions;
            ca = new TestCa("Test CA of " + domain);
            identity = ca.issue(domain);
            directory = Files.createDirectories(work.resolve(domain));
            Path postgres = directory.resolve("postgres");
            database = durable ? EmbeddedDatabase.start(postgres, 0) : EmbeddedDatabase.startNonDurableForTests(postgres, 0);
            settings.put("switchboard.data-dir", directory.resolve("data").toString());
            settings.put("switchboard.blobs.directory", blobs().toString());
            settings.put("switchboard.federation.domain", domain);
            settings.put("switchboard.federation.host", "127.0.0.1");
            settings.put("switchboard.federation.port", String.valueOf(federationPort));
            settings.put("switchboard.federation.certificate-file",
                    Files.writeString(directory.resolve("provider.pem"), identity.certificatePem()).toString());
            settings.put("switchboard.federation.key-file", Files.writeString(directory.resolve("provider.key"), identity.keyPem()).toString());
            settings.putAll(extra);
            start();
        }

        public AppNode node() {
            return node;
        }

        public Path blobs() {
            return directory.resolve("blobs");
        }

        public Path databaseDirectory() {
            return directory.resolve("postgres");
        }

        /** Starts the node (again, after it was killed), with a new log. */
        public void start() throws Exception {
            node = AppNode.start(database, httpPort, publicUrl(), directory.resolve("node-" + ++starts + ".log"), settings, jvmOptions);
        }

        public String publicUrl() {
            return "http://localhost:" + httpPort;
        }

        /** Where the other provider reaches this one's peer listener. */
        public String address() {
            return "https://127.0.0.1:" + federationPort;
        }

        public ApiClient client(DeviceKeys keys) {
            return new ApiClient(node.uri(), publicUrl(), keys);
        }

        public RemoteAccount setUpAccount(String businessNumber) {
            return RemoteAccount.setUp(node.uri(), publicUrl(), node.lastLogMatch("setup#token=([A-Za-z0-9_-]+)"), businessNumber);
        }

        /** A customer's first browser, signed up with the code this provider logged; the number is also its name. */
        public ApiClient registerCustomer(String phone) {
            ApiClient api = client(DeviceKeys.generate(RANDOM));
            SwitchboardClient.registerCustomer(api, phone, phone, "Java client",
                    number -> node.lastLogMatch("Verification code for " + Pattern.quote(number) + ": (\\d{6})"));
            return api;
        }

        /** {@code select count(*) from <from>} in this provider's database. */
        public long count(String from) throws Exception {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres");
                 Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select count(*) from " + from)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        void stop() {
            if (node != null) {
                node.close();
            }
            database.close();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final boolean keep;
    private Provider a;
    private Provider b;

    private TwoProviders(Path work, boolean keep) {
        this.work = work;
        this.keep = keep;
    }

    /**
     * Starts both; {@code httpPortA} and the three ports after it are A's and B's HTTP ports and A's and B's peer
     * listeners. {@code durable} as an operator runs it (benchmarks), else fast for tests.
     */
    public static TwoProviders start(String name, int httpPortA, boolean durable, Map<String, String> settings, String... jvmOptions)
            throws Exception {
        TwoProviders providers = new TwoProviders(Files.createTempDirectory(name), Boolean.getBoolean("keep.federation.providers"));
        try {
            providers.a = new Provider(providers.work, "a.test", httpPortA, httpPortA + 2, durable, settings, jvmOptions);
            providers.b = new Provider(providers.work, "b.test", httpPortA + 1, httpPortA + 3, durable, settings, jvmOptions);
            return providers;
        } catch (Exception | AssertionError e) {
            providers.close();
            throw e;
        }
    }

    public Provider a() {
        return a;
    }

    public Provider b() {
        return b;
    }

    /** {@code owner}'s provider allows {@code peer} (its address, and its CA as trust), or turns it off. */
    public static void allow(RemoteAccount owner, Provider peer, boolean enabled) {
        call(owner.primary(), "PUT", "/api/federation/peers/" + peer.domain,
                Map.of("address", peer.address(), "trustPem", peer.ca.certificatePem(), "enabled", enabled), 200);
    }

    /** A call the Java client has no method for (PUT, DELETE), over HTTP/1.1 as browsers speak to this port; fails unless {@code expected}. */
    public static void call(ApiClient api, String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve(path)).version(HttpClient.Version.HTTP_1_1)
                    .header("Cookie", "sb_session=" + api.session()).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = api.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops both and deletes their directory, unless {@code -Dkeep.federation.providers=true} keeps it for a look. */
    @Override
    public void close() {
        for (Provider provider : new Provider[] {a, b}) {
            if (provider != null) {
                provider.stop();
            }
        }
        if (keep) {
            return;
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: a temporary directory
        }
    }
}
