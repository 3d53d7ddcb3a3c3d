package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Automatic routing seen from every side, in real browsers: two agents and customers; a chat goes to
 * one agent, the other sees who has it, it is transferred with a private note the customer never
 * sees, and a customer waits in line, watching their place, when every agent is full.
 */
@QuarkusTest
class RoutingBrowserTest extends BrowserTest {


    private Page customerWrites(String phone, String name, String text) {
        Page page = verifiedCustomer(phone, name);
        send(page, text);
        return page;
    }

    private static Locator item(Page page, String customerName) {
        return page.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(customerName));
    }

    @Test
    void aChatIsRoutedToOneAgentTransferredWithANoteAndTheNextCustomerWaitsInLine() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        Page carla = linkByQr(owner, "Carla Agent", "agent");
        @SuppressWarnings("unchecked")
        Map<String, String> ids = (Map<String, String>) owner.evaluate("""
                async () => {
                  const agents = await (await fetch('/api/agents')).json();
                  const ids = {};
                  for (const agent of agents.filter((a) => a.role === 'agent')) {
                    await fetch('/api/agents/' + agent.deviceId, {method: 'PUT', headers: {'Content-Type': 'application/json'},
                      body: JSON.stringify({capacity: 1, teamIds: []})});
                    ids[agent.person] = agent.deviceId;
                  }
                  return ids;
                }""");
        bruno.navigate("/inbox");
        carla.navigate("/inbox");
        assertThat(bruno.getByTestId("my-load")).hasText("0/1");
        assertThat(carla.getByTestId("my-load")).hasText("0/1");
        owner.navigate("/inbox");
        assertThat(owner.getByTestId("settings-link")).isVisible();
        assertThat(bruno.getByTestId("settings-link")).isHidden();

        // Maria writes: the router gives her to exactly one of the two available agents.
        Page maria = customerWrites("+351912345678", "Maria Cliente", "Where is my order?");
        Locator mariaAtOwner = item(owner, "Maria Cliente");
        assertThat(mariaAtOwner.getByTestId("assignee-name")).hasText(Pattern.compile("Bruno Agent|Carla Agent"));
        String first = mariaAtOwner.getByTestId("assignee-name").textContent();
        String second = first.equals("Bruno Agent") ? "Carla Agent" : "Bruno Agent";
        Page firstPage = first.equals("Bruno Agent") ? bruno : carla;
        Page secondPage = first.equals("Bruno Agent") ? carla : bruno;
        assertThat(firstPage.getByTestId("my-load")).hasText("1/1");
        assertThat(firstPage.getByTestId("toast").filter(new Locator.FilterOptions().setHasText("was assigned to you"))).isVisible();

        // The other agent sees who has it, and why, and is warned before replying.
        secondPage.getByTestId("tab-all").click();
        assertThat(item(secondPage, "Maria Cliente").getByTestId("assignee-name")).hasText(first);
        item(secondPage, "Maria Cliente").click();
        assertThat(secondPage.getByTestId("assignment-reason")).containsText("Least loaded");
        assertThat(secondPage.getByTestId("assignee-warning")).hasText(first + " is assigned to this conversation");

        // The first agent opens it (accepting the offer), answers, and hands it over with a private note.
        firstPage.getByTestId("tab-mine").click();
        item(firstPage, "Maria Cliente").click();
        assertThat(firstPage.getByTestId("thread")).containsText("Where is my order?");
        firstPage.getByTestId("composer-input").fill("Let me check that for you.");
        firstPage.getByTestId("send-button").click();
        assertThat(maria.getByTestId("thread")).containsText("Let me check that for you.");
        firstPage.getByTestId("transfer-button").click();
        firstPage.getByTestId("transfer-agent-select").selectOption(ids.get(second));
        firstPage.getByTestId("transfer-note").fill("Internal: she is a VIP, offer free shipping");
        firstPage.getByTestId("transfer-submit").click();

        assertThat(secondPage.getByTestId("thread-assignee")).containsText(second + " (you)");
        assertThat(secondPage.getByTestId("assignment-reason")).hasText("Transferred to " + second + " by " + first);
        assertThat(secondPage.getByTestId("thread")).containsText("Internal: she is a VIP, offer free shipping");
        assertThat(firstPage.getByTestId("my-load")).hasText("0/1");
        assertThat(secondPage.getByTestId("my-load")).hasText("1/1");
        maria.reload();
        assertThat(maria.getByTestId("thread")).containsText("Let me check that for you.");
        assertFalse(maria.content().contains("VIP, offer free shipping"), "a private note reached the customer's page");

        // Rui takes the last free slot; Rita finds every agent full and sees her place in line.
        customerWrites("+351912345679", "Rui Cliente", "Hello, invoice question");
        assertThat(item(owner, "Rui Cliente").getByTestId("assignee-name")).hasText(first);
        Page rita = customerWrites("+351912345670", "Rita Cliente", "Is anyone there?");
        Locator place = rita.getByTestId("queue-position");
        assertThat(place).isVisible();
        assertThat(place).hasAttribute("data-position", "1");
        assertThat(place).containsText("You are next in line");
        screenshot(rita, "customer-queue-position");
        assertThat(item(owner, "Rita Cliente").getByTestId("assignee-name")).hasCount(0);

        // A slot frees: Rita is assigned at once and her page says so.
        firstPage.getByTestId("tab-mine").click();
        item(firstPage, "Rui Cliente").click();
        firstPage.getByTestId("resolve-button").click();
        assertThat(item(owner, "Rita Cliente").getByTestId("assignee-name")).hasText(first);
        assertThat(rita.getByTestId("queue-assigned")).isVisible();
        assertThat(rita.getByTestId("queue-position")).isHidden();
        // The router assigning is not an agent joining: that waits for an answer.
        assertThat(rita.getByTestId("queue-assigned")).hasText("An agent will reply shortly");
        screenshot(owner, "inbox-after-routing");
    }
}
