package io.switchboard.account;

import io.switchboard.platform.error.DomainException;

/** The server serves no account yet: setup has not run. */
public final class AccountNotSetUp extends DomainException {

    public AccountNotSetUp() {
        super(Kind.CONFLICT, "account_not_set_up", "The account has not been set up yet.");
    }
}
