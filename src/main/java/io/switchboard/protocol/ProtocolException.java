package io.switchboard.protocol;

/** Input that does not follow the protocol (docs/protocol.md): bad encoding, wrong length, value outside the signed subset. */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
