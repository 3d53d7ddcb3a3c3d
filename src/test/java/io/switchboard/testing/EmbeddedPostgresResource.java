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

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("switchboard-test-pg");
            database = EmbeddedDatabase.start(directory, 0);
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
