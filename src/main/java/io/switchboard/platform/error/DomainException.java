package io.switchboard.platform.error;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A refusal decided by a service: what kind of refusal it is, a stable code, a sentence for people,
 * and the data a client needs to recover. Services say what went wrong; the HTTP status is chosen in
 * one place, {@link ApiExceptionMappers}.
 */
public abstract class DomainException extends RuntimeException {

    /** The kinds of refusal; each maps to one HTTP status. */
    public enum Kind {
        INVALID,
        /** Not signed in, or no longer: the client signs in again. */
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        GONE,
        TOO_LARGE,
        /** Too many attempts; always says when a retry can succeed. */
        RATE_LIMITED,
        UNAVAILABLE
    }

    /**
     * One of a feature's plain refusals, declared once as a constant of its exception class (such as
     * {@code SetupRefused.TOKEN_USED}) so that its code and sentence live in one place.
     */
    public record Refusal(Kind kind, String code, String message) {
    }

    /** The detail every rate limit carries, sent as the {@code Retry-After} header as well. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final Kind kind;
    private final String code;
    private final long retryAfterSeconds;

    protected DomainException(Kind kind, String code, String message) {
        super(message);
        if (kind == Kind.RATE_LIMITED) {
            throw new IllegalArgumentException("a rate limit must say when to retry: use the constructor with retryAfter");
        }
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = 0;
    }

    protected DomainException(Refusal refusal) {
        this(refusal.kind(), refusal.code(), refusal.message());
    }

    /** A {@link Kind#RATE_LIMITED} refusal that a retry passes after {@code retryAfter} (at least a second from now). */
    protected DomainException(String code, String message, Duration retryAfter) {
        super(message);
        this.kind = Kind.RATE_LIMITED;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** Seconds until a retry can succeed; only rate limits have it. */
    public OptionalLong retryAfterSeconds() {
        return kind == Kind.RATE_LIMITED ? OptionalLong.of(retryAfterSeconds) : OptionalLong.empty();
    }

    /** The data carried, as it goes into the error's {@code details} (with {@link #RETRY_AFTER_SECONDS} for a rate limit); none by default. */
    public Map<String, Object> details() {
        return Map.of();
    }
}
