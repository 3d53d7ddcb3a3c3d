package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;

/** An envelope the server will not store whatever the lists are: it is not this sender's to send, or not well formed. */
public final class EnvelopeRefused extends DomainException {

    public enum Reason {
        SENDER_MISMATCH(Kind.FORBIDDEN, "sender_mismatch", "The envelope names another device as its sender."),
        NOTES_ARE_INTERNAL(Kind.FORBIDDEN, "notes_are_internal", "Only the business's devices write private notes."),
        ENVELOPE_SIGNATURE_INVALID(Kind.INVALID, "envelope_signature_invalid", "The envelope's signature does not verify with the sender's key."),
        DEVICE_LIST_UNKNOWN(Kind.INVALID, "device_list_unknown", "The envelope names a device list version that does not exist."),
        WRAP_INVALID(Kind.INVALID, "wrap_invalid", "Every key wrap must be " + MessageService.WRAP_BYTES + " bytes."),
        SENT_AT_OUT_OF_RANGE(Kind.INVALID, "sent_at_out_of_range",
                "The envelope's sentAt is too far from the server's time (switchboard.messages.sent-at-skew); check the device's clock.");

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

    EnvelopeRefused(Reason reason) {
        super(reason.kind, reason.code, reason.message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
