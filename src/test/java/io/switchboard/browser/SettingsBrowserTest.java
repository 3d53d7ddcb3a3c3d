package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin settings page and the customer's topic menu and place in line (docs/protocol.md §14) in real browsers. */
@QuarkusTest
class SettingsBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345670";


    @Test
    void anAdminConfiguresRoutingAndTheCustomerPicksATopicAndSeesTheirPlace() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        assertThat(owner.getByTestId("settings-link")).isVisible();
        assertThat(bruno.getByTestId("settings-link")).isHidden();

        owner.navigate("/settings");
        assertThat(owner.getByTestId("agent-row")).hasCount(2);

        // A team without members: the page warns that its chats will wait.
        owner.getByTestId("team-new").click();
        owner.getByTestId("team-save").click();
        assertThat(owner.locator("#team-name-error")).hasText("Enter a name for the team.");
        owner.getByTestId("team-name").fill("Billing");
        owner.getByTestId("team-policy").selectOption("round_robin");
        owner.getByTestId("team-save").click();
        Locator team = owner.getByTestId("team-row");
        assertThat(team).hasCount(1);
        assertThat(team).containsText("Round robin");
        assertThat(team.getByTestId("team-warning")).containsText("chats for this team will wait");

        // One topic for the customer menu, sent to that team.
        owner.getByTestId("topic-add").click();
        owner.getByTestId("topic-label").fill("Invoices");
        owner.getByTestId("topic-priority").fill("3");
        owner.getByTestId("topics-save").click();
        assertThat(owner.locator("#topics-status")).containsText("Menu saved with 1 topic");

        Locator brunoRow = owner.getByTestId("agent-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        brunoRow.getByTestId("agent-capacity").fill("7");
        brunoRow.getByTestId("agent-capacity").press("Enter");
        assertThat(brunoRow.getByTestId("agent-load")).hasText("0 of 7 chats");

        owner.getByTestId("canned-shortcut").fill("/Hello");
        owner.getByTestId("canned-text").fill("Hello! How can we help?");
        owner.getByTestId("canned-save").click();
        assertThat(owner.getByTestId("canned-row")).hasCount(1);
        assertThat(owner.getByTestId("canned-row")).containsText("/hello");
        screenshot(owner, "settings");

        // Agents see the settings but cannot change them.
        bruno.navigate("/settings");
        assertThat(bruno.getByTestId("settings-readonly")).isVisible();
        assertThat(bruno.getByTestId("team-row")).hasCount(1);
        assertThat(bruno.getByTestId("team-new")).hasCount(0);
        assertThat(bruno.getByTestId("agent-capacity")).hasCount(0);

        // The customer picks the topic; nobody in its team can answer, so they wait first in line.
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        assertThat(maria.locator("#chat-topics-question")).hasText("What can we help you with?");
        maria.getByTestId("topic-choice").filter(new Locator.FilterOptions().setHasText("Invoices")).click();
        assertThat(maria.getByTestId("topic-chosen")).containsText("Invoices");
        maria.getByTestId("composer-input").fill("My invoice is wrong");
        maria.getByTestId("send-button").click();
        Locator place = maria.getByTestId("queue-position");
        assertThat(place).hasAttribute("data-position", "1");
        assertThat(place).hasText(Pattern.compile("^You are next in line \u00b7 .+"));
        screenshot(maria, "chat-queue");

        // Bruno (an agent: available, and online with the settings page open) joins the team and gets the chat.
        owner.getByTestId("team-edit").click();
        owner.locator("#team-form label").filter(new Locator.FilterOptions().setHasText("Bruno Agent")).getByTestId("team-member").check();
        owner.getByTestId("team-save").click();
        assertThat(owner.getByTestId("team-row").getByTestId("team-warning")).isHidden();
        // Assigned by the router, not yet opened by Bruno: the chat says an agent will reply (it says "joined" once he opens it).
        assertThat(maria.getByTestId("queue-assigned")).hasText("An agent will reply shortly");
        assertThat(place).isHidden();
        assertThat(maria.getByTestId("topic-change")).hasCount(0);
    }
}
