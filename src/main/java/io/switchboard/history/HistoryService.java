package io.switchboard.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.device.Device;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.ContentKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * History for a newly linked device (docs/protocol.md §13.4). The server cannot open a content key,
 * so an existing device of the same side that is online does the work: it is handed the messages the
 * new device lacks with its own wrap, unwraps each key and wraps it again for the new device. Work is
 * derived from what is missing, so an interrupted sync resumes by itself. A side is the owner of a
 * device list: the business, or one customer, whose devices only ever hold wraps of their own conversation.
 */
@ApplicationScoped
@Transactional
public class HistoryService {

    /** A content key wrapped for one device (protocol §13.2), as in a message's own wraps. */

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final Clock clock;
    private final SwitchboardConfig config;

    HistoryService(EntityManager entityManager, ObjectMapper json, Clock clock, SwitchboardConfig config) {
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
        this.config = config;
    }

    public record Item(long seq, String conversation, JsonNode header, String wrap) {
    }

    /** Messages one new device needs, each with the helper's own wrap of the key. */
    public record Work(String deviceId, String agreementKey, List<Item> messages) {
    }

    /** Up to {@code limit} messages, for one new device of the caller's side, that the calling device can re-wrap. */
    @SuppressWarnings("unchecked")
    public List<Work> work(AuthenticatedDevice helper, int limit) {
        List<Work> work = new ArrayList<>();
        for (Device target : Device.<Device>list("owner = ?1 and removedAt is null and historyUntilSeq > 0 and id <> ?2",
                helper.owner(), helper.deviceId())) {
            List<Object[]> rows = missing(target, "mine.wrap, m.conversation_id, m.header", "join message_wrap mine on "
                    + "mine.message_seq = m.seq and mine.device_id = ?3", helper.deviceId(), limit);
            if (!rows.isEmpty()) {
                work.add(new Work(target.id, target.agreementKey, rows.stream().map(row -> new Item(((Number) row[0]).longValue(),
                        (String) row[2], parse((String) row[3]), B64u.encode((byte[]) row[1]))).toList()));
            }
        }
        return work;
    }

    /**
     * Stores wraps made for {@code deviceId}, a device of the caller's side; only for messages in its history that it still
     * lacks. A customer's device may only pass on keys it holds itself, so it can never reach past its own conversation.
     */
    public int addWraps(AuthenticatedDevice helper, String deviceId, Map<Long, String> wraps) {
        Device target = Device.findById(deviceId);
        if (target == null || !target.active() || !target.owner.equals(helper.owner())) {
            throw new HistoryRefused(HistoryRefused.DEVICE_NOT_FOUND);
        }
        int added = 0;
        for (Map.Entry<Long, String> entry : wraps.entrySet()) {
            byte[] wrap = B64u.decode(entry.getValue());
            if (wrap.length != ContentKey.WRAP_SIZE) {
                throw new HistoryRefused(HistoryRefused.WRAP_INVALID);
            }
            added += entityManager.createNativeQuery("""
                            insert into message_wrap (device_id, message_seq, wrap, rewrapped)
                            select ?1, m.seq, ?2, true from message m
                            where m.seq = ?3 and m.seq <= ?4 and m.stored_at >= ?5
                              and (?6 or exists (select 1 from message_wrap h where h.message_seq = m.seq and h.device_id = ?7))
                            on conflict do nothing""")
                    .setParameter(1, deviceId).setParameter(2, wrap).setParameter(3, entry.getKey())
                    .setParameter(4, target.historyUntilSeq).setParameter(5, Timestamp.from(windowStart()))
                    .setParameter(6, helper.business()).setParameter(7, helper.deviceId())
                    .executeUpdate();
        }
        return added;
    }

    /**
     * Drops re-wrapped keys of the caller's that it reports do not open, so those messages are missing
     * again and the next {@link #work} offers them to a holder: a helper's garbage wrap must not be the
     * last word. The sender's own wraps are not re-wrapped and stay.
     */
    public int releaseBadWraps(AuthenticatedDevice device, List<Long> seqs) {
        int released = 0;
        for (Long seq : seqs) {
            released += entityManager.createNativeQuery(
                            "delete from message_wrap where device_id = ?1 and message_seq = ?2 and rewrapped")
                    .setParameter(1, device.deviceId()).setParameter(2, seq).executeUpdate();
        }
        return released;
    }

    public record Progress(long total, long synced) {
    }

    /** How much of its history the calling device has: for the progress bar. */
    public Progress progress(AuthenticatedDevice device) {
        Device self = Device.findById(device.deviceId());
        if (self.historyUntilSeq == 0) {
            return new Progress(0, 0);
        }
        // A customer's history is its own conversation without the business's private notes and whispers.
        long total = ((Number) entityManager.createNativeQuery("""
                        select count(*) from message m where m.seq <= ?1 and m.stored_at >= ?2
                          and (?3 or (m.kind not in ('note', 'whisper') and m.conversation_id in (select c.id from conversation c where c.customer_id = ?4)))""")
                .setParameter(1, self.historyUntilSeq).setParameter(2, Timestamp.from(windowStart()))
                .setParameter(3, self.business()).setParameter(4, self.owner).getSingleResult()).longValue();
        long synced = ((Number) entityManager.createNativeQuery(
                        "select count(*) from message_wrap w where w.device_id = ?1 and w.message_seq <= ?2")
                .setParameter(1, device.deviceId()).setParameter(2, self.historyUntilSeq).getSingleResult()).longValue();
        return new Progress(total, synced);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> missing(Device target, String columns, String join, String helperId, int limit) {
        return entityManager.createNativeQuery("select m.seq, " + columns + " from message m " + join
                        + " where m.seq <= ?1 and m.stored_at >= ?2 and not exists (select 1 from message_wrap w where "
                        + "w.message_seq = m.seq and w.device_id = ?4) order by m.seq limit ?5")
                .setParameter(1, target.historyUntilSeq).setParameter(2, Timestamp.from(windowStart()))
                .setParameter(3, helperId).setParameter(4, target.id).setParameter(5, limit).getResultList();
    }

    private java.time.Instant windowStart() {
        return clock.instant().minus(config.messages().historyWindow());
    }

    private JsonNode parse(String header) {
        try {
            return json.readTree(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored header is not JSON", e);
        }
    }
}
