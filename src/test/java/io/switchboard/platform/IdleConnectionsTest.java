package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ApiTest;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Silent connections are closed within a minute (Quarkus' default keeps them 30 minutes), and event
 * WebSockets are pinged more often than that, so only dead or abusive connections are cut.
 */
@QuarkusTest
class IdleConnectionsTest extends ApiTest {

    @ConfigProperty(name = "quarkus.http.idle-timeout")
    Duration idleTimeout;

    @ConfigProperty(name = "quarkus.websockets-next.server.auto-ping-interval")
    Duration pingInterval;

    @Test
    void silentConnectionsAreClosedAndLiveSocketsArePingedInTime() {
        assertTrue(idleTimeout.compareTo(Duration.ofMinutes(1)) <= 0, "idle timeout " + idleTimeout);
        assertTrue(pingInterval.compareTo(idleTimeout) < 0, "ping every " + pingInterval + " within " + idleTimeout);
    }
}
