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
 *
 * <p>It runs durable: a commit returns only once it is on disk, so an acknowledged message survives a
 * power cut. The embedded library's own defaults ({@code fsync=off}, {@code synchronous_commit=off})
 * are kept only for {@link #startNonDurableForTests}, or when {@code switchboard.database.embedded-durable=false}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    static final String DURABLE_PROPERTY = "switchboard.database.embedded-durable";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static void startIfNoDatabaseConfigured() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null || System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        EmbeddedDatabase database = startFromSettings(key -> {
            String value = System.getProperty(key);
            return value != null ? value : System.getenv(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-shutdown"));
        database.connectionProperties().forEach(System::setProperty);
    }

    /** The embedded server as configured by {@code switchboard.data-dir} and {@code switchboard.database.embedded-durable}. */
    static EmbeddedDatabase startFromSettings(java.util.function.UnaryOperator<String> setting) {
        String dataDir = firstNonNull(setting.apply("switchboard.data-dir"), "data");
        boolean durable = !"false".equalsIgnoreCase(firstNonNull(setting.apply(DURABLE_PROPERTY), "true").trim());
        Path directory = Path.of(dataDir).resolve("postgres");
        EmbeddedDatabase database = durable ? start(directory, 0) : startNonDurableForTests(directory, 0);
        LOG.infof("Embedded PostgreSQL started on port %d, data in %s", database.port(), Path.of(dataDir).toAbsolutePath());
        if (!durable) {
            LOG.warnf("%s=false: the embedded PostgreSQL does not wait for the disk, and a crash can lose acknowledged messages. "
                    + "For tests only.", DURABLE_PROPERTY);
        }
        return database;
    }

    /** Starts a durable server on {@code directory} (created if needed); port 0 picks a free port. */
    public static EmbeddedDatabase start(Path directory, int port) {
        return start(directory, port, true, Map.of());
    }

    /** A durable server with more server settings, e.g. {@code shared_preload_libraries} for a benchmark's statement counts. */
    public static EmbeddedDatabase start(Path directory, int port, Map<String, String> serverConfig) {
        return start(directory, port, true, serverConfig);
    }

    /**
     * Starts a server that does not wait for the disk ({@code fsync}, {@code synchronous_commit} and
     * {@code full_page_writes} off): faster for throw-away test databases, and loses commits in a crash.
     */
    public static EmbeddedDatabase startNonDurableForTests(Path directory, int port) {
        return start(directory, port, false, Map.of());
    }

    private static EmbeddedDatabase start(Path directory, int port, boolean durable, Map<String, String> serverConfig) {
        String on = durable ? "on" : "off";
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", on)
                    .setServerConfig("synchronous_commit", on)
                    .setServerConfig("full_page_writes", on);
            serverConfig.forEach(builder::setServerConfig);
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
