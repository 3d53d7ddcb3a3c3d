package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A customer and two agents in their own browsers: encrypted both ways, decrypted only on the devices. */
@QuarkusTest
class ConversationsBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345678";

    @Inject
    CapturingPhoneVerifier verifier;

    @Test
    void aCustomerWritesTwoAgentsReadItOneRepliesAndANoteStaysInternal() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");

        Page maria = newBrowser();
        maria.navigate("/chat");
        maria.getByTestId("chat-phone").fill(PHONE);
        maria.getByTestId("chat-name").fill("Maria Cliente");
        maria.getByTestId("chat-start").click();
        Locator code = maria.getByTestId("chat-code");
        assertThat(code).isVisible();
        code.fill(verifier.lastCodeFor(PHONE));
        maria.getByTestId("chat-verify").click();
        maria.getByTestId("composer-input").fill("Olá! Where is my order?");
        maria.getByTestId("send-button").click();
        Locator mariasMessage = maria.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Where is my order?"));
        assertThat(mariasMessage.getByTestId("ticks")).hasAttribute("data-state", Pattern.compile("sent|delivered|read"));

        owner.navigate("/inbox");
        bruno.navigate("/inbox");
        for (Page agent : new Page[] {owner, bruno}) {
            agent.getByTestId("conversation-item").first().click();
            assertThat(agent.getByTestId("thread")).containsText("Olá! Where is my order?");
        }

        bruno.getByTestId("composer-input").fill("It ships today, Maria.");
        bruno.getByTestId("send-button").click();
        assertThat(maria.getByTestId("thread")).containsText("It ships today, Maria.");
        assertThat(owner.getByTestId("thread")).containsText("It ships today, Maria.");
        assertThat(mariasMessage.getByTestId("ticks")).hasAttribute("data-state", "read");

        bruno.getByTestId("note-toggle").click();
        bruno.getByTestId("composer-input").fill("internal: VIP customer");
        bruno.getByTestId("send-button").click();
        assertThat(owner.getByTestId("thread")).containsText("internal: VIP customer");
        maria.reload();
        assertThat(maria.getByTestId("thread")).containsText("It ships today, Maria.");
        assertFalse(maria.content().contains("internal: VIP customer"), "a private note reached the customer's page");
        screenshot(owner, "inbox");
        screenshot(maria, "customer-chat");

        owner.navigate("/devices");
        Page carla = linkByQr(owner, "Carla Late", "agent");
        carla.navigate("/inbox");
        carla.getByTestId("conversation-item").first().click();
        assertThat(carla.getByTestId("thread")).containsText("Olá! Where is my order?",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(carla.getByTestId("thread")).containsText("It ships today, Maria.");
        assertThat(carla.getByTestId("thread")).containsText("internal: VIP customer");
        assertThat(carla.getByTestId("history-progress")).isHidden();
        screenshot(carla, "late-device-history");
    }
}
