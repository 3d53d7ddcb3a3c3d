package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A supervisor acts from the board in real browsers (§14.5, §14.6): a whisper reaches the agent and
 * never the customer, a take-over moves the chat and the agent sees why, the agent's status and
 * capacity change from the board, and after the resolve the customer rates the chat.
 */
@QuarkusTest
class BoardActionsBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345680";

    @Test
    void aSupervisorWhispersTakesOverAndTheCustomerRatesTheChat() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        Page sara = linkByQr(owner, "Sara Supervisor", "supervisor");

        // Bruno is the one available agent: Maria's chat is offered to him.
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        send(maria, "My invoice is wrong");
        bruno.getByTestId("conversation-item").first().click();
        assertThat(bruno.getByTestId("thread-assignee")).containsText("Bruno Agent (you)");

        // Sara whispers from the board.
        sara.navigate("/board");
        Locator brunoRow = sara.getByTestId("agent-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        brunoRow.getByTestId("agent-chat").click();
        Locator silent = sara.getByTestId("silent-open");
        assertThat(silent.getByTestId("thread")).containsText("My invoice is wrong");
        silent.getByTestId("whisper-input").fill("Offer the refund, it is approved");
        silent.getByTestId("whisper-send").click();
        assertThat(silent.getByTestId("whisper-status")).containsText("Whispered to Bruno Agent");

        // Bruno sees it as a whisper; Maria never does, though she gets Bruno's reply sent after it.
        Locator whisper = bruno.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Offer the refund"));
        assertThat(whisper).hasAttribute("data-kind", "whisper");
        assertThat(whisper.getByTestId("whisper-label")).containsText("Sara Supervisor");
        // A supervisor whispers from the inbox too (Ana is the owner).
        owner.navigate("/inbox");
        owner.getByTestId("tab-all").click();
        owner.getByTestId("conversation-item").first().click();
        owner.getByTestId("whisper-input").fill("Check the second invoice as well");
        owner.getByTestId("whisper-send").click();
        assertThat(bruno.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Check the second invoice")))
                .hasAttribute("data-kind", "whisper");
        send(bruno, "You get a refund today");
        assertThat(maria.getByTestId("thread")).containsText("You get a refund today");
        assertThat(maria.getByTestId("thread")).not().containsText("Offer the refund");
        assertThat(maria.getByTestId("thread")).not().containsText("second invoice");

        // Sara takes over: the chat is hers, and Bruno's thread says why it left him.
        silent.getByTestId("take-over-button").click();
        assertThat(silent.getByTestId("thread-assignee")).containsText("Sara Supervisor");
        assertThat(bruno.getByTestId("system-line")).hasText("Sara Supervisor took over this conversation.");
        assertThat(brunoRow).hasAttribute("data-load", "0");

        // Bruno's status and capacity, from the board.
        String conversation = silent.getAttribute("data-conversation-id");
        sara.keyboard().press("Escape");
        brunoRow.getByTestId("agent-status-toggle").click();
        assertThat(brunoRow).hasAttribute("data-presence", "away");
        assertThat(bruno.getByTestId("status-toggle")).hasText("Away");
        brunoRow.getByTestId("agent-capacity-input").fill("7");
        brunoRow.getByTestId("agent-capacity-save").click();
        assertThat(brunoRow.getByTestId("agent-load")).hasText("0/7");

        // Sara resolves: Maria is asked to rate, and her comment reaches the business end-to-end encrypted.
        sara.getByTestId("agent-row").filter(new Locator.FilterOptions().setHasText("Sara Supervisor")).getByTestId("agent-chat").click();
        silent.getByTestId("resolve-button").click();
        Locator csat = maria.getByTestId("csat");
        assertThat(csat).isVisible();
        csat.getByTestId("csat-star-4").click();
        csat.getByTestId("csat-comment").fill("Quick and kind, thanks");
        csat.getByTestId("csat-submit").click();
        assertThat(maria.getByTestId("csat-thanks")).isVisible();
        Locator feedback = silent.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Quick and kind"));
        assertThat(feedback.getByTestId("feedback-label")).isVisible();
        Object rating = sara.evaluate("(id) => fetch('/api/conversations/' + id + '/csat').then((r) => r.json()).then((c) => c.rating)", conversation);
        assertEquals(4, ((Number) rating).intValue());
        assertThat(sara.getByTestId("connection-banner")).hasCount(0);
        screenshot(sara, "board-actions");
        screenshot(maria, "chat-csat");
    }
}
