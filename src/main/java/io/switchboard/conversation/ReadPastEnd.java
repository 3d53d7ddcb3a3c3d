package io.switchboard.conversation;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** A read mark beyond the conversation's newest message: it would mark messages not yet written as read. */
public final class ReadPastEnd extends DomainException {

    private final long lastSeq;

    ReadPastEnd(long lastSeq) {
        super(Kind.INVALID, "read_past_end", "The read mark is beyond the conversation's newest message.");
        this.lastSeq = lastSeq;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("lastSeq", lastSeq);
    }
}
