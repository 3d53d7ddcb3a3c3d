package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A customer and two agents in their own browsers: encrypted both ways, decrypted only on the devices. */
@QuarkusTest
class ConversationsBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345678";


    @Test
    void anImageIsEncryptedInTheBrowserAndOpensOnlyOnTheOtherDevices() throws Exception {
        Page owner = setUpPrimary();
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        byte[] png = picture();
        maria.getByTestId("composer-input").fill("photo of the parcel");
        maria.getByTestId("attach-input").setInputFiles(new com.microsoft.playwright.options.FilePayload("parcel.png", "image/png", png));
        // The file is shown with its caption before it goes.
        assertThat(maria.getByTestId("attachment-preview-name")).hasText("parcel.png");
        maria.getByTestId("send-button").click();
        assertThat(maria.getByTestId("thread")).containsText("parcel.png");

        owner.navigate("/inbox");
        owner.getByTestId("tab-all").click();
        owner.getByTestId("conversation-item").first().click();
        assertThat(owner.getByTestId("attachment-name")).hasText("parcel.png");
        assertThat(owner.getByTestId("thread")).containsText("photo of the parcel");
        assertThat(owner.getByTestId("attachment-thumbnail")).isVisible();
        // The picture opens in a viewer, decrypted on this device.
        owner.getByTestId("open-image").click();
        assertThat(owner.getByTestId("image-viewer-image")).isVisible();
        owner.getByTestId("image-viewer-close").click();
        assertThat(owner.getByTestId("image-viewer")).hasCount(0);
        com.microsoft.playwright.Download download = owner.waitForDownload(() -> owner.getByTestId("attachment-download").click());
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, java.nio.file.Files.readAllBytes(download.path()));
        screenshot(owner, "inbox-attachment");
    }

    private static byte[] picture() throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = image.createGraphics();
        graphics.setColor(new java.awt.Color(11, 122, 90));
        graphics.fillRect(0, 0, 400, 300);
        graphics.setColor(java.awt.Color.WHITE);
        graphics.fillOval(120, 70, 160, 160);
        graphics.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aCustomerWritesTwoAgentsReadItOneRepliesAndANoteStaysInternal() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");

        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        Locator mariasMessage = send(maria, "Olá! Where is my order?");

        owner.navigate("/inbox");
        bruno.navigate("/inbox");
        for (Page agent : new Page[] {owner, bruno}) {
            // Agents open on Mine; the chat may have gone to the other one.
            agent.getByTestId("tab-all").click();
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
        carla.getByTestId("tab-all").click();
        carla.getByTestId("conversation-item").first().click();
        assertThat(carla.getByTestId("thread")).containsText("Olá! Where is my order?",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(carla.getByTestId("thread")).containsText("It ships today, Maria.");
        assertThat(carla.getByTestId("thread")).containsText("internal: VIP customer");
        assertThat(carla.getByTestId("history-progress")).isHidden();
        screenshot(carla, "late-device-history");
    }

    @Test
    void aBrowserLinkedAfterAnAgentWasLoggedOutVerifiesThatAgentsMessagesOnTheListHeSentThemUnder() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        send(maria, "Olá! Where is my order?");
        bruno.navigate("/inbox");
        bruno.getByTestId("tab-all").click();
        bruno.getByTestId("conversation-item").first().click();
        assertThat(bruno.getByTestId("thread")).containsText("Olá! Where is my order?");
        bruno.getByTestId("composer-input").fill("Bruno here: it ships today.");
        bruno.getByTestId("send-button").click();
        assertThat(maria.getByTestId("thread")).containsText("Bruno here: it ships today.");

        // Bruno leaves: the current list no longer names him or his signing key.
        Locator brunoRow = owner.getByTestId("device-row").filter(new Locator.FilterOptions().setHasText("Bruno Agent"));
        brunoRow.getByTestId("logout-button").click();
        owner.getByTestId("confirm-ok").click();
        assertThat(bruno.getByTestId("logged-out")).isVisible();

        // Carla only ever saw lists without Bruno: she fetches the version his message names and verifies it (§13.4).
        Page carla = linkByQr(owner, "Carla Late", "agent");
        carla.navigate("/inbox");
        carla.getByTestId("tab-all").click();
        carla.getByTestId("conversation-item").first().click();
        assertThat(carla.getByTestId("thread")).containsText("Bruno here: it ships today.",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(carla.getByTestId("thread")).containsText("Olá! Where is my order?");
    }

    @Test
    void theThreadOpensAtTheNewestMessageAndKeepsFollowingPastAPicture() throws Exception {
        Page owner = setUpPrimary();
        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        for (int i = 1; i <= 14; i++) {
            maria.getByTestId("composer-input").fill("Line " + i + " of a long story");
            maria.getByTestId("composer-input").press("Enter");
        }
        maria.getByTestId("attach-input").setInputFiles(new com.microsoft.playwright.options.FilePayload("parcel.png", "image/png", picture()));
        maria.getByTestId("send-button").click();
        Locator last = send(maria, "And that is all.");

        // Reloading the chat lands on the newest message, not in the middle.
        maria.reload();
        last = maria.getByTestId("message").filter(new Locator.FilterOptions().setHasText("And that is all."));
        assertThat(last).isInViewport();

        // The agent opens it at the bottom, and still follows once the picture has loaded above.
        owner.navigate("/inbox");
        owner.getByTestId("tab-all").click();
        owner.getByTestId("conversation-item").first().click();
        assertThat(owner.getByTestId("attachment-thumbnail")).isVisible();
        assertThat(owner.getByTestId("message").filter(new Locator.FilterOptions().setHasText("And that is all."))).isInViewport();
        send(maria, "One more thing!");
        assertThat(owner.getByTestId("message").filter(new Locator.FilterOptions().setHasText("One more thing!"))).isInViewport();
        assertThat(owner.getByTestId("conversation-preview").first()).hasText("One more thing!");
    }
}
