package io.switchboard.federation;

import io.switchboard.platform.error.DomainException;

/** Refusals of third-party chats, to peers and to the business's own devices. */
public final class FederationRefused extends DomainException {

    /**
     * The one answer for no such user, a user who did not opt in, a provider that is off or unknown, a
     * certificate that does not prove the domain and a consent that is missing or revoked: a peer cannot
     * tell them apart, so numbers cannot be probed.
     */
    public static final Refusal NOT_FOUND = new Refusal(Kind.NOT_FOUND, "not_found", "This user was not found.");
    public static final Refusal UNSUPPORTED_FIELD = new Refusal(Kind.INVALID, "unsupported_field",
            "Only a search by phone number (searchType \"phone\", E.164) is supported.");
    public static final Refusal WRONG_HOST = new Refusal(Kind.INVALID, "wrong_host",
            "The request does not name this provider's domain in Host, or its From is not mimi@<domain>.");
    public static final Refusal INVALID_CONSENT = new Refusal(Kind.INVALID, "invalid_consent",
            "The consent operation does not fit this endpoint, or its users are not on the right providers.");
    public static final Refusal NOT_ENABLED = new Refusal(Kind.UNAVAILABLE, "federation_not_configured",
            "Third-party chats need switchboard.federation.domain, certificate-file and key-file.");
    public static final Refusal INVALID_TRUST = new Refusal(Kind.INVALID, "invalid_trust",
            "The trust is not PEM text holding at least one X.509 certificate.");
    public static final Refusal DEVICE_LIST_REQUIRED = new Refusal(Kind.INVALID, "device_list_required",
            "The first message of a user needs their signed device list in deviceList.");
    public static final Refusal SENDER_NOT_LISTED = new Refusal(Kind.INVALID, "sender_not_listed",
            "The envelope's sender is not a device of the user's signed device list.");
    public static final Refusal MESSAGES_GO_TO_SUBMIT = new Refusal(Kind.INVALID, "unsupported_notification",
            "The business's provider takes only receipts as notifications; a user's messages are submitted (submitMessage).");
    public static final Refusal ENVELOPE_INVALID = new Refusal(Kind.INVALID, "envelope_invalid",
            "The envelope is not one of this device in the chat's room, signed by it and wrapped for every device of the customer's list.");
    public static final Refusal MESSAGE_INCOMPLETE = new Refusal(Kind.INVALID, "message_incomplete",
            "A message notification needs its seq and its envelope.");
    public static final Refusal PEER_NOT_FOUND = new Refusal(Kind.NOT_FOUND, "peer_not_found", "No peer provider has this domain.");

    FederationRefused(Refusal refusal) {
        super(refusal);
    }
}
