package io.switchboard.platform.error;

import java.time.Duration;
import java.util.Map;

/** A refusal with an HTTP status, a stable code and a human message. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** The detail every 429 carries, sent as the {@code Retry-After} header as well. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        if (status == 429 && !(details.get(RETRY_AFTER_SECONDS) instanceof Long)) {
            throw new IllegalArgumentException("a 429 must say when to retry: use tooManyRequests");
        }
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException gone(String code, String message) {
        return new ApiException(410, code, message);
    }

    /** A 429 that tells when a retry can succeed (at least one second from now). */
    public static ApiException tooManyRequests(String code, String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(429, code, message, Map.of(RETRY_AFTER_SECONDS, seconds));
    }

    /** Seconds until a retry can succeed, for the {@code Retry-After} header; only 429s have it. */
    public java.util.OptionalLong retryAfterSeconds() {
        return details.get(RETRY_AFTER_SECONDS) instanceof Long seconds ? java.util.OptionalLong.of(seconds) : java.util.OptionalLong.empty();
    }

    public int status() {
        return status;
    }

    public ApiError toError() {
        return new ApiError(code, getMessage(), details);
    }
}
