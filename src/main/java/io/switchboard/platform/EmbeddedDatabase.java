package io.switchboard.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * An embedded PostgreSQL server whose data directory lives on disk and survives restarts.
 *
 * <p>Used when neither {@code QUARKUS_DATASOURCE_JDBC_URL} nor the system property
 * {@code quarkus.datasource.jdbc.url} is set. The data directory is {@code SWITCHBOARD_DATA_DIR}
 * (or {@code -Dswitchboard.data-dir}), default {@code ./data}; the database files are in its
 * {@code postgres} subdirectory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static void startIfNoDatabaseConfigured() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null || System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        String dataDir = firstNonNull(System.getProperty("switchboard.data-dir"), System.getenv("SWITCHBOARD_DATA_DIR"), "data");
        EmbeddedDatabase database = start(Path.of(dataDir).resolve("postgres"), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-shutdown"));
        database.connectionProperties().forEach(System::setProperty);
        LOG.infof("Embedded PostgreSQL started on port %d, data in %s", database.port(), Path.of(dataDir).toAbsolutePath());
    }

    /** Starts a server on {@code directory} (created if needed); port 0 picks a free port. */
    public static EmbeddedDatabase start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200");
            if (port != 0) {
                builder.setPort(port);
            }
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    /** The Quarkus properties that point the default datasource at this server. */
    public Map<String, String> connectionProperties() {
        return Map.of(
                URL_PROPERTY, jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
