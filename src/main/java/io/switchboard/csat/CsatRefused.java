package io.switchboard.csat;

import io.switchboard.platform.error.DomainException;

/** A rating the conversation's state does not allow. */
public final class CsatRefused extends DomainException {

    static final Refusal NOT_RESOLVED = new Refusal(Kind.CONFLICT, "csat_not_asked",
            "A rating is asked once the conversation is resolved.");
    static final Refusal ALREADY_RATED = new Refusal(Kind.CONFLICT, "csat_already_rated",
            "This resolution has been rated already.");

    CsatRefused(Refusal refusal) {
        super(refusal);
    }
}
