package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;

/**
 * A routing action that the caller's role, its hold on the conversation, or the conversation's status
 * does not allow ({@link RoutingPermissions} and {@link RoutingActions} decide which).
 */
public final class RoutingRefused extends DomainException {

    static final Refusal SUPERVISOR_REQUIRED = new Refusal(Kind.FORBIDDEN, "role_required",
            "Only supervisors and admins can assign conversations to others.");
    static final Refusal NOT_IN_TEAM = new Refusal(Kind.FORBIDDEN, "not_in_team", "This conversation waits for another team.");
    /** Nobody has it: agents take it by claiming it. */
    static final Refusal CLAIM_IT_INSTEAD = new Refusal(Kind.FORBIDDEN, "not_your_conversation",
            "Claim it from the queue, or ask a supervisor to assign it.");
    static final Refusal HELD_BY_ANOTHER = new Refusal(Kind.FORBIDDEN, "not_your_conversation",
            "Another agent has this conversation; ask them or a supervisor.");
    static final Refusal NOT_OFFERED_TO_YOU = new Refusal(Kind.FORBIDDEN, "not_your_conversation",
            "Only the assigned agent can accept this conversation.");
    static final Refusal NOT_QUEUED = new Refusal(Kind.CONFLICT, "not_queued",
            "Only an open conversation waiting for an agent can be claimed; reopen it first.");
    static final Refusal NOT_ASSIGNED = new Refusal(Kind.CONFLICT, "not_assigned", "Nobody has this conversation.");
    static final Refusal ONLY_OPEN_CAN_PEND = new Refusal(Kind.CONFLICT, "invalid_transition",
            "Only an open conversation can wait on the customer.");
    static final Refusal RESOLVED_CANNOT_SNOOZE = new Refusal(Kind.CONFLICT, "invalid_transition",
            "A resolved conversation cannot be snoozed; reopen it first.");
    static final Refusal NOT_ON_THE_FLOOR = new Refusal(Kind.CONFLICT, "invalid_transition",
            "Only an open or pending conversation can be taken over; reopen it first.");
    static final Refusal ALREADY_OPEN = new Refusal(Kind.CONFLICT, "invalid_transition", "The conversation is already open.");
    static final Refusal SNOOZE_OUT_OF_RANGE = new Refusal(Kind.INVALID, "snooze_invalid",
            "Snooze until a time in the future, at most 90 days ahead.");

    RoutingRefused(Refusal refusal) {
        super(refusal);
    }
}
