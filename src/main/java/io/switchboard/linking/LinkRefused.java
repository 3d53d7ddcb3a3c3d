package io.switchboard.linking;

import io.switchboard.platform.error.DomainException;

/** A step of linking that the link request, or what the request asks for, does not allow. */
public final class LinkRefused extends DomainException {

    /** No such request, or another owner's: the two look the same. */
    static final Refusal NOT_FOUND = new Refusal(Kind.NOT_FOUND, "link_request_not_found", "There is no such link request.");
    static final Refusal ACCOUNT_NOT_FOUND = new Refusal(Kind.NOT_FOUND, "account_not_found",
            "No account with this business number is served here.");
    static final Refusal EXPIRED = new Refusal(Kind.GONE, "link_request_expired", "This link request has expired; start again.");
    /** The same, said to the primary: only the new device can start again. */
    static final Refusal EXPIRED_ON_NEW_DEVICE = new Refusal(Kind.GONE, "link_request_expired",
            "This link request has expired; start again on the new device.");
    static final Refusal NOT_APPROVED = new Refusal(Kind.CONFLICT, "link_request_not_approved", "This link request has not been approved.");
    static final Refusal ALREADY_USED = new Refusal(Kind.CONFLICT, "link_request_not_approved", "This link request was already used.");
    static final Refusal NOT_A_PAIRING_REQUEST = new Refusal(Kind.INVALID, "not_a_pairing_request",
            "This request was made with a QR code, not a pairing code.");
    static final Refusal PAIRING_SUPERSEDED = new Refusal(Kind.CONFLICT, "pairing_superseded",
            "The primary started a new attempt; use its latest answer.");
    static final Refusal PAIRING_UNCONFIRMED = new Refusal(Kind.CONFLICT, "pairing_unconfirmed",
            "The new device has not confirmed the pairing code yet.");
    static final Refusal BUSINESS_ROLE_INVALID = new Refusal(Kind.INVALID, "role_invalid", "The role must be agent, supervisor or admin.");
    static final Refusal CUSTOMER_ROLE_INVALID = new Refusal(Kind.INVALID, "role_invalid", "A customer's browser is linked as member.");

    LinkRefused(Refusal refusal) {
        super(refusal);
    }
}
