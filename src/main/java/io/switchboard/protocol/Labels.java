package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/** Domain-separation labels (protocol §9); every signature, MAC and derivation uses exactly one. */
public final class Labels {

    public static final String DEVICE_ID = "switchboard/device-id/v1";
    public static final String FINGERPRINT = "switchboard/fingerprint/v1";
    public static final String DEVICE_LIST = "switchboard/device-list/v1";
    public static final String DEVICE_ENTRY = "switchboard/device-entry/v1";
    public static final String AUTH = "switchboard/auth/v1";
    public static final String LINK_PROOF = "switchboard/link-proof/v1";
    public static final String PAIRING = "switchboard/pairing/v1";
    public static final String PAIRING_CONFIRM = "switchboard/pairing-confirm/v1";
    public static final String MESSAGE_CONTENT = "switchboard/message-content/v1";
    public static final String KEY_WRAP = "switchboard/key-wrap/v1";
    public static final String ENVELOPE = "switchboard/envelope/v1";
    public static final String BLOB = "switchboard/blob/v1";
    public static final String PASSKEY_APPROVAL = "switchboard/passkey-approval/v1";
    public static final String RECOVERY_KEY = "switchboard/recovery-key/v1";
    public static final String RECOVERY_WRAP = "switchboard/recovery-wrap/v1";
    public static final String RECOVERY_CLAIM = "switchboard/recovery-claim/v1";
    public static final String BACKUP_ADMIN_WRAP = "switchboard/backup-admin-wrap/v1";

    private Labels() {
    }

    /** {@code "<label>" || 0x00 || payload}: the zero byte keeps one label from being extended into another. */
    public static byte[] labelled(String label, byte[]... payload) {
        byte[] prefix = label.getBytes(StandardCharsets.UTF_8);
        int length = prefix.length + 1;
        for (byte[] part : payload) {
            length += part.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int offset = prefix.length + 1;
        for (byte[] part : payload) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
