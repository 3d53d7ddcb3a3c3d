package io.switchboard.recovery;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** A recovery step that does not fit the recovery's state (protocol §7.3). */
public final class RecoveryRefused extends DomainException {

    static final Refusal NOT_ENABLED = new Refusal(Kind.CONFLICT, "recovery_not_enabled",
            "Recovery by recovery key is not turned on for this account.");
    static final Refusal ALREADY_PENDING = new Refusal(Kind.CONFLICT, "recovery_pending",
            "A recovery is pending already; it must be cancelled or completed first.");
    static final Refusal NOT_FOUND = new Refusal(Kind.NOT_FOUND, "recovery_not_found", "There is no such recovery.");
    static final Refusal NOT_PENDING = new Refusal(Kind.CONFLICT, "recovery_not_pending",
            "This recovery is no longer pending: it was cancelled, completed or voided.");
    static final Refusal VETO_RUNNING = new Refusal(Kind.CONFLICT, "recovery_veto_running",
            "The veto window of this recovery has not ended yet.");
    static final Refusal TAKEOVER_MISMATCH = new Refusal(Kind.CONFLICT, "device_list_mismatch",
            "The takeover list must hold exactly the new primary the claim names, and keep the claim's recovery key.");
    static final Refusal WRAP_INVALID = new Refusal(Kind.INVALID, "recovery_wrap_invalid",
            "The wrapped authority key must be b64u of 60 bytes.");

    static final Refusal BACKUP_WRAP_INVALID = new Refusal(Kind.INVALID, "recovery_wrap_invalid",
            "The authority key wrapped for the backup admin must be b64u of 80 bytes.");
    static final Refusal BACKUP_ADMIN_REQUIRED = new Refusal(Kind.FORBIDDEN, "backup_admin_required",
            "Only the device the list names as backup admin can do this.");
    static final Refusal NOT_OWN_ENTRY = new Refusal(Kind.INVALID, "recovery_claim_not_own",
            "A backup admin's claim names the backup admin itself, with its own keys, as the new primary.");

    static final Refusal RESET_TOKEN_INVALID = new Refusal(Kind.FORBIDDEN, "reset_token_invalid", "This reset link is not valid.");
    static final Refusal RESET_TOKEN_USED = new Refusal(Kind.GONE, "reset_token_used", "This reset link was used already.");
    static final Refusal RESET_TOKEN_EXPIRED = new Refusal(Kind.GONE, "reset_token_expired",
            "This reset link has expired; the operator can make a new one.");
    static final Refusal NOT_RESET = new Refusal(Kind.CONFLICT, "account_not_reset",
            "The account has a primary device; only an operator reset makes room for a new one.");
    static final Refusal RESET_CONFIRMATION = new Refusal(Kind.INVALID, "reset_not_confirmed",
            "Name the business number to confirm the reset.");
    static final Refusal RESET_LIST_INVALID = new Refusal(Kind.INVALID, "device_list_invalid",
            "The first list after a reset holds only this browser as primary, without a recovery key, as the next version.");

    private final Map<String, Object> details;

    RecoveryRefused(Refusal refusal) {
        this(refusal, Map.of());
    }

    RecoveryRefused(Refusal refusal, Map<String, Object> details) {
        super(refusal);
        this.details = details;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }
}
