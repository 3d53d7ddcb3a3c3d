package io.switchboard.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.Receipts;
import io.switchboard.platform.Jdbc;
import io.switchboard.protocol.B64u;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a device has to receive: every message with a key wrapped for it, in sequence order, after
 * its acknowledged cursor. At least once: whatever was sent but not acknowledged is sent again after
 * a reconnect, and clients drop sequence numbers they already have.
 */
@ApplicationScoped
public class Delivery {

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final Receipts receipts;

    Delivery(Jdbc jdbc, ObjectMapper json, Clock clock, Receipts receipts) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.receipts = receipts;
    }

    /** One message as a device receives it: the envelope with only this device's key wrap. */
    public record Delivered(String type, long seq, Instant storedAt, String conversation, JsonNode envelope) {
        public Delivered(long seq, Instant storedAt, String conversation, JsonNode envelope) {
            this("message", seq, storedAt, conversation, envelope);
        }
    }

    /** Plain JDBC reads without a transaction of their own: feeds read here for every device (docs/performance.md). */
    public long cursor(String deviceId) {
        List<Object[]> rows = jdbc.list("select acked_seq from device_cursor where device_id = ?1", deviceId);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
    }

    /** Messages for this device after {@code afterSeq}, at most {@code limit}. */
    public List<Delivered> after(String deviceId, long afterSeq, int limit) {
        return page(deviceId, afterSeq, limit).messages();
    }

    /**
     * A page of messages and the highest seq committed when it was read: with fewer than the limit, the
     * device has every message up to that seq (commits follow seqs, see {@link MessageWriter}).
     */
    public record Page(List<Delivered> messages, long highestSeq) {
    }

    public Page page(String deviceId, long afterSeq, int limit) {
        // One statement, so the highest seq and the page come from the same snapshot.
        List<Object[]> rows = jdbc.list("""
                        with highest as (select coalesce(max(seq), 0) as seq from message)
                        select highest.seq, p.seq, p.stored_at, p.conversation_id, p.header, p.ciphertext, p.signature, p.wrap
                        from highest left join lateral (
                            select m.seq, m.stored_at, m.conversation_id, m.header, m.ciphertext, m.signature, w.wrap
                            from message_wrap w join message m on m.seq = w.message_seq
                            where w.device_id = ?1 and w.message_seq > ?2
                            order by w.message_seq limit ?3) p on true
                        order by p.seq""", deviceId, afterSeq, limit);
        long highest = rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
        List<Delivered> messages = rows.stream().filter(row -> row[1] != null).map(row -> {
            ObjectNode envelope = json.createObjectNode();
            envelope.set("header", parse((String) row[4]));
            envelope.put("ciphertext", B64u.encode((byte[]) row[5]));
            envelope.put("signature", (String) row[6]);
            envelope.putObject("wraps").put(deviceId, B64u.encode((byte[]) row[7]));
            return new Delivered(((Number) row[1]).longValue(), toInstant(row[2]), (String) row[3], envelope);
        }).toList();
        return new Page(messages, highest);
    }

    /**
     * Moves the device's cursor forward (never back) and the "delivered" receipt of its side in each
     * conversation it received messages from the other side in; never past the newest message the
     * device was sent.
     */
    @Transactional
    public void acknowledge(AuthenticatedDevice device, long upToSeq) {
        Long last = acknowledgeAll(Map.of(device, upToSeq)).get(device.deviceId());
        if (last != null) {
            throw new AckPastEnd(last);
        }
    }

    /**
     * {@link #acknowledge} for many devices in four statements, whatever their number: a tick of every connected
     * device's acknowledgements cost five statements per device (docs/performance.md). A device acknowledging past
     * its newest message changes nothing; the answer maps each such device to its newest seq.
     */
    @Transactional
    public Map<String, Long> acknowledgeAll(Map<AuthenticatedDevice, Long> upToSeq) {
        Map<String, AuthenticatedDevice> byId = new HashMap<>();
        upToSeq.keySet().forEach(device -> byId.put(device.deviceId(), device));
        List<Object[]> positions = jdbc.list("""
                select r.id, coalesce(c.acked_seq, 0),
                       (select coalesce(max(w.message_seq), 0) from message_wrap w where w.device_id = r.id)
                from unnest(cast(?1 as varchar[])) as r(id) left join device_cursor c on c.device_id = r.id""",
                Jdbc.array(byId.keySet()));
        Map<String, Long> pastEnd = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<Long> previous = new ArrayList<>();
        List<Long> upTo = new ArrayList<>();
        List<Boolean> business = new ArrayList<>();
        for (Object[] row : positions) {
            AuthenticatedDevice device = byId.get((String) row[0]);
            long acked = ((Number) row[1]).longValue();
            long last = ((Number) row[2]).longValue();
            long seq = upToSeq.get(device);
            if (seq > last) {
                pastEnd.put(device.deviceId(), last);
            } else if (seq > acked) {
                ids.add(device.deviceId());
                previous.add(acked);
                upTo.add(seq);
                business.add(device.business());
            }
        }
        if (ids.isEmpty()) {
            return pastEnd;
        }
        jdbc.update("""
                        insert into device_cursor (device_id, acked_seq, updated_at)
                        select r.id, r.seq, ?3 from unnest(cast(?1 as varchar[]), cast(?2 as bigint[])) as r(id, seq)
                        on conflict (device_id) do update set acked_seq = greatest(device_cursor.acked_seq, excluded.acked_seq),
                        updated_at = excluded.updated_at""", Jdbc.array(ids), Jdbc.array(upTo), clock.instant());
        List<Object[]> received = jdbc.list("""
                        select r.business, m.conversation_id, max(m.seq)
                        from unnest(cast(?1 as varchar[]), cast(?2 as bigint[]), cast(?3 as bigint[]), cast(?4 as boolean[]))
                             as r(id, after_seq, up_to_seq, business)
                        join message_wrap w on w.device_id = r.id and w.message_seq > r.after_seq and w.message_seq <= r.up_to_seq
                        join message m on m.seq = w.message_seq
                        join device d on d.id = m.sender_device_id
                        where (d.owner = 'business') <> r.business and m.kind not in ('note', 'whisper')
                        group by r.business, m.conversation_id""", Jdbc.array(ids), Jdbc.array(previous), Jdbc.array(upTo), Jdbc.array(business));
        Map<Boolean, Map<String, Long>> seqBySide = new HashMap<>();
        for (Object[] row : received) {
            seqBySide.computeIfAbsent((Boolean) row[0], side -> new HashMap<>()).put((String) row[1], ((Number) row[2]).longValue());
        }
        seqBySide.forEach((isBusiness, seqs) -> receipts.markDelivered(Receipts.side(isBusiness), seqs));
        return pastEnd;
    }

    private JsonNode parse(String header) {
        try {
            return json.readTree(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored header is not JSON", e);
        }
    }

    /** Native queries return timestamps as Instant, OffsetDateTime or Timestamp depending on the driver path. */
    static Instant toInstant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
