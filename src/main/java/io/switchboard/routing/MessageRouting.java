package io.switchboard.routing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.routing.events.ConversationQueued;
import io.switchboard.routing.events.ConversationReopened;
import io.switchboard.routing.events.FirstReply;
import io.switchboard.routing.events.MessageWritten;
import io.switchboard.routing.events.OfferAccepted;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** What messages do to routing: the customer writes, the business answers, a supervisor whispers. */
@ApplicationScoped
public class MessageRouting {

    private final RoutingLock lock;
    private final RoutingStore store;
    private final Clock clock;
    private final Event<RoutingEvent> events;
    private final Event<MessageWritten> written;
    private final RoutingPermissions permissions;

    MessageRouting(RoutingLock lock, RoutingStore store, Clock clock, Event<RoutingEvent> events, Event<MessageWritten> written,
                   RoutingPermissions permissions) {
        this.permissions = permissions;
        this.lock = lock;
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.written = written;
    }

    /**
     * A customer wrote (a message stored at {@code storedAt}): a resolved or snoozed conversation
     * reopens, a pending one is open again, a new one joins the queue. A message stored before the
     * status last changed — a late retry of it, say — changes nothing: the agent's resolve stands.
     */
    public void customerWrote(String conversationId, Instant storedAt, boolean calm) {
        // The message is committed already; observers queue the event for their own thread.
        written.fire(new MessageWritten(conversationId, true, null, storedAt));
        if (calm) {
            return;
        }
        Optional<RoutingStore.Row> seen = store.find(conversationId);
        if (seen.isEmpty() || !needsAttention(seen.get())) {
            return;
        }
        QuarkusTransaction.joiningExisting().run(() -> attend(conversationId, storedAt));
    }

    /** Under the routing lock, from the row as it is now: the read above may be stale by the time the lock is held. */
    private void attend(String conversationId, Instant storedAt) {
        lock.hold();
        RoutingStore.Row row = store.lock(conversationId).orElseThrow();
        Instant now = clock.instant();
        if (row.status() != ConversationStatus.OPEN && row.statusChangedAt() != null && !storedAt.isAfter(row.statusChangedAt())) {
            return;
        }
        if (row.status().canBecome(ConversationStatus.OPEN)) {
            store.reopen(row, now);
            events.fire(new ConversationReopened(conversationId, ConversationReopened.Cause.CUSTOMER_WROTE, null));
        } else if (row.assignee() == null && row.queuedAt() == null) {
            store.startWaiting(conversationId, now);
            events.fire(ConversationQueued.customerWrote(conversationId));
        }
    }

    /**
     * Of these conversations, the ones where a customer's message changes nothing: open, and with an agent or in
     * the queue. Read with the connection of the transaction that stores the messages, so that most customer
     * messages need no look of their own afterwards (a transaction per message, docs/performance.md); whatever
     * changes after this read is judged again under the lock, as {@link #customerWrote} does for the rest.
     */
    public Set<String> calmAmong(Connection connection, Collection<String> conversationIds) throws SQLException {
        return store.calmAmong(connection, conversationIds);
    }

    /** Whether a customer's message may change anything; most land in a conversation an agent has. */
    private static boolean needsAttention(RoutingStore.Row row) {
        return row.status() != ConversationStatus.OPEN || (row.assignee() == null && row.queuedAt() == null);
    }

    /**
     * The business wrote (not a note): when the assignee writes, that accepts the offer (under the
     * lock, so it cannot cross a timeout being processed); the first reply in an assignment is
     * recorded.
     */
    @Transactional
    public void businessWrote(String conversationId, String deviceId) {
        Instant now = clock.instant();
        written.fire(new MessageWritten(conversationId, false, deviceId, now));
        Optional<RoutingStore.Row> seen = store.find(conversationId);
        if (seen.isPresent() && deviceId.equals(seen.get().assignee()) && seen.get().offerExpiresAt() != null) {
            lock.hold();
            if (store.acceptOffer(conversationId, deviceId)) {
                events.fire(new OfferAccepted(conversationId, deviceId));
            }
        }
        // Last, never before the routing lock: the row lock it takes is one a routing change may wait for.
        store.recordFirstReply(conversationId, now).ifPresent(replied -> events.fire(
                new FirstReply(conversationId, deviceId, replied.assigneeDeviceId(), replied.assignedAt(), now)));
    }

    /**
     * A whisper is addressed to the agent who has the conversation: only a supervisor of its team may
     * send one ({@code 403 role_required}, {@code team_out_of_scope}), and only while somebody has it
     * ({@code 409 not_assigned}).
     */
    @Transactional
    public void requireMayWhisper(AuthenticatedDevice sender, String conversationId) {
        RoutingStore.Row row = store.find(conversationId).orElseThrow();
        permissions.requireSupervisorOf(sender, row);
        if (row.assignee() == null) {
            throw new RoutingRefused(RoutingRefused.NOT_ASSIGNED);
        }
    }
}
