package io.switchboard.auth;

import io.switchboard.platform.error.DomainException;

/** The device is signed in but is not the kind of device, or has not the role, that may do this. */
public final class NotPermitted extends DomainException {

    public enum Reason {
        BUSINESS_DEVICE_REQUIRED("business_device_required", "Only the business's devices can do this."),
        CUSTOMER_DEVICE_REQUIRED("customer_device_required", "This is for customers' browsers."),
        /** The primary of the caller's own list: the business's, or a customer's. */
        PRIMARY_REQUIRED("primary_required", "Only the primary device can do this."),
        ROLE_REQUIRED("role_required", "Your role does not allow this.");

        private final String code;
        private final String message;

        Reason(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private final Reason reason;

    public NotPermitted(Reason reason) {
        super(Kind.FORBIDDEN, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
