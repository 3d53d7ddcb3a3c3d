package io.switchboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The agents' inbox of §14 in real browsers: queue, claim, collision, canned replies, labels, mentions, search, transfer. */
@QuarkusTest
class InboxRoutingBrowserTest extends BrowserTest {

    static final String PHONE = "+351912345678";


    @Test
    void agentsWorkTheQueueTogether() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        Object status = owner.evaluate("fetch('/api/canned-replies/thanks', {method: 'PUT', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({text: 'Thank you for waiting, we are on it.'})}).then((r) => r.status)");
        assertEquals(200, ((Number) status).intValue());

        // Bruno starts available (an agent); going away keeps the next chat in the queue.
        bruno.navigate("/inbox");
        Locator toggle = bruno.getByTestId("status-toggle");
        assertThat(toggle).hasText("Available");
        assertThat(bruno.getByTestId("my-load")).hasText("0/5");
        toggle.click();
        assertThat(toggle).hasText("Away");
        assertThat(toggle).hasAttribute("aria-checked", "false");

        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        send(maria, "Where is my order?");
        bruno.getByTestId("tab-queue").click();
        assertThat(bruno.getByTestId("tab-queue")).hasAttribute("aria-selected", "true");
        assertThat(bruno.getByTestId("tab-queue")).containsText("1");
        Locator queued = bruno.getByTestId("conversation-item").first();
        assertThat(queued.getByTestId("status-chip")).containsText("waiting");
        queued.click();
        bruno.getByTestId("claim-button").click();
        assertThat(bruno.getByTestId("thread-assignee")).containsText("Bruno Agent (you)");
        assertThat(bruno.getByTestId("assignment-reason")).isVisible();
        assertThat(bruno.getByTestId("tab-mine")).containsText("1");
        assertThat(bruno.getByTestId("my-load")).hasText("1/5");
        assertThat(bruno.getByTestId("conversations-empty")).hasText("No one is waiting.");
        bruno.getByTestId("tab-mine").click();
        assertThat(bruno.getByTestId("conversation-item")).hasCount(1);

        // The owner sees who has it, is warned before replying, and sees Bruno there.
        owner.navigate("/inbox");
        Locator item = owner.getByTestId("conversation-item").first();
        assertThat(item.getByTestId("assignee-name")).hasText("Bruno Agent");
        item.click();
        assertThat(owner.getByTestId("assignee-warning")).hasText("Bruno Agent is assigned to this conversation");
        assertThat(owner.getByTestId("collision-viewers")).hasText("Bruno Agent is viewing");

        // Bruno answers with a canned reply; the owner sees him typing.
        Locator composer = bruno.getByTestId("composer-input");
        composer.click();
        composer.pressSequentially("/tha");
        assertThat(bruno.getByTestId("canned-suggestion")).hasCount(1);
        assertThat(owner.getByTestId("collision-typing")).hasText("Bruno Agent is typing\u2026");
        composer.press("Enter");
        assertThat(composer).hasValue("Thank you for waiting, we are on it.");
        bruno.getByTestId("send-button").click();
        assertThat(maria.getByTestId("thread")).containsText("Thank you for waiting, we are on it.");

        // Labels: checked in the browser, pushed to everyone, and a filter.
        owner.getByTestId("label-input").fill("VIP customer");
        owner.getByTestId("label-add").click();
        assertThat(owner.locator("#label-input-error")).containsText("lower-case letters");
        owner.getByTestId("label-input").fill("vip");
        owner.getByTestId("label-add").click();
        assertThat(owner.getByTestId("thread-label")).hasText(Pattern.compile("vip"));
        assertThat(bruno.getByTestId("conversation-item").first().getByTestId("label-chip")).hasText("vip");
        owner.getByTestId("conversation-item").first().getByTestId("label-chip").click();
        assertThat(owner.getByTestId("label-filter-value")).hasText("vip");
        owner.getByTestId("label-filter-clear").click();

        // A note that mentions the owner: highlighted, and a notification.
        bruno.getByTestId("note-toggle").click();
        composer.click();
        composer.pressSequentially("@Ana");
        assertThat(bruno.getByTestId("mention-suggestion")).hasText("Ana Owner");
        composer.press("Enter");
        composer.pressSequentially("can you approve the refund?");
        bruno.getByTestId("send-button").click();
        assertThat(owner.getByTestId("mention-me")).hasText("@Ana Owner");
        assertThat(owner.getByTestId("toast").filter(new Locator.FilterOptions().setHasText("mentioned you"))).isVisible();

        // Search the messages kept on this device.
        owner.getByTestId("search-input").fill("ORDER");
        assertThat(owner.getByTestId("search-result")).hasCount(1);
        assertThat(owner.getByTestId("search-highlight")).hasText("order");
        owner.getByTestId("search-input").press("Escape");
        assertThat(owner.getByTestId("search-result")).hasCount(0);
        assertThat(owner.getByTestId("conversation-item")).hasCount(1);

