package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;

/** The conversation already has the agent it would be given to, or an agent at all where it must have none. */
public final class AlreadyAssigned extends DomainException {

    private AlreadyAssigned(String message) {
        super(Kind.CONFLICT, "already_assigned", message);
    }

    /** Claiming a conversation the caller has. */
    static AlreadyAssigned toYou() {
        return new AlreadyAssigned("You already have this conversation.");
    }

    /** Claiming a conversation another agent has. */
    static AlreadyAssigned toSomeoneElse() {
        return new AlreadyAssigned("Someone else has this conversation.");
    }

    /** Transferring a conversation to the agent who has it. */
    static AlreadyAssigned to(String person) {
        return new AlreadyAssigned(person + " already has this conversation.");
    }

    /** A topic chosen once an agent has the conversation would route it nowhere. */
    static AlreadyAssigned toAnAgent() {
        return new AlreadyAssigned("An agent already has this conversation.");
    }
}
