package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.B64u;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The business's messages in a third-party room, as the user's provider gets them (docs/interop.md §4.6); plain JDBC. */
@ApplicationScoped
class RoomMessageStore {

    /** A business message with the envelope the peer gets: the wraps of the room's user's devices only. */
    record BusinessMessage(long seq, ObjectNode envelope) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper json;

    RoomMessageStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The business's messages after {@code afterSeq}, at most {@code limit}, in seq order; private notes and whispers
     * never leave, and the user's own messages came from their provider. The room's user owns the devices whose id is
     * the room's (its customer id).
     */
    List<BusinessMessage> businessMessagesAfter(String roomId, long afterSeq, int limit) {
        List<Object[]> rows = jdbc.list("""
                        select p.seq, p.header, p.ciphertext, p.signature, w.device_id, w.wrap from (
                            select m.seq, m.header, m.ciphertext, m.signature from message m
                            join device s on s.id = m.sender_device_id and s.owner = 'business'
                            where m.conversation_id = ?1 and m.seq > ?2 and m.kind not in ('note', 'whisper')
                            order by m.seq limit ?3) p
                        left join message_wrap w on w.message_seq = p.seq and w.device_id in (select id from device where owner = ?1)
                        order by p.seq, w.device_id""", roomId, afterSeq, limit);
        Map<Long, ObjectNode> envelopes = new LinkedHashMap<>();
        for (Object[] row : rows) {
            ObjectNode envelope = envelopes.computeIfAbsent(((Number) row[0]).longValue(), seq -> {
                ObjectNode created = json.createObjectNode();
                created.set("header", parse((String) row[1]));
                created.put("ciphertext", B64u.encode((byte[]) row[2]));
                created.put("signature", (String) row[3]);
                created.putObject("wraps");
                return created;
            });
            if (row[4] != null) {
                envelope.with("wraps").put((String) row[4], B64u.encode((byte[]) row[5]));
            }
        }
        List<BusinessMessage> messages = new ArrayList<>();
        envelopes.forEach((seq, envelope) -> messages.add(new BusinessMessage(seq, envelope)));
        return messages;
    }

    private com.fasterxml.jackson.databind.JsonNode parse(String header) {
        try {
            return json.readTree(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored header is not JSON", e);
        }
    }
}
