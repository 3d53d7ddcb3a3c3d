package io.switchboard.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The one body of every 4xx/5xx answer: a stable machine code and a sentence for people. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, Map<String, Object> details) {

    public ApiError {
        if (code == null || code.isBlank() || message == null || message.isBlank()) {
            throw new IllegalArgumentException("an API error needs a code and a message");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
