package io.switchboard.routing;

import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;

/**
 * The one lock that serialises routing decisions across app nodes: whoever changes who has which
 * conversation, an agent's presence, or the teams, holds it first, so decisions never interleave.
 */
@ApplicationScoped
class RoutingLock {

    /** The advisory lock key ("SB" + 1). */
    private static final long KEY = 0x5342_0001L;

    private final Jdbc jdbc;

    RoutingLock(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Waits for the lock and holds it until the transaction ends. */
    void hold() {
        jdbc.list("select pg_advisory_xact_lock(?1)", KEY);
    }
}
