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
    /** A peer provider was added, changed or removed, or the third-party folder setting changed. */
    THIRD_PARTY_SETTINGS_CHANGED("third-party-settings.changed"),
    /** An abuse report in a third-party room, by the peer's user or by the business; with its note, never message text. */
    THIRD_PARTY_ABUSE_REPORTED("third-party.abuse-reported"),
    /** A supervisor whispered to the assigned agent: who, to whom, where and the message's seq; never the text. */
    WHISPER("whisper"),
    TAKE_OVER("take-over"),
    REPORT_EXPORTED("report.exported"),
    /** The owner's signed device list gave a device another role. */
    ROLE_CHANGED("role.changed"),
    /** A person (not the router) gave a conversation to an agent, or an agent claimed it. */
    CONVERSATION_ASSIGNED("conversation.assigned"),
    /** A person moved a conversation to another agent or team. */
    CONVERSATION_TRANSFERRED("conversation.transferred"),
    AUDIT_EXPORTED("audit.exported");

    private final String code;

    /** The action with this code. */
    public static java.util.Optional<AuditAction> fromCode(String code) {
        return java.util.Arrays.stream(values()).filter(action -> action.code.equals(code)).findFirst();
    }

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
