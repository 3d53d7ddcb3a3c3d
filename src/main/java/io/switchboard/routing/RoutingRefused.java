package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;

/**
 * A routing action that the caller's role, its hold on the conversation, or the conversation's status
 * does not allow ({@link RoutingPermissions} and {@link RoutingActions} decide which).
 */
public final class RoutingRefused extends DomainException {

    public enum Reason {
        SUPERVISOR_REQUIRED(Kind.FORBIDDEN, "role_required", "Only supervisors and admins can assign conversations to others."),
        NOT_IN_TEAM(Kind.FORBIDDEN, "not_in_team", "This conversation waits for another team."),
        /** Nobody has it: agents take it by claiming it. */
        CLAIM_IT_INSTEAD(Kind.FORBIDDEN, "not_your_conversation", "Claim it from the queue, or ask a supervisor to assign it."),
        HELD_BY_ANOTHER(Kind.FORBIDDEN, "not_your_conversation", "Another agent has this conversation; ask them or a supervisor."),
        NOT_OFFERED_TO_YOU(Kind.FORBIDDEN, "not_your_conversation", "Only the assigned agent can accept this conversation."),
        NOT_QUEUED(Kind.CONFLICT, "not_queued", "Only an open conversation waiting for an agent can be claimed; reopen it first."),
        NOT_ASSIGNED(Kind.CONFLICT, "not_assigned", "Nobody has this conversation."),
        ONLY_OPEN_CAN_PEND(Kind.CONFLICT, "invalid_transition", "Only an open conversation can wait on the customer."),
        RESOLVED_CANNOT_SNOOZE(Kind.CONFLICT, "invalid_transition", "A resolved conversation cannot be snoozed; reopen it first."),
        ALREADY_OPEN(Kind.CONFLICT, "invalid_transition", "The conversation is already open."),
        SNOOZE_OUT_OF_RANGE(Kind.INVALID, "snooze_invalid", "Snooze until a time in the future, at most 90 days ahead.");

        private final Kind kind;
        private final String code;
        private final String message;

        Reason(Kind kind, String code, String message) {
            this.kind = kind;
            this.code = code;
            this.message = message;
        }
    }

    private final Reason reason;

    RoutingRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
