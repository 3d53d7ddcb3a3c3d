package io.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.testing.AppNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged app refuses a routing setting it cannot read instead of quietly routing some other way. */
class RoutingConfigIT {

    @Test
    void aMistypedDefaultPolicyStopsTheStart() throws Exception {
        Path work = Files.createTempDirectory("switchboard-config-check");
        Path log = work.resolve("node.log");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            int exitCode = AppNode.startExpectingRefusal(database, 18191, "http://localhost:18191", log,
                    Map.of("switchboard.routing.default-policy", "least-loaded"));

            assertNotEquals(0, exitCode);
            String output = Files.readString(log);
            assertTrue(output.contains("switchboard.routing.default-policy is 'least-loaded'; it must be one of manual, "
                    + "round_robin, least_loaded"), output);
        }
    }
}
