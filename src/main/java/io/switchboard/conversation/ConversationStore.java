package io.switchboard.conversation;

import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A conversation's identity and counterpart. Its routing columns belong to the routing package. */
@ApplicationScoped
public class ConversationStore {

    private static final String SELECT = """
            select c.id, c.counterpart_kind, cu.id, cu.phone, cu.name
            from conversation c left join customer cu on cu.id = c.customer_id
            """;

    private final EntityManager entityManager;
    private final Jdbc jdbc;
    private final Clock clock;
    private final Event<ConversationOpened> opened;

    ConversationStore(EntityManager entityManager, Jdbc jdbc, Clock clock, Event<ConversationOpened> opened) {
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.clock = clock;
        this.opened = opened;
    }

    /**
     * Opens the conversation of a customer who just registered, in the registration's transaction. It
     * takes the customer's id as its own because clients written before conversations had their own
     * id address a customer's conversation by the customer id; nothing on the server relies on that.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Conversation openForCustomer(Counterpart.Customer customer) {
        String id = customer.customerId();
        entityManager.createNativeQuery("""
                        insert into conversation (id, counterpart_kind, customer_id, updated_at) values (?1, 'customer', ?2, ?3)""")
                .setParameter(1, id).setParameter(2, customer.customerId()).setParameter(3, Timestamp.from(clock.instant()))
                .executeUpdate();
        opened.fire(new ConversationOpened(id, customer));
        return new Conversation(id, customer);
    }

    public Optional<Conversation> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return conversations("c.id = ?1", id).stream().findFirst();
    }

    /** These conversations, in one query; ids without one are left out. */
    public List<Conversation> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // Conversation ids are base64url, so they need no quoting inside the array literal.
        return conversations("c.id = any(cast(?1 as varchar[]))", Jdbc.array(ids));
    }

    /** The conversation a customer has with the business. */
    public Optional<Conversation> ofCustomer(String customerId) {
        return conversations("c.customer_id = ?1", customerId).stream().findFirst();
    }

    /**
     * The ids of these customers' conversations with the business, by customer id (one query for
     * every customer connected to a node); a customer without one is left out.
     */
    public Map<String, String> idsOfCustomers(Collection<String> customerIds) {
        Map<String, String> ids = new HashMap<>();
        if (customerIds.isEmpty()) {
            return ids;
        }
        // Customer ids are base64url, so they need no quoting inside the array literal.
        jdbc.list("select customer_id, id from conversation where customer_id = any(cast(?1 as varchar[]))",
                Jdbc.array(customerIds)).forEach(row -> ids.put((String) row[0], (String) row[1]));
        return ids;
    }

    /** Plain JDBC: every message send reads its conversation here (docs/performance.md, "Hibernate's share"). */
    private List<Conversation> conversations(String where, String parameter) {
        return jdbc.list(SELECT + " where " + where, parameter).stream().map(row -> new Conversation((String) row[0], counterpart((String) row[1], row))).toList();
    }

    private static Counterpart counterpart(String kind, Object[] row) {
        if (!"customer".equals(kind)) {
            throw new IllegalStateException("a conversation with an unknown kind of counterpart: " + kind);
        }
        return new Counterpart.Customer((String) row[2], (String) row[3], (String) row[4]);
    }
}
