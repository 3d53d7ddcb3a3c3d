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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Blobs;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.Labels;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.protocol.mimi.CborValue;
import io.switchboard.protocol.mimi.MimiContent;
import io.switchboard.protocol.mimi.NestedPart;
import io.switchboard.testing.Accounts;
import io.switchboard.testing.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The third-party folder setting in a real browser: the owner flips it in Settings and an open inbox moves the chat
 * from a peer (a.test, played by the test over mutual TLS) between the main list and its own section, without a reload;
 * in the chat, the agent reports the user for abuse. And a photo the user sends in MIMI content is read and downloaded
 * through the business's own provider, which fetches it from the peer.
 */
@QuarkusTest
class ThirdPartyFolderBrowserTest extends BrowserTest {

    private static final String REMOTE_NUMBER = "+4917000000002";

    @Inject
    Vertx vertx;

    @Inject
    FederationListener listener;

    @Inject
    FederationSettings settings;

    @Inject
    SwitchboardConfig config;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final TestDevice remote = TestDevice.create("Rita Remote");
    private SignedDeviceList remoteList;

    @Test
    void flippingTheSettingMovesTheChatBetweenTheMainListAndItsOwnSectionInAnOpenInbox() throws Exception {
        Page owner = setUpPrimary();
        TestCa peerCa = new TestCa("Peer a.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        try (TestPeer peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port())) {
            settings.putPeer(null, "a.test", peer.listen(), peerCa.certificatePem(), true);
            peer.findable.add(REMOTE_NUMBER);
            owner.navigate("/inbox");
            openThirdPartyChat(owner, peer);

            Locator mainList = owner.getByTestId("conversation-list");
            Locator section = owner.getByTestId("third-party-section");
            assertThat(mainList.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER))).hasCount(1);
            assertThat(section).hasCount(0);

            Page settingsTab = owner.context().newPage();
            settingsTab.navigate("/settings");
            settingsTab.getByTestId("third-party-folder-separate").check();
            assertThat(settingsTab.getByTestId("third-party-folder-status")).hasText("Third-party chats are shown in their own section.");

