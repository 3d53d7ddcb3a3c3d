package io.switchboard.device;

import io.switchboard.platform.error.DomainException;

/** The browser's key already belongs to a device here, active or logged out: a key joins one list, once. */
public final class DeviceAlreadyLinked extends DomainException {

    public enum Reason {
        LINKED("This browser is already linked."),
        LOGGED_OUT("This browser was logged out; clear its data to link it again."),
        /** A customer's first browser, whose key is a device already. */
        REGISTERED("This browser is already registered.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    public DeviceAlreadyLinked(Reason reason) {
        super(Kind.CONFLICT, "device_already_linked", reason.message);
    }
}
