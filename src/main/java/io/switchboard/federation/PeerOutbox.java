package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code federation_outbox} rows: calls to peers that must arrive (docs/interop.md §4.8). A row is
 * written in the transaction that decided the call, so it is sent if and only if that commits;
 * {@link OutboxDelivery} sends it and retries with backoff until the peer takes it.
 */
@ApplicationScoped
@Transactional
class PeerOutbox {

    /** A call waiting for its peer; {@code body} is the JSON to post. */
    record Call(long id, Peer peer, String endpoint, String target, byte[] body, byte[] messageId, int attempts) {
    }

    /** Fired when a call was queued, so the delivery starts after commit instead of at its next round. */
    record Queued() {
    }

    private final EntityManager entityManager;
    private final Clock clock;
    private final ObjectMapper json;
    private final Event<Queued> queued;

    PeerOutbox(EntityManager entityManager, Clock clock, ObjectMapper json, Event<Queued> queued) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.json = json;
        this.queued = queued;
    }

    /**
     * Queues a post of {@code body} to the peer's {@code endpoint} (a key of its directory), with {@code target}
     * in place of the URL's placeholder. {@code messageId} names a submission, else null.
     */
    void enqueue(String peerDomain, String endpoint, String target, Object body, byte[] messageId) {
        Instant now = clock.instant();
        entityManager.createNativeQuery("""
                        insert into federation_outbox (peer_domain, endpoint, target, body, message_id, next_attempt_at, created_at)
                        values (?1, ?2, ?3, ?4, case when ?5 then ?6 end, ?7, ?7)""")
                .setParameter(1, peerDomain).setParameter(2, endpoint).setParameter(3, target).setParameter(4, write(body))
                .setParameter(5, messageId != null).setParameter(6, messageId == null ? new byte[0] : messageId)
                .setParameter(7, now.atOffset(ZoneOffset.UTC)).executeUpdate();
        queued.fire(new Queued());
    }

    /**
     * Takes up to {@code limit} due calls to enabled peers, oldest first, and leases them for {@code lease}: another node
     * (or the next round) skips them until then, and takes them again if this one died while sending. A call is not
     * taken while an older call for the same room of the same peer waits or is being sent, so a room's calls arrive in
     * the order they were queued; a consent call (its target is the peer's domain) keeps its order with every call to
     * that peer. Calls to a peer that is off wait until it is on again.
     */
    @SuppressWarnings("unchecked")
    List<Call> claimDue(int limit, Duration lease) {
        Instant now = clock.instant();
        List<Object[]> rows = entityManager.createNativeQuery("""
                        update federation_outbox o set next_attempt_at = ?2 from federation_peer p
                        where p.domain = o.peer_domain and o.id in (
                            select d.id from federation_outbox d join federation_peer e on e.domain = d.peer_domain and e.enabled
                            where d.next_attempt_at <= ?1 and not exists (select 1 from federation_outbox w
                                where w.peer_domain = d.peer_domain and w.id < d.id and w.next_attempt_at > ?1
                                  and (w.target = d.target or w.target = d.peer_domain or d.target = d.peer_domain))
                            order by d.id limit ?3 for update of d skip locked)
                        returning o.id, o.peer_domain, o.endpoint, o.target, o.body, o.message_id, o.attempts, p.address, p.trust_pem""")
                .setParameter(1, now.atOffset(ZoneOffset.UTC)).setParameter(2, now.plus(lease).atOffset(ZoneOffset.UTC))
                .setParameter(3, limit).getResultList();
        return rows.stream().map(row -> new Call(((Number) row[0]).longValue(), new Peer((String) row[1], (String) row[7], (String) row[8], true),
                        (String) row[2], (String) row[3], (byte[]) row[4], (byte[]) row[5], ((Number) row[6]).intValue()))
                .sorted(Comparator.comparingLong(Call::id)).toList();
    }

    /** The peer took the call (or refused it for good): it is not sent again. */
    void done(long id) {
        entityManager.createNativeQuery("delete from federation_outbox where id = ?1").setParameter(1, id).executeUpdate();
    }

    /** The call failed, or was not tried: it is due again at {@code at}; {@code failed} counts an attempt. */
    void retryAt(long id, Instant at, boolean failed) {
        entityManager.createNativeQuery("update federation_outbox set next_attempt_at = ?2, attempts = attempts + ?3 where id = ?1")
                .setParameter(1, id).setParameter(2, at.atOffset(ZoneOffset.UTC)).setParameter(3, failed ? 1 : 0).executeUpdate();
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
