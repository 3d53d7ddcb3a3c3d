package io.switchboard.recovery;

import io.quarkus.runtime.QuarkusApplication;
import io.switchboard.platform.error.DomainException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;

/**
 * {@code java -jar switchboard.jar reset-account --confirm <business number>} (protocol §7.4): the operator's last
 * resort, run by {@code Main} instead of the server. It prints the one-time reset link for the new primary.
 */
@Singleton
public class ResetAccountCommand implements QuarkusApplication {

    public static final String NAME = "reset-account";

    @Inject
    AccountReset reset;

    @Override
    public int run(String... args) {
        return execute(System.out, args);
    }

    int execute(PrintStream out, String... args) {
        if (args.length != 3 || !NAME.equals(args[0]) || !"--confirm".equals(args[1])) {
            out.println("usage: " + NAME + " --confirm <business number, e.g. +4915112345678>");
            return 2;
        }
        try {
            AccountReset.Done done = reset.reset(args[2]);
            String rule = "=".repeat(72);
            out.println(String.join(System.lineSeparator(), rule,
                    "  The account was reset. " + done.loggedOut().size() + " device(s) were logged out; passkeys and the",
                    "  recovery key no longer work. Customers will be told that the business's security",
                    "  code changed. Open this one-time link in the browser that becomes the new primary:",
                    "",
                    "    " + done.resetLink(),
                    "",
                    "  History stays unreadable on the new primary unless a device that still holds it",
                    "  re-shares it after being linked again (docs/protocol.md §7.4).",
                    rule));
            return 0;
        } catch (DomainException refused) {
            out.println("not reset: " + refused.getMessage());
            return 1;
        }
    }
}
