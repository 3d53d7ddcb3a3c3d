package io.switchboard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.platform.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL for the test run, in a throw-away directory. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Where the test database keeps its files, for tests that scan them. */
    public static final String DATA_DIRECTORY_PROPERTY = "sbtest.postgres-dir";

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("switchboard-test-pg");
            database = EmbeddedDatabase.startNonDurableForTests(directory, 0);
            System.setProperty(DATA_DIRECTORY_PROPERTY, directory.toString());
            return database.connectionProperties();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
