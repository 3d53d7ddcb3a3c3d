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
        long previous = cursor(device.deviceId());
        if (upToSeq <= previous) {
            return;
        }
        long last = ((Number) jdbc.list("select coalesce(max(message_seq), 0) from message_wrap where device_id = ?1",
                device.deviceId()).get(0)[0]).longValue();
        if (upToSeq > last) {
            throw new AckPastEnd(last);
        }
        jdbc.update("""
                        insert into device_cursor (device_id, acked_seq, updated_at) values (?1, ?2, ?3)
                        on conflict (device_id) do update set acked_seq = greatest(device_cursor.acked_seq, excluded.acked_seq),
                        updated_at = excluded.updated_at""", device.deviceId(), upToSeq, clock.instant());
        String side = Receipts.sideOf(device);
        List<Object[]> received = jdbc.list("""
                        select m.conversation_id, max(m.seq) from message_wrap w
                        join message m on m.seq = w.message_seq
                        join device d on d.id = m.sender_device_id
                        where w.device_id = ?1 and w.message_seq > ?2 and w.message_seq <= ?3
                          and (d.owner = 'business') <> ?4 and m.kind not in ('note', 'whisper')
                        group by m.conversation_id""", device.deviceId(), previous, upToSeq, device.business());
        Map<String, Long> seqByConversation = new HashMap<>();
        for (Object[] row : received) {
            seqByConversation.put((String) row[0], ((Number) row[1]).longValue());
        }
        receipts.markDelivered(side, seqByConversation);
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
