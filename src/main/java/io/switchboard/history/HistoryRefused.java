package io.switchboard.history;

import io.switchboard.platform.error.DomainException;

/** Key wraps passed on for another device that the server will not store. */
public final class HistoryRefused extends DomainException {

    public enum Reason {
        /** No active device of the caller's own side: another side's device looks the same as none. */
        DEVICE_NOT_FOUND(Kind.NOT_FOUND, "device_not_found", "There is no such linked device of yours."),
        WRAP_INVALID(Kind.INVALID, "wrap_invalid", "Every key wrap must be " + HistoryService.WRAP_BYTES + " bytes.");

        private final Kind kind;
        private final String code;
        private final String message;

        Reason(Kind kind, String code, String message) {
            this.kind = kind;
            this.code = code;
            this.message = message;
        }
    }

    private final Reason reason;

    HistoryRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
