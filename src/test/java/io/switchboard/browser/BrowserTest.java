package io.switchboard.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.ApiTest;
import java.util.regex.Pattern;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Real browsers against the running app: Debian's Chromium driven by Playwright, one context per
 * person (separate IndexedDB, separate keys, separate cookies), as two laptops would be.
 */
public abstract class BrowserTest extends ApiTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String BASE = io.switchboard.testing.TestDevice.ORIGIN;

    @jakarta.inject.Inject
    protected io.switchboard.testing.CapturingPhoneVerifier verifier;

    private static Playwright playwright;
    private static Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void launch() {
        Assumptions.assumeFalse(Boolean.getBoolean("browser.tests.skip"), "browser tests skipped by -Dbrowser.tests.skip");
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        // CI shares 2 cores between the app, PostgreSQL and several browsers: waiting longer costs
        // nothing when things are quick and avoids failing a correct page that is merely slow.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        playwright = Playwright.create();
        browser = chromium(playwright);
    }

    /** Debian's headless Chromium with what a shared CI machine needs; for browser tests that start their own app too. */
    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run")));
    }

    @AfterAll
    static void shutDown() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    /** A fresh browser profile, as if on another machine. */
    protected Page newBrowser() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(BASE).setViewportSize(1200, 900));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        return context.newPage();
    }

    protected static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", name + ".png")).setFullPage(true));
    }
    protected Page setUpPrimary() {
        Page owner = newBrowser();
        owner.navigate(setupService.issueSetupLink().replace(BASE, ""));
        owner.locator("#businessNumber").fill(Accounts.NUMBER);
        owner.locator("#displayName").fill("Acme Support");
        owner.locator("#person").fill("Ana Owner");
        owner.locator("#setup-submit").click();
        try {
            // the browser makes the account's keys and signs the first device list: seconds on a loaded 2-core machine
            owner.waitForURL(Pattern.compile(".*/devices"), new Page.WaitForURLOptions().setTimeout(30_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("setup did not reach /devices: phase " + owner.getByTestId("setup").getAttribute("data-phase")
                    + ", form error '" + owner.locator("#form-error").textContent() + "'", e);
        }
        assertThat(owner.getByTestId("device-row")).hasCount(1);
        assertThat(owner.getByTestId("primary-badge")).isVisible();
        return owner;
    }

    protected static String startQrLink(Page page, String person) {
        page.navigate("/link");
        page.locator("#person").fill(person);
        page.locator("input[name=method][value=qr]").check();
        page.locator("#link-submit").click();
        Locator text = page.locator("#qr-text");
        assertThat(text).hasValue(Pattern.compile("^SWB1:.+"));
        return text.inputValue();
    }

    protected static String startCodeLink(Page page, String person) {
        page.navigate("/link");
        page.locator("#person").fill(person);
        page.locator("input[name=method][value=code]").check();
        page.locator("#account").fill(Accounts.NUMBER);
        page.locator("#link-submit").click();
        Locator code = page.locator("#pairing-code");
        assertThat(code).hasText(Pattern.compile("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"));
        return code.textContent();
    }

    protected static void approve(Page owner, String person, String role) {
        Locator panel = owner.getByTestId("approval-panel");
        // With a pairing code both browsers stretch the code with PBKDF2 first, which is slow on a busy 2-core machine.
        assertThat(panel).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        assertThat(owner.getByTestId("approval-person")).hasText(person);
        assertThat(owner.getByTestId("fingerprint")).hasText(Pattern.compile("^\\d{5}( \\d{5}){7}$"));
        owner.getByTestId("role-select").selectOption(role);
        owner.getByTestId("approve-button").click();
    }

    /** A new browser on /chat that proves its phone number; returns it with the composer ready. */
    protected Page verifiedCustomer(String phone, String name) {
        Page page = newBrowser();
        page.navigate("/chat");
        page.getByTestId("chat-phone").fill(phone);
        page.getByTestId("chat-name").fill(name);
        page.getByTestId("chat-start").click();
        Locator code = page.getByTestId("chat-code");
        assertThat(code).isVisible();
        code.fill(verifier.lastCodeFor(phone));
        page.getByTestId("chat-verify").click();
        assertThat(page.getByTestId("composer-input")).isVisible();
        return page;
    }

    /** Sends a message from a chat or inbox page and waits until the server has it (a tick). */
    protected static Locator send(Page page, String text) {
        page.getByTestId("composer-input").fill(text);
        page.getByTestId("send-button").click();
        Locator message = page.getByTestId("message").filter(new Locator.FilterOptions().setHasText(text));
        assertThat(message.getByTestId("ticks")).hasAttribute("data-state", Pattern.compile("sent|delivered|read"));
        return message;
    }

    /** Links a new browser by QR from the owner's open devices page; returns the new browser, which lands in the inbox. */
    protected Page linkByQr(Page owner, String person, String role) {
        Page page = newBrowser();
        String qrText = startQrLink(page, person);
        owner.getByTestId("link-qr-button").click();
        owner.getByTestId("qr-input").fill(qrText);
        owner.getByTestId("qr-submit").click();
        approve(owner, person, role);
        assertThat(page).hasURL(Pattern.compile(".*/inbox"), new com.microsoft.playwright.assertions.PageAssertions.HasURLOptions().setTimeout(15_000));
        assertThat(page.getByTestId("welcome")).containsText("Welcome, " + person);
        return page;
    }
}
