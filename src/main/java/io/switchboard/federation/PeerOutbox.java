package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.switchboard.platform.Jdbc;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code federation_outbox} rows: calls to peers that must arrive (docs/interop.md §4.8). A row is
 * written in the transaction that decided the call, so it is sent if and only if that commits;
 * {@link OutboxDelivery} sends it and retries with backoff until the peer takes it. Plain JDBC: every message passes here.
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

    private final Jdbc jdbc;
    private final Clock clock;
    private final ObjectMapper json;
    private final Event<Queued> queued;

    PeerOutbox(Jdbc jdbc, Clock clock, ObjectMapper json, Event<Queued> queued) {
        this.jdbc = jdbc;
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
        jdbc.update("""
                        insert into federation_outbox (peer_domain, endpoint, target, body, message_id, next_attempt_at, created_at)
                        values (?1, ?2, ?3, ?4, case when ?5 then ?6 end, ?7, ?7)""",
                peerDomain, endpoint, target, write(body), messageId != null, messageId == null ? new byte[0] : messageId, now);
        queued.fire(new Queued());
    }

    /**
     * Takes up to {@code limit} due calls to enabled peers, oldest first, and leases them for {@code lease}: another node
     * (or the next round) skips them until then, and takes them again if this one died while sending. A call is not
     * taken while an older call for the same room of the same peer waits or is being sent, so a room's calls arrive in
     * the order they were queued; a consent call (its target is the peer's domain) keeps its order with every call to
     * that peer. Calls to a peer that is off wait until it is on again.
     */
    List<Call> claimDue(int limit, Duration lease) {
        Instant now = clock.instant();
        List<Object[]> rows = jdbc.list("""
                        update federation_outbox o set next_attempt_at = ?2 from federation_peer p
                        where p.domain = o.peer_domain and o.id in (
                            select d.id from federation_outbox d join federation_peer e on e.domain = d.peer_domain and e.enabled
                            where d.next_attempt_at <= ?1 and not exists (select 1 from federation_outbox w
                                where w.peer_domain = d.peer_domain and w.id < d.id and w.next_attempt_at > ?1
                                  and (w.target = d.target or w.target = d.peer_domain or d.target = d.peer_domain))
                            order by d.id limit ?3 for update of d skip locked)
                        returning o.id, o.peer_domain, o.endpoint, o.target, o.body, o.message_id, o.attempts, p.address, p.trust_pem""",
                now, now.plus(lease), limit);
        return rows.stream().map(row -> new Call(((Number) row[0]).longValue(), new Peer((String) row[1], (String) row[7], (String) row[8], true),
                        (String) row[2], (String) row[3], (byte[]) row[4], (byte[]) row[5], ((Number) row[6]).intValue()))
                .sorted(Comparator.comparingLong(Call::id)).toList();
    }

    /** The peer took the call (or refused it for good): it is not sent again. */
    void done(long id) {
        jdbc.update("delete from federation_outbox where id = ?1", id);
    }

    /** The call failed, or was not tried: it is due again at {@code at}; {@code failed} counts an attempt. */
    void retryAt(long id, Instant at, boolean failed) {
        jdbc.update("update federation_outbox set next_attempt_at = ?2, attempts = attempts + ?3 where id = ?1", id, at, failed ? 1 : 0);
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
