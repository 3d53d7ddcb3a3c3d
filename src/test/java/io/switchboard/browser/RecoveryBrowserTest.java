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

    @Test
    void theOwnerNamesABackupAdminWhoseRecoveryEveryDeviceSeesAndTheOwnerCancels() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Admin", "admin");
        owner.getByTestId("recovery-turn-on").click();
        String key = owner.getByTestId("recovery-key").textContent().strip();
        owner.getByTestId("recovery-key-done").click();
        assertThat(owner.getByTestId("backup-admin-state")).not().containsText("Bruno Admin");

        owner.getByTestId("backup-admin-key").fill("2222 2222");
        owner.getByTestId("backup-admin-mark").click();
        assertThat(owner.getByTestId("backup-admin-card").getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).isVisible();
        owner.getByTestId("backup-admin-key").fill(key);
        owner.getByTestId("backup-admin-mark").click();
        assertThat(owner.getByTestId("backup-admin-state")).containsText("Bruno Admin");
        screenshot(owner, "backup-admin");

        Page ownerInbox = owner.context().newPage();
        ownerInbox.navigate("/inbox");
        assertThat(ownerInbox.getByTestId("recovery-banner")).hasCount(0);
        bruno.navigate("/devices");
        bruno.getByTestId("backup-admin-recover").click();
        bruno.getByTestId("recovery-take-over").click();
        assertThat(bruno.getByTestId("recovery-pending").getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).isVisible();
        assertThat(owner.getByTestId("recovery-pending")).containsText("Bruno Admin");
        assertThat(owner.getByTestId("recovery-pending")).containsText("backup admin");
        owner.bringToFront(); // a tab in the background is not painted, so it cannot be photographed
        screenshot(owner, "backup-admin-recovery-pending");
        // Pushed to every business page, not only the devices page.
        assertThat(ownerInbox.getByTestId("recovery-banner")).containsText("Bruno Admin");
        ownerInbox.bringToFront();
        screenshot(ownerInbox, "recovery-banner-inbox");

        owner.getByTestId("recovery-cancel").click();
        assertThat(owner.getByTestId("recovery-pending")).hasCount(0);
        assertThat(bruno.getByTestId("recovery-pending")).hasCount(0);
        assertThat(bruno.getByTestId("backup-admin-self")).isVisible();
        assertThat(ownerInbox.getByTestId("recovery-banner")).hasCount(0);
    }

    @Test
    void afterTheWindowTheBackupAdminTakesOverFromItsDevicesPage() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Admin", "admin");
        Page carla = linkByQr(owner, "Carla Agent", "agent");
        owner.getByTestId("recovery-turn-on").click();
        String key = owner.getByTestId("recovery-key").textContent().strip();
        owner.getByTestId("recovery-key-done").click();
        owner.getByTestId("backup-admin-key").fill(key);
        owner.getByTestId("backup-admin-mark").click();
        assertThat(owner.getByTestId("backup-admin-state")).containsText("Bruno Admin");
        bruno.navigate("/devices");
        bruno.getByTestId("backup-admin-recover").click();
        assertThat(bruno.getByTestId("recovery-take-over")).isVisible();
        carla.navigate("/devices");
        assertThat(carla.getByTestId("recovery-pending")).containsText("Bruno Admin");

        clock.advance(Duration.ofHours(72).plusMinutes(1));
        bruno.getByTestId("recovery-take-over").click();

        // Only itself is left, and it manages the devices now.
        assertThat(bruno.getByTestId("device-row")).hasCount(1);
        assertThat(bruno.locator("#manage-card")).isVisible();
        assertThat(bruno.getByTestId("recovery-pending")).hasCount(0);
        assertThat(bruno.getByTestId("list-error")).isHidden();
        assertThat(owner.getByTestId("logged-out")).isVisible();
        assertThat(carla.getByTestId("logged-out")).isVisible();
        bruno.reload();
        assertThat(bruno.getByTestId("device-row")).hasCount(1);
        assertThat(bruno.getByTestId("recovery-card")).isVisible();
    }

    @jakarta.inject.Inject
    io.switchboard.recovery.AccountReset reset;

    @Test
    void afterTheOperatorsResetTheCustomerSeesTheNewSecurityCodeAndChatsOnlyOnceAcceptingIt() {
        setUpPrimary();
        Page customer = verifiedCustomer("+351912345678", "Maria Cliente");
        send(customer, "Olá");

        String link = reset.reset(io.switchboard.testing.Accounts.NUMBER).resetLink();
        Page newcomer = newBrowser();
        newcomer.navigate(link.replace(BASE, ""));
        newcomer.locator("#recover-person").fill("Ana Again");
        newcomer.locator("#reset-submit").click();
        assertThat(newcomer).hasURL(Pattern.compile(".*/devices"));

        customer.reload();
        assertThat(customer.getByTestId("security-code-changed")).hasAttribute("data-kind", "reset");
        assertThat(customer.getByTestId("security-code-new")).hasText(Pattern.compile("^\\d{5}( \\d{5}){7}$"));
        assertThat(customer.getByTestId("composer-input")).hasCount(0);
        screenshot(customer, "security-code-changed-reset");
        customer.reload();
        assertThat(customer.getByTestId("security-code-changed")).isVisible();

        customer.getByTestId("security-code-accept").click();
        assertThat(customer.getByTestId("composer-input")).isVisible();
        assertThat(customer.getByTestId("security-code-changed")).hasCount(0);
        customer.reload();
        assertThat(customer.getByTestId("composer-input")).isVisible();
        assertThat(customer.getByTestId("security-code-changed")).hasCount(0);
    }
}
