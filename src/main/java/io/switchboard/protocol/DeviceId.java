package io.switchboard.protocol;

import java.util.Arrays;

/** Protocol §3: a device id is derived from the signing key, so an id can never point at somebody else's key. */
public final class DeviceId {

    private static final int ID_BYTES = 16;

    private DeviceId() {
    }

    /** {@code b64u(SHA-256("switchboard/device-id/v1" || 0x00 || signingKey)[0..16])}, 22 characters. */
    public static String of(byte[] signingKey) {
        Primitives.requireLength(signingKey, Primitives.KEY_SIZE, "signing key");
        byte[] digest = Primitives.sha256(Labels.labelled(Labels.DEVICE_ID, signingKey));
        return B64u.encode(Arrays.copyOf(digest, ID_BYTES));
    }
}
