package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The owner's passkey, on Chromium's virtual authenticator (user verification on), approves links, logouts and roles. */
@QuarkusTest
class PasskeyBrowserTest extends BrowserTest {

    @Test
    void theOwnerAddsAPasskeyAndApprovesALinkAndALogoutWithIt() {
        Page owner = setUpPrimary();
        Authenticator authenticator = Authenticator.add(owner);
        assertThat(owner.getByTestId("passkeys-none")).isVisible();

        owner.getByTestId("passkey-name").fill("Ana's laptop");
        owner.getByTestId("passkey-add").click();
        assertThat(owner.getByTestId("passkey-row")).hasCount(1);
        assertThat(owner.getByTestId("passkey-notice")).containsText("Ana's laptop");
        assertThat(owner.getByTestId("passkeys-none")).hasCount(0);
        assertThat(owner.getByTestId("audit-row").first()).containsText("Added passkey “Ana's laptop”");
        screenshot(owner, "passkeys");

        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        assertEquals(1, data.count("passkey_challenge where purpose = 'approval' and change = 'link' and consumed_at is not null"));

        Locator brunoRow = owner.getByTestId("device-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        authenticator.userVerified(false);
        brunoRow.getByTestId("role-change").selectOption("admin");
        assertThat(owner.locator("#load-error")).containsText("Bruno Agent");
        assertThat(brunoRow).hasAttribute("data-role", "agent");

        authenticator.userVerified(true);
        brunoRow.getByTestId("logout-button").click();
        owner.getByTestId("confirm-ok").click();
        assertThat(bruno.getByTestId("logged-out")).isVisible();
        assertThat(owner.getByTestId("device-row")).hasCount(1);
        assertEquals(1, data.count("passkey_challenge where change = 'list' and consumed_at is not null"));
        assertEquals(1, data.count("passkey where last_used_at is not null and sign_count > 0"));
    }

    /** Chromium's virtual authenticator in one page's browser, through the DevTools protocol. */
    record Authenticator(CDPSession cdp, String id) {

        static Authenticator add(Page page) {
            CDPSession cdp = page.context().newCDPSession(page);
            cdp.send("WebAuthn.enable");
            JsonObject options = new JsonObject();
            options.addProperty("protocol", "ctap2");
            options.addProperty("transport", "internal");
            options.addProperty("hasResidentKey", true);
            options.addProperty("hasUserVerification", true);
            options.addProperty("isUserVerified", true);
            options.addProperty("automaticPresenceSimulation", true);
            JsonObject args = new JsonObject();
            args.add("options", options);
            return new Authenticator(cdp, cdp.send("WebAuthn.addVirtualAuthenticator", args).get("authenticatorId").getAsString());
        }

        /** Whether the next ceremonies find the user verified (a wrong fingerprint when false). */
        void userVerified(boolean verified) {
            JsonObject args = new JsonObject();
            args.addProperty("authenticatorId", id);
            args.addProperty("isUserVerified", verified);
            cdp.send("WebAuthn.setUserVerified", args);
        }
    }
}
