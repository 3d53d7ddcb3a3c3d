package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.conversation.Receipts;
import io.switchboard.messaging.MessageWriter;
import io.switchboard.messaging.PendingMessage;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.MessageHeader;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final ThirdPartyProvider provider;
    private final SwitchboardConfig config;
    private final Vertx vertx;
    private final ObjectMapper json;

    ThirdPartyOutbox(FederationService federation, ThirdPartyProvider provider, SwitchboardConfig config, Vertx vertx, ObjectMapper json) {
        this.json = json;
        this.federation = federation;
        this.provider = provider;
        this.config = config;
        this.vertx = vertx;
    }

    /** In the deciding transaction, so the grant is queued if and only if the consent is stored. */
    void onDecision(@Observes ConsentDecided decision) {
        provider.updateConsent(decision.peer(), decision.entry());
    }

    /** Runs on the message writer's thread, so the room lookup and the sending are handed to a worker. */
    void onStored(@Observes MessageWriter.MessagesStored stored) {
        if (config.federation().domain().isEmpty()) {
            return;
        }
        List<MessageWriter.FreshMessage> written = stored.messages().stream()
                .filter(fresh -> !MessageHeader.KIND_NOTE.equals(fresh.message().kind())).toList();
        if (!written.isEmpty()) {
            vertx.executeBlocking(() -> {
                forward(written);
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
        federation.rooms(List.of(receipt.conversation())).forEach(room -> provider.notify(room.peer(), room.id(),
                Map.of("type", "receipt", "deliveredSeq", receipt.deliveredSeq(), "readSeq", receipt.readSeq())));
    }

    private static void failed(Throwable failure) {
        LOG.warnf(failure, "Third-party chats: a notification was not sent");
    }

    private JsonNode header(PendingMessage message) {
        try {
            return json.readTree(message.header());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored header is not JSON", e);
        }
    }

    private void forward(List<MessageWriter.FreshMessage> written) {
        Set<String> conversations = written.stream().map(fresh -> fresh.message().conversationId()).collect(Collectors.toSet());
        Map<String, FederationService.Room> rooms = federation.rooms(conversations).stream()
                .collect(Collectors.toMap(FederationService.Room::id, room -> room));
        for (MessageWriter.FreshMessage fresh : written) {
            PendingMessage message = fresh.message();
            FederationService.Room room = rooms.get(message.conversationId());
            // the user's own messages came from their provider, which has them already
            if (room == null || room.remoteDevices().contains(message.senderDeviceId())) {
                continue;
            }
            Map<String, String> wraps = new LinkedHashMap<>();
            message.wraps().forEach((deviceId, wrap) -> {
                if (room.remoteDevices().contains(deviceId)) {
                    wraps.put(deviceId, B64u.encode(wrap));
                }
            });
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("header", header(message));
            envelope.put("ciphertext", B64u.encode(message.ciphertext()));
            envelope.put("signature", message.signature());
            envelope.put("wraps", wraps);
            provider.notify(room.peer(), room.id(), Map.of("type", "message", "seq", fresh.seq(), "envelope", envelope));
        }
    }
}
