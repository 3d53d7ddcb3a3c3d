package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings → Service levels (docs/protocol.md §15, docs/metrics.md) in real browsers: an owner sets business
 * hours with a lunch break and a holiday, an SLA target and the service-level threshold, sees the client's
 * and the server's refusals on the fields they name, saves, reloads and finds them; a supervisor reads them.
 */
@QuarkusTest
class ServiceLevelsBrowserTest extends BrowserTest {

    @Test
    void anOwnerSetsServiceLevelsThatSurviveAReloadAndASupervisorReadsThem() {
        Page owner = setUpPrimary();
        Page sara = linkByQr(owner, "Sara Supervisor", "supervisor");

        owner.navigate("/settings");
        assertThat(owner.getByTestId("sla-level")).hasValue("60");
        assertThat(owner.getByTestId("sla-exclude-short")).isChecked();
        assertThat(owner.getByTestId("sla-short-abandon")).hasValue("10");

        owner.getByTestId("sla-timezone").selectOption("Europe/Lisbon");
        owner.getByTestId("sla-limited").check();
        Locator monday = owner.getByTestId("sla-day-monday");
        owner.getByTestId("sla-add-monday").click();
        // The new period's first field has the focus: typing goes straight into it.
        assertThat(monday.getByTestId("sla-from").first()).isFocused();
        monday.getByTestId("sla-to").first().fill("13:00");
        owner.getByTestId("sla-add-monday").click();
        monday.getByTestId("sla-from").nth(1).fill("12:00");
        owner.getByTestId("sla-holiday-add").click();
        owner.getByTestId("sla-holiday-date").fill("2026-12-25");
        owner.getByTestId("sla-first").fill("15");
        owner.getByTestId("sla-exclude-short").uncheck();
        assertThat(owner.getByTestId("sla-short-abandon")).hasCount(0);
        assertThat(owner.getByTestId("sla-includes-short")).isVisible();

        // A threshold of 0 is refused before anything is sent, on its field, which gets the focus.
        owner.getByTestId("sla-level").fill("0");
        owner.getByTestId("sla-save").click();
        assertThat(owner.locator("#sla-level-error")).hasText("Enter a whole number of seconds from 1 to 86400.");
        assertThat(owner.getByTestId("sla-level")).isFocused();
        assertThat(owner.getByTestId("sla-level")).hasAttribute("aria-invalid", "true");

        // 12:00 starts before 13:00 ends: the server refuses, and says so under Monday.
        owner.getByTestId("sla-level").fill("90");
        owner.getByTestId("sla-save").click();
        assertThat(owner.locator("#sla-day-monday-error")).hasText("periods must not overlap");
        assertThat(owner.getByTestId("sla-error")).isVisible();
        assertThat(owner.locator("#sla-level-error")).hasCount(0);

        // The lunch break fixed, Enter in a field saves.
        monday.getByTestId("sla-from").nth(1).fill("14:00");
        monday.getByTestId("sla-from").nth(1).press("Enter");
        assertThat(owner.getByTestId("sla-status")).hasText("Default service levels saved.");
        assertThat(owner.locator("#sla-day-monday-error")).hasCount(0);

        Map<?, ?> stored = (Map<?, ?>) owner.evaluate("fetch('/api/supervision/settings/default').then((r) => r.json())");
        assertEquals("Europe/Lisbon", stored.get("timeZone"));
        assertEquals(90, ((Number) stored.get("serviceLevelSeconds")).intValue());
        assertEquals(0, ((Number) stored.get("shortAbandonSeconds")).intValue());
        assertEquals(900, ((Number) ((Map<?, ?>) stored.get("sla")).get("firstResponseSeconds")).intValue());
        assertEquals(List.of("2026-12-25"), ((Map<?, ?>) stored.get("businessHours")).get("holidays"));

        owner.reload();
        assertThat(owner.getByTestId("sla-level")).hasValue("90");
        assertShown(owner);
        assertThat(owner.getByTestId("sla-save")).isVisible();
        screenshot(owner, "service-levels");

        // A supervisor sees the same settings and cannot change them.
        sara.navigate("/settings");
        assertThat(sara.getByTestId("sla-readonly")).isVisible();
        assertThat(sara.getByTestId("sla-level")).hasValue("90");
        assertShown(sara);
        assertThat(sara.getByTestId("sla-save")).hasCount(0);
        assertThat(sara.getByTestId("sla-add-monday")).hasCount(0);
        assertThat(sara.getByTestId("sla-holiday-add")).hasCount(0);
        assertThat(sara.getByTestId("sla-level")).not().isEditable();
        assertThat(sara.getByTestId("sla-first")).not().isEditable();
        assertThat(sara.getByTestId("sla-day-monday").getByTestId("sla-from").first()).not().isEditable();
        assertThat(sara.getByTestId("sla-exclude-short")).isDisabled();
        assertThat(sara.getByTestId("sla-limited")).isDisabled();
    }

    /** What the owner saved, as the page shows it after a load. */
    private static void assertShown(Page page) {
        assertThat(page.getByTestId("sla-timezone")).hasValue("Europe/Lisbon");
        assertThat(page.getByTestId("sla-limited")).isChecked();
        Locator monday = page.getByTestId("sla-day-monday");
        assertThat(monday.getByTestId("sla-period")).hasCount(2);
        assertThat(monday.getByTestId("sla-from").nth(0)).hasValue("09:00");
        assertThat(monday.getByTestId("sla-to").nth(0)).hasValue("13:00");
        assertThat(monday.getByTestId("sla-from").nth(1)).hasValue("14:00");
        assertThat(monday.getByTestId("sla-to").nth(1)).hasValue("17:00");
        assertThat(page.getByTestId("sla-day-tuesday").getByTestId("sla-period")).hasCount(0);
        assertThat(page.getByTestId("sla-holiday-date")).hasValue("2026-12-25");
        assertThat(page.getByTestId("sla-first")).hasValue("15");
        assertThat(page.getByTestId("sla-exclude-short")).not().isChecked();
    }
}
