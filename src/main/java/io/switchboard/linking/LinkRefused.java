package io.switchboard.linking;

import io.switchboard.platform.error.DomainException;

/** A step of linking that the link request, or what the request asks for, does not allow. */
public final class LinkRefused extends DomainException {

    public enum Reason {
        /** No such request, or another owner's: the two look the same. */
        NOT_FOUND(Kind.NOT_FOUND, "link_request_not_found", "There is no such link request."),
        ACCOUNT_NOT_FOUND(Kind.NOT_FOUND, "account_not_found", "No account with this business number is served here."),
        EXPIRED(Kind.GONE, "link_request_expired", "This link request has expired; start again."),
        /** The same, said to the primary: only the new device can start again. */
        EXPIRED_ON_NEW_DEVICE(Kind.GONE, "link_request_expired", "This link request has expired; start again on the new device."),
        NOT_APPROVED(Kind.CONFLICT, "link_request_not_approved", "This link request has not been approved."),
        ALREADY_USED(Kind.CONFLICT, "link_request_not_approved", "This link request was already used."),
        NOT_A_PAIRING_REQUEST(Kind.INVALID, "not_a_pairing_request", "This request was made with a QR code, not a pairing code."),
        PAIRING_SUPERSEDED(Kind.CONFLICT, "pairing_superseded", "The primary started a new attempt; use its latest answer."),
        PAIRING_UNCONFIRMED(Kind.CONFLICT, "pairing_unconfirmed", "The new device has not confirmed the pairing code yet."),
        BUSINESS_ROLE_INVALID(Kind.INVALID, "role_invalid", "The role must be agent, supervisor or admin."),
        CUSTOMER_ROLE_INVALID(Kind.INVALID, "role_invalid", "A customer's browser is linked as member.");

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

    LinkRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
