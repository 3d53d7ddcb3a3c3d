package io.switchboard.messaging;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The ciphertext is over the configured limit; long content travels as an attachment. */
public final class MessageTooLarge extends DomainException {

    private final long limit;

    MessageTooLarge(long limit) {
        super(Kind.TOO_LARGE, "message_too_large",
                "The message is larger than " + limit / 1024 + " KiB; send long content as an attachment.");
        this.limit = limit;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("limit", limit);
    }
}
