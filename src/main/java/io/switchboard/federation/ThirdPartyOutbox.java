package io.switchboard.federation;

import io.switchboard.conversation.Receipts;
import io.switchboard.messaging.MessageWriter;
import io.switchboard.messaging.PendingMessage;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.MessageHeader;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The way back to a third-party user's provider (docs/interop.md §4.6): the business's consent
 * decisions, every message the business writes in a third-party room (with only the wraps for the
 * user's devices), and the business side's delivered and read marks, through the
 * {@link ThirdPartyProvider}. Nothing happens in a room whose consent is revoked or whose peer is off.
 */
@ApplicationScoped
class ThirdPartyOutbox {

    private static final Logger LOG = Logger.getLogger(ThirdPartyOutbox.class);

    private final FederationService federation;
    private final RoomNotifications notifications;
    private final ThirdPartyProvider provider;
    private final SwitchboardConfig config;
    private final Vertx vertx;

    ThirdPartyOutbox(FederationService federation, RoomNotifications notifications, ThirdPartyProvider provider, SwitchboardConfig config,
                     Vertx vertx) {
        this.notifications = notifications;
        this.federation = federation;
        this.provider = provider;
        this.config = config;
        this.vertx = vertx;
    }

    /** In the deciding transaction, so the grant is queued if and only if the consent is stored. */
    void onDecision(@Observes ConsentDecided decision) {
        provider.updateConsent(decision.peer(), decision.entry());
    }

    /**
     * Runs on the message writer's thread after its commit, so the rooms are looked up on a worker. Should this node die
     * first, the sweep of {@link RoomNotifications} queues the messages.
     */
    void onStored(@Observes MessageWriter.MessagesStored stored) {
        if (config.federation().domain().isEmpty()) {
            return;
        }
        Set<String> conversations = stored.messages().stream().map(MessageWriter.FreshMessage::message)
                .filter(message -> !MessageHeader.isInternal(message.kind())).map(PendingMessage::conversationId)
                .collect(Collectors.toSet());
        if (!conversations.isEmpty()) {
            vertx.executeBlocking(() -> {
                notifications.queue(conversations);
                return null;
            }, false).onFailure(ThirdPartyOutbox::failed);
        }
    }

    /** In the transaction that moves the marks, so the notification is queued with them. */
    void onReceipt(@Observes Receipts.ReceiptMoved moved) {
        Receipts.ReceiptChanged receipt = moved.receipt();
        if (config.federation().domain().isEmpty() || !"business".equals(receipt.side())) {
            return;
        }
        federation.openRoom(receipt.conversation()).ifPresent(room -> provider.notify(room.peer(), room.id(),
                Map.of("type", "receipt", "deliveredSeq", receipt.deliveredSeq(), "readSeq", receipt.readSeq())));
    }

    private static void failed(Throwable failure) {
        LOG.warnf(failure, "Third-party chats: notifications were not queued; the sweep queues them");
    }
}
