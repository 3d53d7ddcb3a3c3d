package io.switchboard.auth;

import io.switchboard.platform.error.DomainException;

/** The device is signed in but is not the kind of device, or has not the role, that may do this. */
public final class NotPermitted extends DomainException {

    static final Refusal BUSINESS_DEVICE_REQUIRED = new Refusal(Kind.FORBIDDEN, "business_device_required",
            "Only the business's devices can do this.");
    public static final Refusal CUSTOMER_DEVICE_REQUIRED = new Refusal(Kind.FORBIDDEN, "customer_device_required", "This is for customers' browsers.");
    /** The primary of the caller's own list: the business's, or a customer's. */
    public static final Refusal PRIMARY_REQUIRED = new Refusal(Kind.FORBIDDEN, "primary_required", "Only the primary device can do this.");
    public static final Refusal ROLE_REQUIRED = new Refusal(Kind.FORBIDDEN, "role_required", "Your role does not allow this.");

    public NotPermitted(Refusal refusal) {
        super(refusal);
    }
}
