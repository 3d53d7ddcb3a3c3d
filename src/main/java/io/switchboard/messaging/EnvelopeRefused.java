package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;
import io.switchboard.protocol.ContentKey;

/** An envelope the server will not store whatever the lists are: it is not this sender's to send, or not well formed. */
public final class EnvelopeRefused extends DomainException {

    static final Refusal SENDER_MISMATCH = new Refusal(Kind.FORBIDDEN, "sender_mismatch", "The envelope names another device as its sender.");
    static final Refusal NOTES_ARE_INTERNAL = new Refusal(Kind.FORBIDDEN, "notes_are_internal",
            "Only the business's devices write private notes and whispers.");
    static final Refusal FEEDBACK_IS_THE_CUSTOMERS = new Refusal(Kind.FORBIDDEN, "feedback_is_the_customers",
            "Only the customer's devices send feedback on a conversation.");
    static final Refusal ENVELOPE_SIGNATURE_INVALID = new Refusal(Kind.INVALID, "envelope_signature_invalid",
            "The envelope's signature does not verify with the sender's key.");
    static final Refusal DEVICE_LIST_UNKNOWN = new Refusal(Kind.INVALID, "device_list_unknown",
            "The envelope names a device list version that does not exist.");
    static final Refusal WRAP_INVALID = new Refusal(Kind.INVALID, "wrap_invalid", "Every key wrap must be " + ContentKey.WRAP_SIZE + " bytes.");
    static final Refusal SENT_AT_OUT_OF_RANGE = new Refusal(Kind.INVALID, "sent_at_out_of_range",
            "The envelope's sentAt is too far from the server's time (switchboard.messages.sent-at-skew); check the device's clock.");

    EnvelopeRefused(Refusal refusal) {
        super(refusal);
    }
}
