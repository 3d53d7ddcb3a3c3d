package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.federation.FederationListener;
import io.switchboard.federation.FederationSettings;
import io.switchboard.federation.FederationTestResource;
import io.switchboard.federation.TestCa;
import io.switchboard.federation.TestPeer;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The customer's side of a third-party chat in a real browser (docs/protocol.md §16.1), with the business's provider
 * a.test played by the test over mutual TLS: a number it does not find reads "Not found", one it finds opens a chat
 * that waits for the business, shown by its number only; Escape goes back.
 */
@QuarkusTest
class RemoteChatsBrowserTest extends BrowserTest {

    private static final String BUSINESS_THERE = "+4917000000042";

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    FederationSettings settings;

    @Inject
    SwitchboardConfig config;

    @Test
    void aCustomerAsksForABusinessAtAPeerAndSeesNotFoundOrTheChatWaitingForIt() throws Exception {
        setUpPrimary();
        TestCa peerCa = new TestCa("Peer a.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        try (TestPeer peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port())) {
            settings.putPeer(null, "a.test", peer.listen(), peerCa.certificatePem(), true);
            peer.findable.add(BUSINESS_THERE);
            Page customer = verifiedCustomer("+4915700000077", "Nora Customer");

            customer.getByTestId("chat-remote-button").click();
            assertThat(customer.getByTestId("remote-chats-empty")).isVisible();
            assertThat(customer.getByTestId("remote-domain")).isFocused();
            customer.getByTestId("remote-domain").fill("a.test");
            customer.getByTestId("remote-phone").fill("+4917000000009");
            customer.getByTestId("remote-phone").press("Enter");
            assertThat(customer.getByTestId("remote-request-error")).containsText("Not found.");

            customer.getByTestId("remote-phone").fill(BUSINESS_THERE);
            customer.getByTestId("remote-request").click();
            Locator chat = customer.getByTestId("remote-chat-open");
            assertThat(chat).hasAttribute("data-state", "requested");
            assertThat(customer.getByTestId("remote-chat-number")).hasText(BUSINESS_THERE);
            assertThat(customer.getByTestId("remote-chat-waiting")).isVisible();
            screenshot(customer, "chat-remote-waiting");

            customer.keyboard().press("Escape");
            assertThat(customer.getByTestId("remote-chat").filter(new Locator.FilterOptions().setHasText(BUSINESS_THERE)))
                    .hasAttribute("data-state", "requested");
            customer.keyboard().press("Escape");
            assertThat(customer.getByTestId("composer-input")).isVisible();
        }
    }
}
