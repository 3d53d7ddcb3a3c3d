package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.federation.FederationListener;
import io.switchboard.federation.FederationSettings;
import io.switchboard.federation.FederationTestResource;
import io.switchboard.federation.TestCa;
import io.switchboard.federation.TestPeer;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * "New third-party chat" in a real browser, with the peer provider a.test played by the test over mutual TLS:
 * the agent asks for a number, the user there accepts, and the conversation appears with its source.
 */
@QuarkusTest
class ThirdPartyChatBrowserTest extends BrowserTest {

    private static final String REMOTE_NUMBER = "+4917000000001";

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    FederationSettings settings;

    @Inject
    SwitchboardConfig config;

    @Test
    void anAgentAsksForANumberAtAPeerAndTheChatAppearsWithItsSourceOnceTheUserAccepts() throws Exception {
        Page owner = setUpPrimary();
        TestCa peerCa = new TestCa("Peer a.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        try (TestPeer peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port())) {
            settings.putPeer(null, "a.test", peer.listen(), peerCa.certificatePem(), true);
            peer.findable.add(REMOTE_NUMBER);

            owner.navigate("/inbox");
            Locator form = owner.getByTestId("third-party-new");
            form.locator("summary").click();
            form.getByTestId("third-party-new-domain").fill("a.test");
            form.getByTestId("third-party-new-phone").fill("+4917000000009");
            form.getByTestId("third-party-new-start").click();
            assertThat(form.getByTestId("third-party-new-result")).hasText("This user was not found.");
            form.getByTestId("third-party-new-phone").fill(REMOTE_NUMBER);
            form.getByTestId("third-party-new-start").click();
            assertThat(form.getByTestId("third-party-new-result")).containsText("was asked to chat");

            await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
            String roomId = new JsonObject(peer.received.stream().filter(r -> r.path().equals("/v1/requestConsent/a.test")).findFirst()
                    .orElseThrow().body()).getString("roomId");
            TestDevice remote = TestDevice.create("Rita Remote");
            TestPeer.Answer granted = peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "grant")
                    .put("requesterUri", "mimi://b.test/u/" + Accounts.NUMBER).put("targetUri", "mimi://a.test/u/" + REMOTE_NUMBER)
                    .put("roomId", roomId).put("deviceList", new JsonObject(accounts.customerList(remote, REMOTE_NUMBER).toJson().toString())));
            org.junit.jupiter.api.Assertions.assertEquals(201, granted.status(), granted.body());

            owner.reload();
            Locator conversation = owner.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER));
            assertThat(conversation.getByTestId("conversation-source")).hasText("via a.test");
            screenshot(owner, "inbox-third-party");
        }
    }
}
