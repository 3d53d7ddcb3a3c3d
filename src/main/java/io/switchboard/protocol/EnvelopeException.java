package io.switchboard.protocol;

import java.util.Arrays;

/** A message refused on receipt (protocol §13.2); {@link #reason()} is one of the stable codes of §11. */
public final class EnvelopeException extends ProtocolException {

    /** In the order the receiving checks run; the first that applies is reported. */
    public enum Reason {
        MALFORMED("malformed"),
        BAD_SIGNATURE("bad-signature"),
        NOT_A_RECIPIENT("not-a-recipient"),
        BAD_WRAP("bad-wrap"),
        BAD_CIPHERTEXT("bad-ciphertext");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Reason fromCode(String code) {
            return Arrays.stream(values())
                    .filter(reason -> reason.code.equals(code))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown envelope reason: " + code));
        }
    }

    private final Reason reason;

    public EnvelopeException(Reason reason, String message) {
        super(reason.code() + ": " + message);
        this.reason = reason;
    }

    public EnvelopeException(Reason reason, String message, Throwable cause) {
        super(reason.code() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
