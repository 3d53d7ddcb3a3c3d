package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.supervision.GeneratedFacts;
import io.switchboard.testing.Accounts;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports (§15.8) in a real browser: charts drawn, a number opened to its conversations, the CSV downloaded and audited. */
@QuarkusTest
class ReportsBrowserTest extends BrowserTest {

    @Inject
    GeneratedFacts generated;

    @Inject
    EntityManager entityManager;

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

    @Test
    void theChannelFilterAndSeriesPerChannelChangeTheNumbersAndTheirConversations() {
        Page owner = setUpPrimary();
        Object team = owner.evaluate("fetch('/api/teams', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({name: 'Billing', policy: 'least_loaded', sticky: false, stickyForSeconds: 0})})"
                + ".then((r) => r.json()).then((t) => t.id)");
        Instant from = Instant.now().minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.DAYS);
        // Every third generated conversation is the room of a third-party chat with the peer a.test. The room exists before
        // the conversation's facts, which keep the channel they were written with.
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("insert into federation_peer (domain, address, trust_pem, enabled, updated_at) "
                    + "values ('a.test', 'https://a.test', 'pem', true, ?1)").setParameter(1, from.atOffset(ZoneOffset.UTC)).executeUpdate();
            for (int i = 0; i < 24; i += 3) {
                entityManager.createNativeQuery("insert into federation_consent (peer_domain, remote_user, local_user, state, room_id, updated_at) "
                        + "values ('a.test', ?1, ?2, 'granted', ?3, ?4)").setParameter(1, String.format("+4917000000%03d", i))
                        .setParameter(2, Accounts.NUMBER).setParameter(3, "gen23x" + i).setParameter(4, from.atOffset(ZoneOffset.UTC)).executeUpdate();
            }
        });
        generated.generate(23, 24, from, 2, List.of((String) team), List.of("gen-agent-1"));
        long all = data.count("report_fact where metric = 'started'");
        long peer = data.count("report_fact where metric = 'started' and conversation_id in (select room_id from federation_consent)");
        assertTrue(peer > 0 && peer < all, "both channels started conversations: " + peer + " of " + all);
        Page sara = linkByQr(owner, "Sara Supervisor", "supervisor");

        sara.navigate("/reports");
        sara.getByTestId("report-group").selectOption("none");
        Locator volume = sara.locator(".report-table").first().getByTestId("n-volume").first();
        assertThat(volume).hasText(String.valueOf(all));
        // A supervisor may not list the peers: every channel, direct, or a provider they type.
        Locator channel = sara.getByTestId("report-channel");
        assertThat(channel.locator("option")).hasCount(3);
        channel.selectOption("*other");
        Locator domain = sara.getByTestId("report-channel-domain");
        assertThat(domain).isFocused();
        sara.keyboard().type("A.test");
        sara.keyboard().press("Enter");
        assertThat(volume).hasText(String.valueOf(peer));
        assertThat(channel).hasValue("a.test");
        assertThat(domain).hasCount(0);
        channel.selectOption("");
        assertThat(volume).hasText(String.valueOf(all));

        sara.getByTestId("report-group").selectOption("channel");
        Locator totals = sara.locator(".report-table").first();
        Locator peerRow = totals.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("a.test"));
        Locator directRow = totals.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("Direct (own customers)"));
        assertThat(peerRow.getByTestId("n-volume")).hasText(String.valueOf(peer));
        assertThat(directRow.getByTestId("n-volume")).hasText(String.valueOf(all - peer));
        assertThat(totals.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("Overall")).getByTestId("n-volume"))
                .hasText(String.valueOf(all));

        // A channel's number opens its own conversations: the peer's rooms, and only them.
        peerRow.getByTestId("n-volume").click();
        Locator rows = sara.getByTestId("drill").getByTestId("drill-row");
        assertThat(rows).hasCount((int) peer);
        for (String text : rows.locator("td:first-child a").allTextContents()) {
            assertEquals(0, Integer.parseInt(text.substring("gen23x".length())) % 3, "a room of a.test: " + text);
        }

        // Back to everything in one series, filtered to the peer's channel, then to direct.
        sara.getByTestId("report-group").selectOption("none");
        channel.selectOption("a.test");
        assertThat(volume).hasText(String.valueOf(peer));
        channel.selectOption("direct");
        assertThat(volume).hasText(String.valueOf(all - peer));
        // The keyboard reaches the filter and changes it as the mouse does.
        channel.focus();
        sara.keyboard().press("ArrowUp");
        assertThat(channel).hasValue("");
        assertThat(volume).hasText(String.valueOf(all));
    }
}
