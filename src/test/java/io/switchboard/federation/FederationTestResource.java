package io.switchboard.federation;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Before the app starts: makes a certificate authority for the app's provider, issues its certificate
 * for {@link #DOMAIN}, and configures the peer listener with it on a free port. The authority's key is
 * dropped; its certificate is written next to the provider's ({@link #CA_FILE}) so peers played by the
 * tests can trust it.
 */
public class FederationTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DOMAIN = "b.test";
    /** Identifier queries per peer per minute in the tests. */
    static final int QUERIES_PER_MINUTE = 5;

    public static final String CA_FILE = "provider-ca.pem";

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("switchboard-federation");
            // registered first, deleted last: after the files in it
            directory.toFile().deleteOnExit();
            TestCa ca = new TestCa("Switchboard test provider CA");
            TestCa.Issued own = ca.issue(DOMAIN);
            Files.writeString(directory.resolve(CA_FILE), ca.certificatePem()).toFile().deleteOnExit();
            Path certificate = Files.writeString(directory.resolve("provider.pem"), own.certificatePem());
            Path key = Files.writeString(directory.resolve("provider.key"), own.keyPem());
            key.toFile().deleteOnExit();
            certificate.toFile().deleteOnExit();
            return Map.of("switchboard.federation.domain", DOMAIN,
                    "switchboard.federation.port", "0",
                    "switchboard.federation.host", "127.0.0.1",
                    "switchboard.federation.certificate-file", certificate.toString(),
                    "switchboard.federation.key-file", key.toString(),
                    "switchboard.federation.identifier-queries-per-minute", String.valueOf(QUERIES_PER_MINUTE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
