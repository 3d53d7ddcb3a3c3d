package io.switchboard.conversation;

import io.switchboard.auth.AuthenticatedDevice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** Delivered and read marks per conversation and side: how far each side has received and shown the other's messages. */
@ApplicationScoped
public class Receipts {

    private final EntityManager entityManager;
    private final ConversationStore conversations;
    private final Event<ReceiptMoved> moved;

    Receipts(EntityManager entityManager, ConversationStore conversations, Event<ReceiptMoved> moved) {
        this.entityManager = entityManager;
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
    public record ReceiptMoved(Conversation conversation, ReceiptChanged receipt) {
    }

    /** The side of a conversation a device writes for: the business, or the counterpart. */
    public static String sideOf(AuthenticatedDevice device) {
        return device.business() ? "business" : "customer";
    }

    /** The devices of {@code side} received the conversation up to {@code seq}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markDelivered(String conversationId, String side, long seq) {
        mark(conversations.find(conversationId).orElseThrow(), side, seq, "delivered_seq");
    }

    /** A device of {@code device}'s side showed the conversation up to {@code seq}. */
    @Transactional
    public void markRead(AuthenticatedDevice device, Conversation conversation, long seq) {
        long last = lastSeq(conversation.id());
        if (seq > last) {
            throw new ReadPastEnd(last);
        }
        mark(conversation, sideOf(device), seq, "read_seq");
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
                    .forEach(receipt -> moved.fire(new ReceiptMoved(conversation, receipt)));
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
