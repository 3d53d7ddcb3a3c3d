package io.switchboard.device;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** A well-signed list whose entries are not the change the request allows; names the first device that differs. */
public final class DeviceListMismatch extends DomainException {

    /** Publishing a list may drop devices or change a companion's role, nothing else. */
    static final Refusal NOT_DROPS_OR_ROLES = mismatch("The list may only drop devices or change a companion's role, not add or change them.");
    static final Refusal ROLE_NOT_GRANTABLE = mismatch("A companion's role can be agent, supervisor or admin; the primary stays owner.");
    static final Refusal LOGGED_OUT_DEVICE_LISTED = mismatch("A logged-out device is still on the list.");
    /** Only the recovery settings change the list's recoveryKey (§7.2); every other change keeps it. */
    static final Refusal RECOVERY_KEY_CHANGED = mismatch("The list must keep its recoveryKey; recovery is turned on or off in its own settings.");
    /** Turning recovery on or rotating its key changes the recoveryKey and nothing else. */
    static final Refusal NOT_ONLY_RECOVERY_KEY = mismatch("The list may only change its recoveryKey: the devices stay exactly as they are.");
    /** Only the backup admin settings name a backup admin (§7.2): other lists keep it or drop it. */
    static final Refusal BACKUP_ADMIN_CHANGED = mismatch("The list must keep its backupAdmin or drop it; a backup admin is named in the recovery settings.");
    /** Naming a backup admin changes backupAdmin and nothing else. */
    static final Refusal NOT_ONLY_BACKUP_ADMIN = mismatch("The list may only name another backupAdmin: the devices and the recoveryKey stay as they are.");
    /** A new recovery key comes without a backup admin: the old one's wrap is of the old authority key. */
    static final Refusal BACKUP_ADMIN_WITH_NEW_KEY = mismatch("A list with a new recoveryKey names no backupAdmin; name one again for the new key.");
    /** Approving a link adds the new device and changes nothing else. */
    public static final Refusal NOT_CURRENT_PLUS_LINKED = mismatch("The new list must be the current devices plus exactly the device being linked.");

    /** A third-party user's new list keeps each remaining device's keys (docs/interop.md §4.5). */
    public static final Refusal KEPT_DEVICE_CHANGED = mismatch("A device that stays on the list keeps its keys.");

    private final String deviceId;

    public DeviceListMismatch(Refusal refusal, String deviceId) {
        super(refusal);
        this.deviceId = deviceId;
    }

    private static Refusal mismatch(String message) {
        return new Refusal(Kind.CONFLICT, "device_list_mismatch", message);
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("deviceId", deviceId);
    }
}
