package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.federation.FederationTestSupport;
import org.junit.jupiter.api.Test;

/** The owner allows a peer provider for third-party chats on the settings page (docs/interop.md §8). */
@QuarkusTest
class ThirdPartySettingsBrowserTest extends BrowserTest {

    @Test
    void theOwnerAddsAProviderTurnedOffAndTurnsItOn() {
        Page owner = setUpPrimary();
        owner.navigate("/settings");
        Locator section = owner.getByTestId("third-party");
        assertThat(section.getByTestId("third-party-domain")).hasText("This server federates as b.test.");
        assertThat(section.getByTestId("third-party-empty")).isVisible();

        section.getByTestId("peer-domain").fill("a.test");
        section.getByTestId("peer-address").fill("https://a.test:8443");
        section.getByTestId("peer-add").click();
        assertThat(owner.locator("#peer-trust-error")).hasText("Paste at least one PEM certificate (-----BEGIN CERTIFICATE-----).");
        section.getByTestId("peer-trust").fill(FederationTestSupport.certificatePem("a.test CA"));
        section.getByTestId("peer-add").click();

        Locator row = section.getByTestId("peer-row");
        assertThat(row).hasCount(1);
        assertThat(row).containsText("a.test");
        assertThat(row).containsText("off");
        row.getByTestId("peer-enabled").check();
        assertThat(section.locator("[role=status]")).hasText("Chats from a.test are allowed.");
        assertThat(row).containsText("on");
        screenshot(owner, "settings-third-party");

        owner.reload();
        assertThat(owner.getByTestId("peer-row").getByTestId("peer-enabled")).isChecked();
    }
}
