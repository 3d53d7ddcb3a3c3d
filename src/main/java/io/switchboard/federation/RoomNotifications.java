package io.switchboard.federation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues the business's messages in third-party rooms for the user's provider as {@code message} notifications
 * (docs/interop.md §4.6, §4.8). The message writer commits first, on its hot path, without asking whether a
 * conversation is a third-party room; then the node that wrote the message queues it here, and a sweep queues what a
 * crash in between left behind. Both go by the room's {@code notified_seq} under the room's row lock, so each message
 * is queued once and in seq order, whichever comes first.
 */
@ApplicationScoped
class RoomNotifications {

    /** A room's messages are read this many at a time. */
    private static final int PAGE = 100;

    private final ConsentStore consents;
    private final RoomMessageStore messages;
    private final PeerStore peers;
    private final ThirdPartyProvider provider;
    private final SwitchboardConfig config;

    RoomNotifications(ConsentStore consents, RoomMessageStore messages, PeerStore peers, ThirdPartyProvider provider,
                      SwitchboardConfig config) {
        this.consents = consents;
        this.messages = messages;
        this.peers = peers;
        this.provider = provider;
        this.config = config;
    }

    /**
     * Queues every business message past each room's mark, for those of these conversations that are third-party
     * rooms, in one transaction. A room that is not granted, or whose peer is off, has its mark moved past them
     * without queueing: nothing written then is ever sent (§4.6).
     */
    void queue(Collection<String> conversationIds) {
        QuarkusTransaction.requiringNew().run(() -> consents.lockRooms(conversationIds).forEach(this::queue));
    }

    /** Every 30 s (and soon after start): rooms whose business messages are past their mark, after a crash. */
    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (config.federation().domain().isEmpty()) {
            return;
        }
        List<String> lagging = QuarkusTransaction.requiringNew().call(consents::lagging);
        lagging.forEach(room -> queue(List.of(room)));
    }

    private void queue(ConsentStore.Notified room) {
        Optional<Peer> peer = room.consent().state() == Consent.State.GRANTED
                ? peers.find(room.consent().peerDomain()).filter(Peer::enabled) : Optional.empty();
        long mark = room.notifiedSeq();
        List<RoomMessageStore.BusinessMessage> page;
        do {
            page = messages.businessMessagesAfter(room.consent().roomId(), mark, PAGE);
            for (RoomMessageStore.BusinessMessage message : page) {
                peer.ifPresent(open -> provider.notify(open, room.consent().roomId(),
                        Map.of("type", "message", "seq", message.seq(), "envelope", message.envelope())));
                mark = message.seq();
            }
        } while (page.size() == PAGE);
        if (mark > room.notifiedSeq()) {
            consents.notified(room.consent().roomId(), mark);
        }
    }
}
