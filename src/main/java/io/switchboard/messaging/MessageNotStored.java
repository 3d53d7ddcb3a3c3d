package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;

/** The message could not be stored now (shutting down, or the writer did not answer); sending again is safe. */
public final class MessageNotStored extends DomainException {

    MessageNotStored(String message) {
        super(Kind.UNAVAILABLE, "unavailable", message);
    }
}
