package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why an agent stopped having a conversation. The set is the one the {@code assignment.end_reason}
 * check constraint holds (V8__assignment_facts.sql).
 */
public enum EndReason {

    /** The offer was not accepted in time; the conversation waits in line again, offered to somebody else first. */
    OFFER_TIMEOUT,
    /** The agent stayed disconnected past the grace period; the conversation waits in line again. */
    GRACE_EXPIRED,
    /** A supervisor gave it to another agent. */
    REASSIGNED,
    /** A supervisor took it over (V16 adds it to the check constraint). */
    TAKEN_OVER,
    /** Its holder handed it to another agent or team. */
    TRANSFERRED,
    /** Given back to the queue. */
    UNASSIGNED,
    RESOLVED,
    SNOOZED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EndReason fromWire(String wire) {
        for (EndReason reason : values()) {
            if (reason.wire().equals(wire)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("not an end reason: " + wire);
    }
}