            assertThat(section.getByRole(com.microsoft.playwright.options.AriaRole.HEADING)).containsText("Third-party chats");
            assertThat(section.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER))).hasCount(1);
            assertThat(mainList.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER))).hasCount(0);
            owner.bringToFront(); // a tab in the background is not painted, so it cannot be photographed
            screenshot(owner, "inbox-third-party-section");

            settingsTab.reload();
            assertThat(settingsTab.getByTestId("third-party-folder-separate")).isChecked();
            settingsTab.getByTestId("third-party-folder-main").check();
            assertThat(mainList.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER))).hasCount(1);
            assertThat(section).hasCount(0);

            // In the chat, the agent reports the user; the report lands in the audit trail of the business's provider.
            owner.bringToFront();
            mainList.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER)).click();
            owner.getByTestId("report-abuse-open").click();
            owner.getByTestId("report-abuse-note").fill("spam links");
            owner.getByTestId("report-abuse-send").click();
            assertThat(owner.getByTestId("report-abuse-result")).hasText("Reported. Owners and admins see it in the activity log.");
            Assertions.assertEquals(1L, data.count("audit_event where action = 'third-party.abuse-reported' and details::jsonb @> '{\"note\":\"spam links\"}'::jsonb"));
        }
    }

    @Test
    void aPhotoTheUserSendsFromThePeerIsDownloadedThroughTheBusinesssOwnProvider() throws Exception {
        Page owner = setUpPrimary();
        TestCa peerCa = new TestCa("Peer a.test CA");
        String appCa = Files.readString(Path.of(config.federation().certificateFile().orElseThrow()).resolveSibling(FederationTestResource.CA_FILE));
        try (TestPeer peer = new TestPeer(vertx, "a.test", peerCa.issue("a.test"), appCa, listener.port())) {
            settings.putPeer(null, "a.test", peer.listen(), peerCa.certificatePem(), true);
            peer.findable.add(REMOTE_NUMBER);
            owner.navigate("/inbox");
            String roomId = openThirdPartyChat(owner, peer);

            // The user's client encrypts the photo as the project's blobs are, and its provider (the peer) keeps it.
            byte[] photo = new byte[3000];
            RANDOM.nextBytes(photo);
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            byte[] blob = Blobs.encrypt(key, photo, RANDOM);
            String url = "https://a.test/v1/assets/photo-1";
            peer.assets.put(url, blob);
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            MimiContent content = new MimiContent(salt, null, new byte[0], null, null, new CborValue.Map(List.of()),
                    new NestedPart(NestedPart.ATTACHMENT, "", new NestedPart.External("image/png", url, 0, blob.length, 2, key, new byte[0],
                            Labels.labelled(Labels.BLOB), 1, Primitives.sha256(photo), "", "receipt.png")));
            TestPeer.Answer keyMaterial = peer.post("/v1/keyMaterial/b.test", new JsonObject()
                    .put("requesterUri", "mimi://a.test/u/" + REMOTE_NUMBER).put("targetUri", "mimi://b.test/u/" + Accounts.NUMBER));
            SignedDeviceList business = SignedDeviceList.fromJson(new ObjectMapper().readTree(
                    new JsonObject(keyMaterial.body()).getJsonObject("deviceList").encode()));
            MessageHeader header = MessageHeader.of(roomId, remote.id(), MessageHeader.randomId(RANDOM), business.list().version(),
                    remoteList.list().version(), MessageHeader.KIND_IMAGE, accounts.now());
            MessageEnvelope envelope = Envelopes.seal(remote.keys, header, content.encode(),
                    Envelopes.recipients(header, business.list(), remoteList.list()), RANDOM);
            byte[] messageId = new byte[32];
            RANDOM.nextBytes(messageId);
            messageId[0] = 1;
            TestPeer.Answer submitted = peer.post("/v1/submitMessage/" + roomId, new JsonObject().put("messageId", B64u.encode(messageId))
                    .put("senderUri", "mimi://a.test/u/" + REMOTE_NUMBER).put("envelope", new JsonObject(envelope.toJson().toString()))
                    .put("deviceList", new JsonObject(remoteList.toJson().toString())));
            Assertions.assertEquals(201, submitted.status(), submitted.body());

            owner.getByTestId("conversation-item").filter(new Locator.FilterOptions().setHasText(REMOTE_NUMBER)).click();
            Locator attachment = owner.getByTestId("attachment");
            assertThat(attachment.getByTestId("attachment-name")).hasText("receipt.png");
            com.microsoft.playwright.Download download = owner.waitForDownload(() -> attachment.getByTestId("attachment-download").click());
            Assertions.assertArrayEquals(photo, Files.readAllBytes(download.path()));
            Assertions.assertTrue(peer.received.stream().anyMatch(r -> r.path().startsWith("/v1/proxyDownload/") && "mimi@b.test".equals(r.from())),
                    "the peer sees the business's provider ask, never the browser");
        }
    }

    /** "New third-party chat" for the number, and the user at the peer accepts with their device list; returns the room. */
    private String openThirdPartyChat(Page owner, TestPeer peer) throws Exception {
        Locator form = owner.getByTestId("third-party-new");
        form.locator("summary").click();
        form.getByTestId("third-party-new-domain").fill("a.test");
        form.getByTestId("third-party-new-phone").fill(REMOTE_NUMBER);
        form.getByTestId("third-party-new-start").click();
        assertThat(form.getByTestId("third-party-new-result")).containsText("was asked to chat");
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.received.stream().anyMatch(r -> r.path().equals("/v1/requestConsent/a.test")));
        String roomId = new JsonObject(peer.received.stream().filter(r -> r.path().equals("/v1/requestConsent/a.test")).findFirst()
                .orElseThrow().body()).getString("roomId");
        remoteList = accounts.customerList(remote, REMOTE_NUMBER);
        TestPeer.Answer granted = peer.post("/v1/updateConsent/b.test", new JsonObject().put("consentOperation", "grant")
                .put("requesterUri", "mimi://b.test/u/" + Accounts.NUMBER).put("targetUri", "mimi://a.test/u/" + REMOTE_NUMBER)
                .put("roomId", roomId).put("deviceList", new JsonObject(remoteList.toJson().toString())));
        Assertions.assertEquals(201, granted.status(), granted.body());
        owner.reload();
        return roomId;
    }
}
