package io.switchboard.conversation;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Delivered and read marks per conversation and side: how far each side has received and shown the other's messages. */
@ApplicationScoped
public class Receipts {

    private final EntityManager entityManager;
    private final Jdbc jdbc;
    private final ConversationStore conversations;
    private final Event<ReceiptMoved> moved;

    Receipts(EntityManager entityManager, Jdbc jdbc, ConversationStore conversations, Event<ReceiptMoved> moved) {
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.moved = moved;
    }

    /** Delivered and read marks of one side of a conversation, as everyone sees them (ticks). */
    public record ReceiptChanged(String conversation, String side, long deliveredSeq, long readSeq) {
    }

    /**
     * A receipt moved forward, with its conversation: whoever pushes it decides with
     * {@link ConversationAccess#mayTouch} who hears of it, without a lookup after the commit.
     */
    public record ReceiptMoved(Conversation conversation, ReceiptChanged receipt, boolean readMoved) {

        /**
         * Whether the devices of the receipt's own side hear of it: only when a read mark moved it (their unread
         * counts follow it). A delivered mark moves with nearly every message a device acknowledges, and a side's
         * own devices have those messages themselves: pushing it to them doubled the business devices' frames.
         */
        public boolean forOwnSide() {
            return readMoved;
        }
    }

    /** The side of a conversation a device writes for: the business, or the counterpart. */
    public static String sideOf(AuthenticatedDevice device) {
        return side(device.business());
    }

    public static String side(boolean business) {
        return business ? "business" : "customer";
    }

    /**
     * The devices of {@code side} received these conversations up to the given seqs: one statement for a whole
     * acknowledgement however many conversations it spans, and a push only for the marks that moved.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markDelivered(String side, Map<String, Long> seqByConversation) {
        if (seqByConversation.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(seqByConversation.keySet());
        List<Object[]> moved = jdbc.list("""
                        insert into conversation_receipt (conversation_id, side, delivered_seq)
                        select ids.id, ?2, seqs.seq from unnest(cast(?1 as varchar[])) with ordinality as ids(id, n)
                        join unnest(cast(?3 as bigint[])) with ordinality as seqs(seq, n) on seqs.n = ids.n
                        on conflict (conversation_id, side) do update set delivered_seq = excluded.delivered_seq
                        where conversation_receipt.delivered_seq < excluded.delivered_seq
                        returning conversation_id, delivered_seq, read_seq""", Jdbc.array(ids), side,
                Jdbc.array(ids.stream().map(seqByConversation::get).toList()));
        if (moved.isEmpty()) {
            return;
        }
        Map<String, Conversation> byId = conversations.findAll(moved.stream().map(row -> (String) row[0]).toList()).stream()
                .collect(Collectors.toMap(Conversation::id, conversation -> conversation));
        for (Object[] row : moved) {
            this.moved.fire(new ReceiptMoved(byId.get((String) row[0]), new ReceiptChanged((String) row[0], side,
                    ((Number) row[1]).longValue(), ((Number) row[2]).longValue()), false));
        }
    }

    /** A device of {@code device}'s side showed the conversation up to {@code seq}. */
    @Transactional
    public void markRead(AuthenticatedDevice device, Conversation conversation, long seq) {
        markRead(sideOf(device), conversation, seq);
    }

    /** A device of {@code side} showed the conversation up to {@code seq}; a third-party user's provider says so for them. */
    @Transactional
    public void markRead(String side, Conversation conversation, long seq) {
        long last = lastSeq(conversation.id());
        if (seq > last) {
            throw new ReadPastEnd(last);
        }
        mark(conversation, side, seq, "read_seq");
    }

    /** The seq of the conversation's newest message, 0 when it has none. */
    private long lastSeq(String conversationId) {
        return ((Number) entityManager.createNativeQuery("select coalesce(max(seq), 0) from message where conversation_id = ?1")
                .setParameter(1, conversationId).getSingleResult()).longValue();
    }

    private void mark(Conversation conversation, String side, long seq, String column) {
        entityManager.createNativeQuery("insert into conversation_receipt (conversation_id, side) values (?1, ?2) on conflict do nothing")
                .setParameter(1, conversation.id()).setParameter(2, side).executeUpdate();
        int changed = entityManager.createNativeQuery("update conversation_receipt set " + column + " = ?3"
                        + (column.equals("read_seq") ? ", delivered_seq = greatest(delivered_seq, ?3)" : "")
                        + " where conversation_id = ?1 and side = ?2 and " + column + " < ?3")
                .setParameter(1, conversation.id()).setParameter(2, side).setParameter(3, seq).executeUpdate();
        if (changed > 0) {
            of(conversation.id()).stream().filter(r -> r.side().equals(side))
                    .forEach(receipt -> moved.fire(new ReceiptMoved(conversation, receipt, column.equals("read_seq"))));
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<ReceiptChanged> of(String conversation) {
        List<Object[]> rows = entityManager.createNativeQuery(
                        "select side, delivered_seq, read_seq from conversation_receipt where conversation_id = ?1 order by side")
                .setParameter(1, conversation).getResultList();
        return rows.stream().map(row -> new ReceiptChanged(conversation, (String) row[0], ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue())).toList();
    }
}
