package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import io.switchboard.federation.TwoProviders;
import io.switchboard.federation.TwoProviders.Provider;
import io.switchboard.testing.RemoteAccount;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two browsers on two real providers chat through federation (issue 15): a customer of {@code a.test} on its
 * customer page and the business of {@code b.test} in its inbox, each provider the packaged jar with its own
 * PostgreSQL, blob directory and test CA ({@link TwoProviders}), mutual TLS between them. Nothing is played by the
 * test: the customer's browser verifies the business's list from B's key material and seals for both lists, B's
 * browser writes MIMI content back, and each side's photo opens byte for byte in the other's browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationBrowserIT {

    private static final String BUSINESS_A = "+4930111111111";
    private static final String BUSINESS_B = "+4930222222222";
    private static final String CUSTOMER = "+4917000000031";
    /** What the customer calls themselves at A: B must never show it, only the number (docs/interop.md §5). */
    private static final String CUSTOMER_NAME = "Nora Fernweh";
    private static final String ONE_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final String TWO_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGM4ISf3X07uxH8AECsEBxOnYNoAAAAASUVORK5CYII=";

    private TwoProviders providers;
    private Provider a;
    private Provider b;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("browser.tests.skip"), "browser tests skipped by -Dbrowser.tests.skip");
        providers = TwoProviders.start("switchboard-federation-browser-it", 18295, false, Map.of(
                "switchboard.federation.request-timeout", "PT3S",
                "switchboard.federation.retry-max-delay", "PT2S"), "-Xmx384m");
        a = providers.a();
        b = providers.b();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        playwright = Playwright.create();
        browser = BrowserTest.chromium(playwright);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    @Test
    void aCustomerOfOneProviderAndTheBusinessOfAnotherChatInTheirBrowsers() throws Exception {
        RemoteAccount ownerA = a.setUpAccount(BUSINESS_A);
        TwoProviders.allow(ownerA, b, true);
        Page business = ownerInBrowser(b, BUSINESS_B);
        Page customer = customerInBrowser(a, CUSTOMER, CUSTOMER_NAME);

        // B has not allowed A: the same "Not found" as for a number that does not exist.
        customer.getByTestId("chat-remote-button").click();
        customer.getByTestId("remote-domain").fill("b.test");
        customer.getByTestId("remote-phone").fill(BUSINESS_B);
        customer.getByTestId("remote-request").click();
        assertThat(customer.getByTestId("remote-request-error")).containsText("Not found.");

        allowInSettings(business, a);
        customer.getByTestId("remote-request").click();
        Locator chat = customer.getByTestId("remote-chat-open");
        assertThat(chat).hasAttribute("data-state", "granted");
        assertThat(customer.getByTestId("remote-chat-number")).hasText(BUSINESS_B);

        customer.getByTestId("composer-input").fill("Is my order on its way?");
        customer.getByTestId("send-button").click();
        Locator question = customer.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Is my order on its way?"));
        assertThat(question.getByTestId("ticks")).hasAttribute("data-state", Pattern.compile("sent|delivered|read"));

        business.navigate("/inbox");
        business.getByTestId("tab-all").click();
        Locator item = business.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(CUSTOMER));
        assertThat(item.getByTestId("conversation-source")).hasText("via a.test");
        item.click();
        assertThat(business.getByTestId("thread")).containsText("Is my order on its way?");
        assertFalse(business.content().contains(CUSTOMER_NAME), "B shows the customer by the number only");

        business.getByTestId("composer-input").fill("It left this morning.");
        business.getByTestId("send-button").click();
        assertThat(customer.getByTestId("thread")).containsText("It left this morning.");
        assertThat(question.getByTestId("ticks")).hasAttribute("data-state", "read");
        Locator reply = business.getByTestId("message").filter(new Locator.FilterOptions().setHasText("It left this morning."));
        assertThat(reply.getByTestId("ticks")).hasAttribute("data-state", "read");

        // A photo from the business: encrypted in B's browser, fetched by A from B for the customer, opened in A's browser.
        byte[] photo = java.util.Base64.getDecoder().decode(ONE_PIXEL_PNG);
        business.getByTestId("attach-input").setInputFiles(new FilePayload("parcel.png", "image/png", photo));
        business.getByTestId("send-button").click();
        Locator file = customer.getByTestId("attachment");
        assertThat(file.getByTestId("attachment-name")).hasText("parcel.png");
        Download download = customer.waitForDownload(() -> file.getByTestId("attachment-download").click());
        assertArrayEquals(photo, Files.readAllBytes(download.path()));

        // A photo from the customer: stored at A for the chat, fetched by B from A through proxyDownload, opened in B's inbox.
        byte[] damage = java.util.Base64.getDecoder().decode(TWO_PIXEL_PNG);
        customer.getByTestId("attach-input").setInputFiles(new FilePayload("damage.png", "image/png", damage));
        customer.getByTestId("send-button").click();
        Locator sent = customer.getByTestId("message").filter(new Locator.FilterOptions().setHasText("damage.png"));
        assertThat(sent.getByTestId("ticks")).hasAttribute("data-state", Pattern.compile("sent|delivered|read"));
        Locator received = business.getByTestId("attachment").filter(new Locator.FilterOptions().setHasText("damage.png"));
        assertThat(received.getByTestId("attachment-name")).hasText("damage.png");
        Download atBusiness = business.waitForDownload(() -> received.getByTestId("attachment-download").click());
        assertArrayEquals(damage, Files.readAllBytes(atBusiness.path()));
        BrowserTest.screenshot(customer, "federation-customer");
        BrowserTest.screenshot(business, "federation-business");
    }

    private Page newBrowser(Provider provider) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(provider.publicUrl()).setViewportSize(1200, 900));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    /** The provider's owner sets the account up in a browser from the setup link it logged; that browser is its primary. */
    private Page ownerInBrowser(Provider provider, String number) {
        Page owner = newBrowser(provider);
        owner.navigate("/setup#token=" + provider.node().lastLogMatch("setup#token=([A-Za-z0-9_-]+)"));
        owner.locator("#businessNumber").fill(number);
        owner.locator("#displayName").fill("Bakery B");
        owner.locator("#person").fill("Berta Owner");
        owner.locator("#setup-submit").click();
        assertThat(owner).hasURL(Pattern.compile(".*/devices"));
        return owner;
    }

    /** The owner allows {@code peer} on the settings page: its address and its CA as trust, turned on. */
    private static void allowInSettings(Page owner, Provider peer) {
        owner.navigate("/settings");
        Locator section = owner.getByTestId("third-party");
        section.getByTestId("peer-domain").fill(peer.domain);
        section.getByTestId("peer-address").fill(peer.address());
        section.getByTestId("peer-trust").fill(peer.ca.certificatePem());
        section.getByTestId("peer-add").click();
        Locator row = section.getByTestId("peer-row").filter(new Locator.FilterOptions().setHasText(peer.domain));
        row.getByTestId("peer-enabled").check();
        assertThat(section.locator("[role=status]")).hasText("Chats from " + peer.domain + " are allowed.");
    }

    /** A customer signs up on the provider's customer page with the code it logged. */
    private Page customerInBrowser(Provider provider, String phone, String name) {
        Page page = newBrowser(provider);
        page.navigate("/chat");
        page.getByTestId("chat-phone").fill(phone);
        page.getByTestId("chat-name").fill(name);
        page.getByTestId("chat-start").click();
        Locator code = page.getByTestId("chat-code");
        assertThat(code).isVisible();
        code.fill(provider.node().lastLogMatch("Verification code for " + Pattern.quote(phone) + ": (\\d{6})"));
        page.getByTestId("chat-verify").click();
        assertThat(page.getByTestId("composer-input")).isVisible();
        return page;
    }
}
