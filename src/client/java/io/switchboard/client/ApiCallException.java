package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The server refused a call; {@code code} is the stable error code of docs/protocol.md §8. */
public class ApiCallException extends RuntimeException {

    private final int status;
    private final String code;
    private final JsonNode details;

    public ApiCallException(int status, String code, String message, JsonNode details) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonNode details() {
        return details;
    }
}
