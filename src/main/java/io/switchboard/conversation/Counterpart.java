package io.switchboard.conversation;

/** Who the business talks with in a conversation. Customers are the one kind today. */
public sealed interface Counterpart {

    /** The owner of the counterpart's devices: their signed list is the conversation's other list. */
    String owner();

    /** The counterpart's verified phone number (E.164). */
    String phone();

    /** The name the counterpart gave, as the business's devices show it. */
    String name();

    /** A customer: a verified phone number whose devices are owned by the customer's id. */
    record Customer(String customerId, String phone, String name) implements Counterpart {

        @Override
        public String owner() {
            return customerId;
        }
    }
}
