package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.device.InactivePrimaryRule;
import jakarta.inject.Inject;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.TestDevice;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The browser flows, each person in their own Chromium profile. */
@QuarkusTest
class LinkedDevicesBrowserTest extends BrowserTest {

    @Inject
    InactivePrimaryRule inactivePrimaryRule;

    private static final LocatorAssertions.HasCountOptions SOON = new LocatorAssertions.HasCountOptions().setTimeout(15_000);

    @Test
    void setUpThenLinkOneBrowserByQrAndOneByPairingCodeThenLogOneOut() {
        Page owner = setUpPrimary();

        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        bruno.navigate("/devices");
        assertThat(bruno.getByTestId("this-device")).isVisible();
        screenshot(bruno, "companion-devices");

        Page carla = newBrowser();
        String code = startCodeLink(carla, "Carla Supervisor");
        screenshot(carla, "linking-code");
        owner.getByTestId("link-code-button").click();
        owner.getByTestId("code-input").fill(code);
        owner.getByTestId("code-submit").click();
        approve(owner, "Carla Supervisor", "supervisor");
        assertThat(carla).hasURL(Pattern.compile(".*/inbox"), new com.microsoft.playwright.assertions.PageAssertions.HasURLOptions().setTimeout(15_000));

        Locator rows = owner.getByTestId("device-row");
        assertThat(rows).hasCount(3, SOON);
        assertThat(owner.getByTestId("device-list")).containsText("Bruno Agent");
        assertThat(owner.getByTestId("device-list")).containsText("Carla Supervisor");
        Locator carlaRow = rows.filter(new Locator.FilterOptions().setHasText("Carla Supervisor"));
        assertThat(carlaRow.getByTestId("role-badge")).hasText(Pattern.compile("supervisor", Pattern.CASE_INSENSITIVE));
        screenshot(owner, "primary-devices");

        Locator brunoRow = rows.filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        brunoRow.getByTestId("logout-button").click();
        owner.getByTestId("confirm-ok").click();

        assertThat(bruno.getByTestId("logged-out")).isVisible();
        assertThat(bruno.getByTestId("logged-out-reason")).containsText("logged this browser out");
        Object status = bruno.evaluate("() => fetch('/api/devices').then(r => r.status)");
        assertEquals(401, ((Number) status).intValue());
        assertThat(rows).hasCount(2, SOON);
        screenshot(bruno, "companion-logged-out");
    }

    @Test
    void anExpiredSessionIsRenewedSilentlyWithTheDeviceKey() {
        Page owner = setUpPrimary();
        clock.advance(Duration.ofMinutes(31));

        owner.reload();

        assertThat(owner.getByTestId("device-row")).hasCount(1);
        assertThat(owner.getByTestId("logged-out")).hasCount(0);
        Object status = owner.evaluate("() => fetch('/api/devices').then(r => r.status)");
        assertEquals(200, ((Number) status).intValue());
    }

    @Test
    void aFifthCompanionIsRefusedOnItsScreen() {
        setUpPrimaryThroughTheApi();
        Page fifth = newBrowser();
        fifth.navigate("/link");
        fifth.locator("#person").fill("Eve Fifth");
        fifth.locator("#link-submit").click();
        assertThat(fifth.locator("#form-error")).containsText("4 linked devices");
    }

    @Test
    void companionsAreLoggedOutWhenThePrimaryIsInactiveForFourteenDays() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        bruno.navigate("/devices");
        assertThat(bruno.getByTestId("this-device")).isVisible();
        owner.close();

        clock.advance(Duration.ofDays(15));
        inactivePrimaryRule.apply();

        assertThat(bruno.getByTestId("logged-out")).isVisible();
        assertThat(bruno.getByTestId("logged-out-reason")).containsText("14 days");
    }

    @Test
    void theOwnerChangesARoleWithoutRelinkingAndACompanionLogsItselfOut() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        bruno.navigate("/devices");
        assertThat(bruno.getByTestId("settings-link")).isHidden();

        Locator brunoRow = owner.getByTestId("device-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        brunoRow.getByTestId("role-change").selectOption("admin");
        assertThat(owner.getByTestId("notice")).containsText("Bruno Agent is now Admin");
        assertThat(brunoRow).hasAttribute("data-role", "admin");

        // Bruno's page hears the new list and shows what an admin may open.
        assertThat(bruno.getByTestId("settings-link")).isVisible();
        assertThat(bruno.getByTestId("this-device").locator("xpath=..").getByTestId("role-badge")).hasText("Admin");

        bruno.getByTestId("self-logout").click();
        bruno.getByTestId("confirm-ok").click();
        assertThat(bruno).hasURL(Pattern.compile(".*/$"));
        assertThat(bruno.getByTestId("link-button")).isVisible();
        // The primary drops the logged-out browser from the signed list the next time it looks.
        owner.reload();
        assertThat(owner.getByTestId("device-row")).hasCount(1, SOON);
    }

    /** A primary with four companions, linked by Java devices through the API. */
    private void setUpPrimaryThroughTheApi() {
        TestDevice primary = primary();
        for (int i = 1; i <= 4; i++) {
            accounts.linkByQr(primary, TestDevice.create("Agent " + i), "agent");
        }
    }

}
