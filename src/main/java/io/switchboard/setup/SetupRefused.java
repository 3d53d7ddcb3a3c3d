package io.switchboard.setup;

import io.switchboard.platform.error.DomainException;

/** Setup cannot run: the account exists already, the setup link is not good, or the business number is malformed. */
public final class SetupRefused extends DomainException {

    public enum Reason {
        ALREADY_SET_UP(Kind.CONFLICT, "already_set_up", "The account is already set up."),
        TOKEN_INVALID(Kind.FORBIDDEN, "setup_token_invalid", "This setup link is not valid."),
        TOKEN_USED(Kind.GONE, "setup_token_used", "This setup link was already used."),
        TOKEN_EXPIRED(Kind.GONE, "setup_token_expired", "This setup link has expired; restart the server for a new one."),
        BUSINESS_NUMBER_INVALID(Kind.INVALID, "business_number_invalid",
                "The business number must be in international format, like +4915112345678.");

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

    SetupRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
