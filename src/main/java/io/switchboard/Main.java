package io.switchboard;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.switchboard.platform.EmbeddedDatabase;
import io.switchboard.recovery.ResetAccountCommand;

/**
 * Starts an embedded PostgreSQL before Quarkus when no database URL is configured, so that the
 * app runs on a fresh machine with nothing but a JDK. The datasource is configured by system
 * properties because Quarkus reads its runtime configuration only after this point.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        EmbeddedDatabase.startIfNoDatabaseConfigured();
        if (args.length > 0 && ResetAccountCommand.NAME.equals(args[0])) {
            // The operator's reset (protocol §7.4) runs against the database and exits; it serves no HTTP.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.scheduler.enabled", "false");
            Quarkus.run(ResetAccountCommand.class, args);
            return;
        }
        Quarkus.run(args);
    }
}
