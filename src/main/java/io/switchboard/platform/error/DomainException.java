package io.switchboard.platform.error;

import java.util.Map;

/**
 * A refusal decided by a service: what kind of refusal it is, a stable code, a sentence for people,
 * and the data a client needs to recover. Services say what went wrong; the HTTP status is chosen in
 * one place, {@link ApiExceptionMappers}.
 */
public abstract class DomainException extends RuntimeException {

    /** The kinds of refusal; each maps to one HTTP status. */
    public enum Kind {
        INVALID,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        GONE,
        TOO_LARGE,
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    protected DomainException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The data carried, as it goes into the error's {@code details}; none by default. */
    public Map<String, Object> details() {
        return Map.of();
    }
}
