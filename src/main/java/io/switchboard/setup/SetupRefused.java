package io.switchboard.setup;

import io.switchboard.platform.error.DomainException;

/** Setup cannot run: the account exists already, the setup link is not good, or the business number is malformed. */
public final class SetupRefused extends DomainException {

    static final Refusal ALREADY_SET_UP = new Refusal(Kind.CONFLICT, "already_set_up", "The account is already set up.");
    static final Refusal TOKEN_INVALID = new Refusal(Kind.FORBIDDEN, "setup_token_invalid", "This setup link is not valid.");
    static final Refusal TOKEN_USED = new Refusal(Kind.GONE, "setup_token_used", "This setup link was already used.");
    static final Refusal TOKEN_EXPIRED = new Refusal(Kind.GONE, "setup_token_expired",
            "This setup link has expired; restart the server for a new one.");
    static final Refusal BUSINESS_NUMBER_INVALID = new Refusal(Kind.INVALID, "business_number_invalid",
            "The business number must be in international format, like +4915112345678.");

    SetupRefused(Refusal refusal) {
        super(refusal);
    }
}
