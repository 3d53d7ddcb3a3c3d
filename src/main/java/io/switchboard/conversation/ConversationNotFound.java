package io.switchboard.conversation;

import io.switchboard.platform.error.DomainException;

/** The conversation does not exist, or the caller may not touch it: the two are told apart to nobody. */
public class ConversationNotFound extends DomainException {

    public ConversationNotFound() {
        super(Kind.NOT_FOUND, "conversation_not_found", "There is no such conversation.");
    }
}
