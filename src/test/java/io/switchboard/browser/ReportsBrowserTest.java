package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.supervision.GeneratedFacts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports (§15.8) in a real browser: charts drawn, a number opened to its conversations, the CSV downloaded and audited. */
@QuarkusTest
class ReportsBrowserTest extends BrowserTest {

    @Inject
    GeneratedFacts generated;

    @Test
    void aSupervisorReadsTheReportsOpensANumberAndExportsIt() throws IOException {
        Page owner = setUpPrimary();
        Object team = owner.evaluate("fetch('/api/teams', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({name: 'Billing', policy: 'least_loaded', sticky: false, stickyForSeconds: 0})})"
                + ".then((r) => r.json()).then((t) => t.id)");
        // The page opens on the last seven days of the browser's calendar: facts from four days ago on.
        Instant from = Instant.now().minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.DAYS);
        generated.generate(21, 25, from, 2, List.of((String) team), List.of("gen-agent-1"));
        Page sara = linkByQr(owner, "Sara Supervisor", "supervisor");

        sara.navigate("/reports");
        assertThat(sara.getByTestId("reports")).isVisible();
        assertThat(sara.getByTestId("chart-volume").locator("canvas")).hasCount(1);
        assertThat(sara.getByTestId("chart-frt").locator("canvas")).hasCount(1);
        assertThat(sara.getByTestId("reports-empty")).hasCount(0);

        // The first row of the totals is Billing's volume; its drill-down lists exactly that many cycles.
        Locator volume = sara.locator(".report-table").first().getByTestId("n-volume").first();
        int started = Integer.parseInt(volume.textContent().trim());
        assertTrue(started > 0 && started <= 100, "a page of cycles: " + started);
        volume.click();
        assertThat(sara.getByTestId("drill").getByTestId("drill-row")).hasCount(started);

        Download download = sara.waitForDownload(() -> sara.getByTestId("export-daily").click());
        String csv = Files.readString(download.path());
        assertTrue(csv.startsWith("date,team_id,device_id,volume,assigned,"), csv);
        long days = csv.lines().count() - 1;
        assertTrue(days >= 1, csv);

        // The export is in the audit trail, which owners read and supervisors do not.
        owner.navigate("/audit");
        assertThat(owner.locator("[data-testid=audit-row][data-action='report.exported']")).hasCount(1);
        sara.navigate("/audit");
        assertThat(sara.getByTestId("audit-error")).isVisible();
        assertEquals(0, owner.locator("[data-testid=audit-row][data-action='audit.exported']").count());
    }
}
