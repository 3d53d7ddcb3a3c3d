package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Looks for a marker string where the server keeps data: every row of every table (as text, and as hex for
 * bytea), and every file of the test database after a checkpoint. A test that sent the marker end to end
 * encrypted expects it nowhere.
 */
@ApplicationScoped
public class PlaintextScan {

    @Inject
    EntityManager entityManager;

    /** Fails if the marker is in a table or a database file; answers how many bytes of database files were read. */
    public long assertNowhereInTheDatabase(String marker) {
        checkpoint();
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        String hexNeedle = HexFormat.of().formatHex(needle);
        for (String table : tables()) {
            for (Object row : rows(table)) {
                String text = String.valueOf(row);
                assertFalse(text.contains(marker) || text.toLowerCase(Locale.ROOT).contains(hexNeedle), "marker found in table " + table);
            }
        }
        return assertNotInFiles(Path.of(System.getProperty(EmbeddedPostgresResource.DATA_DIRECTORY_PROPERTY)), needle, "database file");
    }

    /**
     * The same scan for a separately started node: every row of its database over JDBC (after a checkpoint), then
     * every file of its database directory and of its blob directory.
     */
    public static void assertNowhere(String marker, String jdbcUrl, Path databaseDirectory, Path blobDirectory) throws SQLException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        String hexNeedle = HexFormat.of().formatHex(needle);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("select cast(t as text) from " + table + " t")) {
                    while (rows.next()) {
                        String text = String.valueOf(rows.getString(1));
                        assertFalse(text.contains(marker) || text.toLowerCase(Locale.ROOT).contains(hexNeedle), "marker found in table " + table);
                    }
                }
            }
        }
        assertNotInFiles(databaseDirectory, needle, "database file");
        if (Files.isDirectory(blobDirectory)) {
            assertNotInFiles(blobDirectory, needle, "blob file");
        }
    }

    /** Fails if a file under {@code directory} holds {@code needle}; answers how many bytes were read. */
    private static long assertNotInFiles(Path directory, byte[] needle, String what) {
        long scanned = 0;
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (IOException vanished) {
                    continue; // PostgreSQL removes temporary files while we walk
                }
                scanned += content.length;
                assertFalse(contains(content, needle), "marker found in " + what + " " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scanned;
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Transactional
    void checkpoint() {
        entityManager.createNativeQuery("checkpoint").executeUpdate();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> tables() {
        return entityManager.createNativeQuery("select tablename from pg_tables where schemaname = 'public'").getResultList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<Object> rows(String table) {
        return entityManager.createNativeQuery("select cast(t as text) from " + table + " t").getResultList();
    }
}
