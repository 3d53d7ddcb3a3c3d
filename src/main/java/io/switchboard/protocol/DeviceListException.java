package io.switchboard.protocol;

import java.util.Arrays;

/** A device list refused by {@link DeviceListVerifier}; {@link #reason()} is one of the stable codes of protocol §11. */
public final class DeviceListException extends ProtocolException {

    public enum Reason {
        MALFORMED("malformed"),
        WRONG_ACCOUNT("wrong-account"),
        WRONG_PRIMARY_KEY("wrong-primary-key"),
        BAD_SIGNATURE("bad-signature"),
        STALE_VERSION("stale-version"),
        EXPIRED("expired"),
        MISSING_DEVICE_SIGNATURE("missing-device-signature"),
        BAD_DEVICE_SIGNATURE("bad-device-signature"),
        WRONG_DEVICE_ID("wrong-device-id"),
        UNEXPECTED_DEVICE_SIGNATURE("unexpected-device-signature"),
        BAD_RECOVERY_CLAIM("bad-recovery-claim");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Reason fromCode(String code) {
            return Arrays.stream(values())
                    .filter(reason -> reason.code.equals(code))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown device list reason: " + code));
        }
    }

    private final Reason reason;

    public DeviceListException(Reason reason, String message) {
        super(reason.code() + ": " + message);
        this.reason = reason;
    }

    public DeviceListException(Reason reason, String message, Throwable cause) {
        super(reason.code() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
