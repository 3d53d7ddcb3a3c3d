package io.switchboard.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a conversation stands, and which way it may move. The set is the one the
 * {@code conversation.status} check constraint holds (V5__routing.sql); the transitions are the ones
 * routing's actions make.
 */
public enum ConversationStatus {

    /** Being handled, or waiting in line for an agent. */
    OPEN,
    /** Waiting on the customer; their next message opens it again. */
    PENDING,
    /** Put aside until a time; then it opens again. */
    SNOOZED,
    /** Done; the customer's next message opens it again. */
    RESOLVED;

    /**
     * Whether a conversation in this status may change to {@code next}. Staying is not a change: an
     * action that may repeat (resolving, snoozing to another time) says so where it is taken.
     */
    public boolean canBecome(ConversationStatus next) {
        return successors().contains(next);
    }

    private Set<ConversationStatus> successors() {
        return switch (this) {
            case OPEN -> EnumSet.of(PENDING, SNOOZED, RESOLVED);
            case PENDING -> EnumSet.of(OPEN, SNOOZED, RESOLVED);
            case SNOOZED -> EnumSet.of(OPEN, RESOLVED);
            case RESOLVED -> EnumSet.of(OPEN);
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConversationStatus fromWire(String wire) {
        for (ConversationStatus status : values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not a conversation status: " + wire);
    }
}
