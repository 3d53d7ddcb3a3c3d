package io.switchboard.history;

import io.switchboard.platform.error.DomainException;
import io.switchboard.protocol.ContentKey;

/** Key wraps passed on for another device that the server will not store. */
public final class HistoryRefused extends DomainException {

    /** No active device of the caller's own side: another side's device looks the same as none. */
    static final Refusal DEVICE_NOT_FOUND = new Refusal(Kind.NOT_FOUND, "device_not_found", "There is no such linked device of yours.");
    static final Refusal WRAP_INVALID = new Refusal(Kind.INVALID, "wrap_invalid",
            "Every key wrap must be " + ContentKey.WRAP_SIZE + " bytes.");

    HistoryRefused(Refusal refusal) {
        super(refusal);
    }
}
