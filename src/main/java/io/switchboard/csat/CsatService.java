package io.switchboard.csat;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.NotPermitted;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Customer satisfaction (docs/protocol.md §13.6): after a resolve the customer's page asks for a
 * rating from 1 to 5, once per resolution. The rating is metadata the server keeps; the optional
 * comment travels as an end-to-end encrypted {@code feedback} message and never passes here.
 */
@ApplicationScoped
public class CsatService {

    private final ConversationAccess access;
    private final CsatStore store;
    private final Clock clock;
    private final Event<CsatRated> rated;

    CsatService(ConversationAccess access, CsatStore store, Clock clock, Event<CsatRated> rated) {
        this.access = access;
        this.store = store;
        this.clock = clock;
        this.rated = rated;
    }

    /** Whether a rating is asked now ({@code resolvedAt} set) and the one given for that resolution. */
    public record Csat(Instant resolvedAt, Integer rating) {
    }

    @Transactional
    public Csat read(AuthenticatedDevice caller, String conversationId) {
        Conversation conversation = access.require(caller, conversationId);
        return store.resolvedAt(conversation.id())
                .map(resolvedAt -> new Csat(resolvedAt, store.rating(conversation.id(), resolvedAt).orElse(null)))
                .orElse(new Csat(null, null));
    }

    /** The conversation's own customer rates its current resolution; {@code 409} when it is not resolved or rated already. */
    @Transactional
    public Csat rate(AuthenticatedDevice caller, String conversationId, int rating) {
        Conversation conversation = access.require(caller, conversationId);
        if (caller.business()) {
            throw new NotPermitted(NotPermitted.CUSTOMER_DEVICE_REQUIRED);
        }
        Instant resolvedAt = store.resolvedAt(conversation.id()).orElseThrow(() -> new CsatRefused(CsatRefused.NOT_RESOLVED));
        Instant now = clock.instant();
        if (!store.insert(conversation.id(), resolvedAt, rating, caller.deviceId(), now)) {
            throw new CsatRefused(CsatRefused.ALREADY_RATED);
        }
        rated.fire(new CsatRated(conversation.id(), rating, resolvedAt, now));
        return new Csat(resolvedAt, rating);
    }
}
