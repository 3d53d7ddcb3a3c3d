package io.switchboard.audit;

/** What the audit trail records. The string form is stable: reports and exports depend on it. */
public enum AuditAction {
    ACCOUNT_SETUP("account.setup"),
    LINK_APPROVED("link.approved"),
    LINK_COMPLETED("link.completed"),
    LINK_REFUSED("link.refused"),
    DEVICE_REMOVED("device.removed"),
    DEVICE_AUTO_LOGOUT("device.auto-logout"),
    DEVICE_LIST_SIGNED("device-list.signed"),
    PASSKEY_ADDED("passkey.added"),
    PASSKEY_REMOVED("passkey.removed"),
    RECOVERY_STARTED("recovery.started"),
    RECOVERY_CANCELLED("recovery.cancelled"),
    RECOVERY_COMPLETED("recovery.completed"),
    ACCOUNT_RESET("account.reset"),
    SUPERVISION_SETTINGS_CHANGED("supervision-settings.changed"),
    /** A supervisor whispered to the assigned agent: who, to whom, where and the message's seq; never the text. */
    WHISPER("whisper"),
    TAKE_OVER("take-over"),
    REPORT_EXPORTED("report.exported");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
