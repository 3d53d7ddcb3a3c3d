package io.switchboard.supervision;

import io.switchboard.platform.error.DomainException;

/** Supervision's refusals; the HTTP status follows the kind (platform.error.ApiExceptionMappers). */
public final class SupervisionRefused extends DomainException {

    static final Refusal OUT_OF_SCOPE = new Refusal(Kind.FORBIDDEN, "team_out_of_scope", "You supervise other teams.");
    static final Refusal TEAM_NOT_FOUND = new Refusal(Kind.NOT_FOUND, "team_not_found", "There is no such team.");

    SupervisionRefused(Refusal refusal) {
        super(refusal);
    }
}
