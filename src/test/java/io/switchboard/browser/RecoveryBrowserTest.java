package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Protocol §7.2–7.3 in the browser: the owner turns the recovery key on, a new browser recovers loudly with it. */
@QuarkusTest
class RecoveryBrowserTest extends BrowserTest {

    @Test
    void aNewBrowserRecoversWithTheKeyAfterTheVetoWindowWhileEveryDeviceSawIt() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Admin", "admin");
        bruno.navigate("/devices");
        assertThat(bruno.getByTestId("device-row")).hasCount(2);
        owner.getByTestId("recovery-turn-on").click();
        String key = owner.getByTestId("recovery-key").textContent().strip();
        assertTrue(key.matches("([2-9A-HJ-NP-Z]{4} ){13}[2-9A-HJ-NP-Z]{4}"), key);
        screenshot(owner, "recovery-key");
        owner.getByTestId("recovery-key-done").click();
        assertThat(owner.getByTestId("recovery-card")).hasAttribute("data-enabled", "true");
        assertThat(owner.getByTestId("recovery-key")).hasCount(0);

        Page newcomer = newBrowser();
        newcomer.navigate("/recover");
        newcomer.locator("#recover-person").fill("Ana Again");
        newcomer.getByTestId("recover-key").fill(key.toLowerCase().replace(' ', '-'));
        newcomer.locator("#recover-submit").click();
        assertThat(newcomer.getByTestId("recover-waiting")).isVisible();

        assertThat(bruno.getByTestId("recovery-pending")).containsText("Ana Again");
        assertThat(owner.getByTestId("recovery-pending")).isVisible();
        screenshot(bruno, "recovery-pending");
        newcomer.locator("#recover-complete-early").click();
        assertThat(newcomer.getByTestId("recover-error")).isVisible();

        clock.advance(Duration.ofHours(72).plusMinutes(1));
        newcomer.locator("#recover-complete-early").click();
        assertThat(newcomer).hasURL(Pattern.compile(".*/devices"));
        assertThat(newcomer.getByTestId("primary-badge")).isVisible();
        assertThat(newcomer.getByTestId("device-row")).hasCount(1);
        assertThat(bruno.getByTestId("logged-out")).isVisible();
    }
}
