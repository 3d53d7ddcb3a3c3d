package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The supervisors' live board (§15.3) in real browsers: it follows the floor without a reload, and opening a chat from it is silent. */
@QuarkusTest
class BoardBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345679";

    @Test
    void aSupervisorWatchesTheFloorLiveAndOpensAChatSilently() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        Page sara = linkByQr(owner, "Sara Supervisor", "supervisor");

        // Bruno is away, so a new chat waits in line.
        bruno.navigate("/inbox");
        bruno.getByTestId("status-toggle").click();
        assertThat(bruno.getByTestId("status-toggle")).hasText("Away");

        // Agents have no way to the board; supervisors find it in the inbox header.
        assertThat(bruno.getByTestId("board-link")).hasCount(0);
        sara.navigate("/inbox");
        sara.getByTestId("board-link").click();
        assertThat(sara).hasURL(Pattern.compile(".*/board"));
        Locator overall = sara.getByTestId("summary-overall");
        assertThat(overall.getByTestId("tile-waiting")).hasAttribute("data-value", "0");
        assertThat(sara.getByTestId("board-no-conversations")).isVisible();
        assertThat(sara.getByTestId("board-no-alerts")).isVisible();
        Locator brunoRow = sara.getByTestId("agent-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        assertThat(brunoRow).hasAttribute("data-presence", "away");
        assertThat(brunoRow.getByTestId("agent-devices")).hasText("1");

        // A first response is due 3 s after the customer writes (an SLA the board can see breached during the test).
        Object status = owner.evaluate("fetch('/api/supervision/settings/default', {method: 'PUT', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({timeZone: 'UTC', businessHours: null, sla: {firstResponseSeconds: 3, nextResponseSeconds: null,"
                + " resolutionSeconds: null}, serviceLevelSeconds: 60, shortAbandonSeconds: 10,"
                + " alerts: {waitWarningSeconds: 60, waitCriticalSeconds: 300, slaWarningPercent: 80}})}).then((r) => r.status)");
        assertEquals(200, ((Number) status).intValue());

        // A customer writes: the board shows her waiting, without a reload, and the longest wait ticks.
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        send(maria, "Where is my order?");
        assertThat(overall.getByTestId("tile-waiting")).hasAttribute("data-value", "1");
        assertThat(overall.getByTestId("tile-longest")).hasAttribute("data-value", Pattern.compile("^0:0[1-9]|^0:[1-5]\\d"));
        Locator item = sara.getByTestId("conversation-item");
        assertThat(item).hasCount(1);
        assertThat(item.getByTestId("conversation-name")).hasText("Maria Cliente");
        assertThat(item.getByTestId("conversation-preview")).containsText("first response");

        // Nobody answers: the SLA breaches on the board, and an alert says so.
        assertThat(overall.getByTestId("tile-sla")).hasAttribute("data-value", "0 · 1");
        Locator alert = sara.getByTestId("board-alert").filter(new Locator.FilterOptions().setHasText("first response to Maria Cliente is overdue"));
        assertThat(alert).hasAttribute("data-level", "critical");

        // Opened from the board: readable on Sara's device, and nothing is marked read.
        item.click();
        Locator silent = sara.getByTestId("silent-open");
        assertThat(silent.getByTestId("thread")).containsText("Where is my order?");
        String conversation = silent.getAttribute("data-conversation-id");
        Object readSeq = sara.evaluate("(id) => fetch('/api/conversations/' + id).then((r) => r.json())"
                + ".then((c) => Math.max(0, ...c.receipts.filter((r) => r.side === 'business').map((r) => r.readSeq)))", conversation);
        assertEquals(0, ((Number) readSeq).intValue(), "a silent open marks nothing read");
        sara.keyboard().press("Escape");
        assertThat(silent).hasCount(0);

        // Bruno takes it: the board moves it from waiting to open and onto his row, again without a reload.
        bruno.getByTestId("tab-queue").click();
        bruno.getByTestId("conversation-item").first().click();
        bruno.getByTestId("claim-button").click();
        assertThat(bruno.getByTestId("thread-assignee")).containsText("Bruno Agent (you)");
        assertThat(overall.getByTestId("tile-waiting")).hasAttribute("data-value", "0");
        assertThat(overall.getByTestId("tile-open")).hasAttribute("data-value", "1");
        assertThat(brunoRow).hasAttribute("data-load", "1");
        assertThat(brunoRow.getByTestId("agent-chat")).containsText("Maria Cliente");

        // Sara reassigns it to Ana from the board with the shared routing block; it moves rows live.
        brunoRow.getByTestId("agent-chat").click();
        assertThat(silent.getByTestId("thread-assignee")).containsText("Bruno Agent");
        silent.getByTestId("assign-button").click();
        sara.getByTestId("assign-agent-select").selectOption(new SelectOption().setIndex(1));
        sara.getByTestId("assign-submit").click();
        Locator anaRow = sara.getByTestId("agent-row").filter(new Locator.FilterOptions().setHasText("Ana Owner"));
        assertThat(anaRow).hasAttribute("data-load", "1");
        assertThat(brunoRow).hasAttribute("data-load", "0");
        assertThat(silent.getByTestId("thread-assignee")).containsText("Ana Owner");
        assertThat(sara.getByTestId("connection-banner")).hasCount(0);
        screenshot(sara, "board");
    }
}
