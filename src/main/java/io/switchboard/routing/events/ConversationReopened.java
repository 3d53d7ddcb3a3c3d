package io.switchboard.routing.events;

/**
 * A pending, snoozed or resolved conversation is open again. It waits in line, except a pending one
 * whose agent still has it. {@code byDeviceId} is set when an agent reopened it.
 */
public record ConversationReopened(String conversationId, Cause cause, String byDeviceId) implements ConversationEvent {

    public enum Cause {
        CUSTOMER_WROTE,
        SNOOZE_ENDED,
        REOPENED_BY_AGENT
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
