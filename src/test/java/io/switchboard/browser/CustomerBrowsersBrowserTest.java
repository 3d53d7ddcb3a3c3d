package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A customer links a second browser (docs/protocol.md §6.3) from the chat pages of both: the new one shows the
 * QR text, the first approves it, and the new one gets the earlier messages by history sync and chats on.
 */
@QuarkusTest
class CustomerBrowsersBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345678";

    @Test
    void aCustomerLinksASecondBrowserThatShowsTheEarlierMessagesAndChatsOn() {
        Page owner = setUpPrimary();
        Page phone = verifiedCustomer(PHONE, "Maria Cliente");
        send(phone, "Sent from my phone before the laptop");

        owner.navigate("/inbox");
        owner.getByTestId("tab-all").click();
        owner.getByTestId("conversation-item").first().click();
        assertThat(owner.getByTestId("thread")).containsText("Sent from my phone before the laptop");
        owner.getByTestId("composer-input").fill("Hello Maria, how can we help?");
        owner.getByTestId("send-button").click();
        assertThat(phone.getByTestId("thread")).containsText("Hello Maria, how can we help?");

        // The first browser has only itself.
        phone.getByTestId("chat-browsers-button").click();
        assertThat(phone.getByTestId("browser-row")).hasCount(1);
        assertThat(phone.getByTestId("chat-browsers-empty")).isVisible();

        // The new browser asks to join instead of signing up.
        Page laptop = newBrowser();
        laptop.navigate("/chat");
        laptop.getByTestId("chat-link-instead").click();
        laptop.locator("#person").fill("Maria Cliente");
        laptop.locator("input[name=method][value=qr]").check();
        laptop.locator("#account").fill(PHONE);
        laptop.locator("#link-submit").click();
        Locator qrText = laptop.locator("#qr-text");
        assertThat(qrText).hasValue(Pattern.compile("^SWB1:.+"));
        assertThat(laptop.getByTestId("wait-status")).hasText("Waiting for your first browser to read the code…");

        phone.getByTestId("link-qr-button").click();
        phone.getByTestId("qr-input").fill(qrText.inputValue());
        phone.getByTestId("qr-submit").click();
        assertThat(phone.getByTestId("approval-panel")).isVisible();
        assertThat(phone.getByTestId("approval-person")).hasText("Maria Cliente");
        assertThat(phone.getByTestId("fingerprint")).hasText(laptop.getByTestId("own-fingerprint").textContent());
        assertThat(phone.getByTestId("role-select")).isHidden();
        phone.getByTestId("approve-button").click();

        // The laptop completes, opens the conversation and receives the earlier messages from the phone.
        assertThat(laptop.getByTestId("composer-input")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(laptop).hasURL(Pattern.compile(".*/chat"), new PageAssertions.HasURLOptions().setTimeout(15_000));
        LocatorAssertions.ContainsTextOptions slow = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
        assertThat(laptop.getByTestId("thread")).containsText("Sent from my phone before the laptop", slow);
        assertThat(laptop.getByTestId("thread")).containsText("Hello Maria, how can we help?", slow);
        assertThat(laptop.getByTestId("history-progress")).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(30_000));
        assertThat(phone.getByTestId("chat-browsers-notice")).containsText("is now linked", slow);
        assertThat(phone.getByTestId("browser-row")).hasCount(2);

        send(laptop, "And this from my laptop");
        assertThat(phone.getByTestId("thread")).containsText("And this from my laptop");
        assertThat(owner.getByTestId("thread")).containsText("And this from my laptop");
        assertThat(owner.getByTestId("thread")).containsText("Sent from my phone before the laptop");

        // The business's reply reaches both browsers.
        owner.getByTestId("composer-input").fill("Got both, Maria.");
        owner.getByTestId("send-button").click();
        assertThat(laptop.getByTestId("thread")).containsText("Got both, Maria.");
        assertThat(phone.getByTestId("thread")).containsText("Got both, Maria.");

        // The laptop sees its browsers but cannot link or log out any.
        laptop.getByTestId("chat-browsers-button").click();
        assertThat(laptop.getByTestId("browser-row")).hasCount(2);
        assertThat(laptop.getByTestId("this-browser")).hasCount(1);
        assertThat(laptop.getByTestId("link-qr-button")).hasCount(0);
        assertThat(laptop.getByTestId("browser-remove")).hasCount(0);
        screenshot(laptop, "customer-second-browser");

        // The phone logs the laptop out, and the laptop is told so at once.
        Locator laptopRow = phone.getByTestId("browser-row").filter(new Locator.FilterOptions().setHasNot(phone.getByTestId("this-browser")));
        laptopRow.getByTestId("browser-remove").click();
        phone.getByTestId("browser-remove-confirm").click();
        assertThat(phone.getByTestId("browser-row")).hasCount(1);
        assertThat(phone.getByTestId("chat-browsers-notice")).containsText("was logged out");
        assertThat(laptop.getByTestId("logged-out")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
    }

    @Test
    void aNumberThatAlreadyChatsIsLinkedWithAPairingCodeInsteadOfSigningUpAgain() {
        setUpPrimary();
        Page phone = verifiedCustomer(PHONE, "Maria Cliente");
        send(phone, "First words");

        // Signing up again with the same number is refused and leads to linking, the number carried over.
        Page laptop = newBrowser();
        laptop.navigate("/chat");
        laptop.getByTestId("chat-phone").fill(PHONE);
        laptop.getByTestId("chat-name").fill("Maria Cliente");
        laptop.getByTestId("chat-start").click();
        assertThat(laptop.getByTestId("chat-code")).isVisible();
        laptop.getByTestId("chat-code").fill(verifier.lastCodeFor(PHONE));
        laptop.getByTestId("chat-verify").click();
        assertThat(laptop.getByTestId("chat-error")).hasAttribute("data-code", "customer_exists");
        laptop.getByTestId("chat-link-instead").click();
        assertThat(laptop.locator("#account")).hasValue(PHONE);
        laptop.locator("#person").fill("Maria Cliente");
        laptop.locator("input[name=method][value=code]").check();
        laptop.locator("#link-submit").click();
        Locator code = laptop.locator("#pairing-code");
        assertThat(code).hasText(Pattern.compile("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"));

        phone.getByTestId("chat-browsers-button").click();
        phone.getByTestId("link-code-button").click();
        assertThat(phone.getByTestId("pending-request")).hasCount(1);
        phone.getByTestId("code-input").fill(code.textContent());
        phone.getByTestId("code-submit").click();
        assertThat(phone.getByTestId("approval-panel")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        phone.getByTestId("approve-button").click();

        assertThat(laptop.getByTestId("thread")).containsText("First words", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        send(laptop, "Linked with a code");
        assertThat(phone.getByTestId("thread")).containsText("Linked with a code");
    }
}
