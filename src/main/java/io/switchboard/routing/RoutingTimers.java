package io.switchboard.routing;

import io.switchboard.conversation.EndReason;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.routing.events.AgentPresenceChanged;
import io.switchboard.routing.events.ConversationQueued;
import io.switchboard.routing.events.ConversationReopened;
import io.switchboard.routing.events.OfferExpired;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Deadlines: offers that ran out, grace periods that ended, snoozes that are over. {@link Router} keeps the timer. */
@ApplicationScoped
public class RoutingTimers {

    private final RoutingLock lock;
    private final RoutingStore store;
    private final PresenceStore presence;
    private final Clock clock;
    private final SwitchboardConfig config;
    private final Event<RoutingEvent> events;

    RoutingTimers(RoutingLock lock, RoutingStore store, PresenceStore presence, Clock clock, SwitchboardConfig config,
                  Event<RoutingEvent> events) {
        this.lock = lock;
        this.store = store;
        this.presence = presence;
        this.clock = clock;
        this.config = config;
        this.events = events;
    }

    /** Acts on every deadline that has passed; answers the next one still ahead (if any). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Instant> processDue() {
        lock.hold();
        Instant now = clock.instant();
        for (RoutingStore.Offer offer : store.expiredOffers(now)) {
            store.endAssignment(offer.conversationId(), EndReason.OFFER_TIMEOUT, now);
            store.requeue(offer.conversationId(), offer.deviceId(), now);
            events.fire(new OfferExpired(offer.conversationId(), offer.deviceId()));
        }
        presence.endGraceOfConnected();
        for (String deviceId : presence.graceExpired(now.minus(config.routing().gracePeriod()))) {
            for (String id : store.heldBy(deviceId)) {
                store.endAssignment(id, EndReason.GRACE_EXPIRED, now);
                store.requeue(id, null, now);
                events.fire(new ConversationQueued(id, deviceId, EndReason.GRACE_EXPIRED));
            }
            presence.markReleased(deviceId);
            events.fire(new AgentPresenceChanged(deviceId, AgentPresenceChanged.Change.GRACE_EXPIRED));
        }
        for (String id : store.snoozesEnded(now)) {
            store.reopenInLine(id, now);
            events.fire(new ConversationReopened(id, ConversationReopened.Cause.SNOOZE_ENDED, null));
        }
        return nextDeadline();
    }

    @Transactional
    public Optional<Instant> nextDeadline() {
        return store.nextDeadline(config.routing().gracePeriod());
    }
}
