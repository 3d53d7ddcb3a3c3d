package io.switchboard.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/** What anyone may know about the account, before signing in. */
@ApplicationScoped
@Transactional(TxType.SUPPORTS)
public class AccountService {

    /** Public facts a page needs before it has a session: whether the account exists, and its number. */
    public record AccountInfo(boolean setUp, String businessNumber, String displayName) {
    }

    public AccountInfo info() {
        return Account.current().map(a -> new AccountInfo(true, a.businessNumber, a.displayName))
                .orElse(new AccountInfo(false, null, null));
    }
}