        // Bruno hands it over with a note; the owner gets it, accepts it by looking at it.
        bruno.getByTestId("transfer-button").click();
        bruno.getByTestId("transfer-agent-select").selectOption(new SelectOption().setIndex(1));
        bruno.getByTestId("transfer-note").fill("Over to you, Ana: refund approval.");
        bruno.getByTestId("transfer-submit").click();
        assertThat(owner.getByTestId("thread")).containsText("Over to you, Ana: refund approval.");
        assertThat(owner.getByTestId("thread-assignee")).containsText("Ana Owner (you)");
        assertThat(owner.getByTestId("toast").filter(new Locator.FilterOptions().setHasText("was assigned to you"))).isVisible();
        assertThat(owner.getByTestId("offer-countdown")).isHidden();
        assertThat(owner.getByTestId("tab-mine")).containsText("1");
        assertThat(bruno.getByTestId("assignee-warning")).hasText("Ana Owner is assigned to this conversation");
        screenshot(owner, "inbox-routing");

        // Resolve, look at the history, reopen, snooze.
        owner.getByTestId("resolve-button").click();
        assertThat(owner.getByTestId("thread-status")).hasAttribute("data-status", "resolved");
        assertThat(owner.getByTestId("tab-resolved")).containsText("1");
        owner.getByTestId("tab-resolved").click();
        assertThat(owner.getByTestId("conversation-item").first()).hasAttribute("data-status", "resolved");
        owner.getByTestId("assignment-history-toggle").click();
        assertThat(owner.getByTestId("assignment-record")).hasCount(2);
        owner.getByTestId("reopen-button").click();
        assertThat(owner.getByTestId("thread-status")).hasAttribute("data-status", "open");
        owner.getByTestId("snooze-button").click();
        owner.getByTestId("snooze-1h").click();
        assertThat(owner.getByTestId("thread-status")).hasAttribute("data-status", "snoozed");
        assertThat(owner.getByTestId("thread-status-detail")).containsText("until");
        owner.getByTestId("tab-all").click();
        assertThat(owner.getByTestId("conversation-item").first().getByTestId("status-chip")).containsText("Snoozed until");

        // The notification setting is kept in this browser.
        owner.getByTestId("notify-setting").check();
        owner.reload();
        assertThat(owner.getByTestId("notify-setting")).isChecked();
        screenshot(bruno, "inbox-routing-agent");
    }

    @Test
    void answeringFromTheQueueClaimsItCannedRepliesArriveLiveAndOfflineMessagesWait() {
        Page owner = setUpPrimary();
        Page bruno = linkByQr(owner, "Bruno Agent", "agent");
        bruno.navigate("/inbox");
        bruno.getByTestId("status-toggle").click();
        assertThat(bruno.getByTestId("status-toggle")).hasText("Away");

        Page maria = verifiedCustomer(PHONE, "Maria Cliente");
        send(maria, "Are you open on Saturday?");
        assertThat(maria.getByTestId("queue-position")).containsText("You are next in line");

        // A canned reply added in Settings while Bruno's inbox is open reaches it without a reload.
        Object status = owner.evaluate("fetch('/api/canned-replies/hours', {method: 'PUT', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({text: 'We are open Monday to Saturday, 9 to 17.'})}).then((r) => r.status)");
        assertEquals(200, ((Number) status).intValue());
        bruno.getByTestId("tab-queue").click();
        // "?" lists the keyboard shortcuts; j opens the next conversation of the view.
        bruno.keyboard().press("?");
        assertThat(bruno.getByTestId("shortcuts-help")).isVisible();
        bruno.keyboard().press("Escape");
        assertThat(bruno.getByTestId("shortcuts-help")).isHidden();
        bruno.keyboard().press("j");
        assertThat(bruno.getByTestId("conversation-item").first()).hasClass(Pattern.compile("selected"));
        Locator composer = bruno.getByTestId("composer-input");
        composer.click();
        composer.pressSequentially("/ho");
        assertThat(bruno.getByTestId("canned-suggestion")).hasCount(1);
        composer.press("Enter");
        assertThat(composer).hasValue("We are open Monday to Saturday, 9 to 17.");

        // Answering without Claim takes the conversation; the customer stops reading her place in line.
        composer.press("Enter");
        assertThat(bruno.getByTestId("thread-assignee")).containsText("Bruno Agent (you)");
        assertThat(maria.getByTestId("thread")).containsText("We are open Monday to Saturday");
        assertThat(maria.getByTestId("queue-position")).isHidden();
        assertThat(maria.getByTestId("queue-assigned")).hasText("An agent has joined");

        // Other devices name who answered in the list.
        owner.navigate("/inbox");
        owner.getByTestId("tab-all").click();
        assertThat(owner.getByTestId("conversation-preview").first()).hasText(Pattern.compile("^Bruno Agent: We are open"));

        // Written while offline: waits with a clock, goes out by itself when the connection is back.
        bruno.context().setOffline(true);
        composer.fill("Anything else I can do?");
        composer.press("Enter");
        Locator waiting = bruno.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Anything else I can do?"));
        assertThat(waiting.getByTestId("send-waiting")).isVisible();
        assertThat(waiting.getByTestId("ticks")).hasAttribute("data-state", "sending");
        bruno.context().setOffline(false);
        assertThat(waiting.getByTestId("ticks")).hasAttribute("data-state", Pattern.compile("sent|delivered|read"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(40_000));
        assertThat(maria.getByTestId("thread")).containsText("Anything else I can do?");
        screenshot(bruno, "inbox-answered-from-queue");
    }
}
