package io.switchboard.device;

import io.switchboard.platform.error.DomainException;

/** The browser's key already belongs to a device here, active or logged out: a key joins one list, once. */
public final class DeviceAlreadyLinked extends DomainException {

    public static final Refusal LINKED = new Refusal(Kind.CONFLICT, "device_already_linked", "This browser is already linked.");
    public static final Refusal LOGGED_OUT = new Refusal(Kind.CONFLICT, "device_already_linked",
            "This browser was logged out; clear its data to link it again.");
    /** A customer's first browser, whose key is a device already. */
    public static final Refusal REGISTERED = new Refusal(Kind.CONFLICT, "device_already_linked", "This browser is already registered.");

    public DeviceAlreadyLinked(Refusal refusal) {
        super(refusal);
    }
}
