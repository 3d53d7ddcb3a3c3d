package io.switchboard.platform.error;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses API bodies above the limit before they are read, with the usual JSON error. The HTTP
 * server's own limit ({@code quarkus.http.limits.max-body-size}) stays as a backstop for bodies
 * sent without a length.
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long MAX_API_BODY_BYTES = 64 * 1024;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
            if (context.request().path().startsWith("/api/") && length != null && exceeds(length)) {
                ApiError error = new ApiError("payload_too_large",
                        "The request body is larger than " + MAX_API_BODY_BYTES / 1024 + " KiB.", Map.of("limit", MAX_API_BODY_BYTES));
                context.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(Json.encode(error));
                return;
            }
            context.next();
        }, 100);
    }

    private static boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_API_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
