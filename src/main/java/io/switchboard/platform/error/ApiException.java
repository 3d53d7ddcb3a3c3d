package io.switchboard.platform.error;

import java.util.Map;

/** A refusal with an HTTP status, a stable code and a human message. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
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

    public static ApiException tooManyRequests(String code, String message) {
        return new ApiException(429, code, message);
    }

    public int status() {
        return status;
    }

    public ApiError toError() {
        return new ApiError(code, getMessage(), details);
    }
}
