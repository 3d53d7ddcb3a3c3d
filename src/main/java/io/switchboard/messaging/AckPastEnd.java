package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/**
 * An acknowledgement beyond the newest message the device was sent: it would move the cursor past
 * messages not yet written, and the device would never receive them.
 */
public final class AckPastEnd extends DomainException {

    private final long lastSeq;

    AckPastEnd(long lastSeq) {
        super(Kind.INVALID, "ack_past_end", "The acknowledgement is beyond the newest message sent to this device.");
        this.lastSeq = lastSeq;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("lastSeq", lastSeq);
    }
}
