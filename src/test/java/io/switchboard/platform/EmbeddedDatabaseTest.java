package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL that the README's run command starts must not lose acknowledged commits. */
class EmbeddedDatabaseTest {

    @Test
    void theDefaultEmbeddedServerWaitsForTheDisk() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-durable");
        try (EmbeddedDatabase database = EmbeddedDatabase.startFromSettings(Map.of("switchboard.data-dir", dataDir.toString())::get)) {
            assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), settings(database));
        }
    }

    @Test
    void theFastModeIsOnlyWhatTestsAskFor() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-fast");
        try (EmbeddedDatabase database = EmbeddedDatabase.startFromSettings(Map.of("switchboard.data-dir", dataDir.toString(),
                "switchboard.database.embedded-durable", "false")::get)) {
            assertEquals(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"), settings(database));
        }
    }

    private static Map<String, String> settings(EmbeddedDatabase database) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres")) {
            return Map.of("fsync", show(connection, "fsync"), "synchronous_commit", show(connection, "synchronous_commit"),
                    "full_page_writes", show(connection, "full_page_writes"));
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (ResultSet result = connection.createStatement().executeQuery("show " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
