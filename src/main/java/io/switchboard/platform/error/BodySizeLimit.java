package io.switchboard.platform.error;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses API bodies above the limit before they are read, with the usual JSON error: 64 KiB for
 * JSON, {@code switchboard.blobs.max-bytes} for {@code /api/blobs} (which streams its body to disk
 * and counts it again, for bodies sent without a length). The HTTP server's own limit
 * ({@code quarkus.http.limits.max-body-size}, set to the blob limit) stays as a backstop for
 * everything else.
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long MAX_API_BODY_BYTES = 64 * 1024;
    public static final String BLOBS_PATH = "/api/blobs";

    private final long maxBlobBytes;

    BodySizeLimit(SwitchboardConfig config) {
        this.maxBlobBytes = config.blobs().maxBytes();
    }

    void register(@Observes Filters filters) {
        // Priority 100 = route order -100: before the HTTP server's own limit (order -2).
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
            String path = context.normalizedPath();
            if (length != null && path.startsWith("/api/")) {
                if (isBlobs(path)) {
                    if (exceeds(length, maxBlobBytes)) {
                        refuse(context, attachmentTooLarge(maxBlobBytes).toError());
                        return;
                    }
                } else if (exceeds(length, MAX_API_BODY_BYTES)) {
                    refuse(context, new ApiError("payload_too_large",
                            "The request body is larger than " + MAX_API_BODY_BYTES / 1024 + " KiB.", Map.of("limit", MAX_API_BODY_BYTES)));
                    return;
                }
            }
            context.next();
        }, 100);
        // Priority 1 = route order -1: after the HTTP server's limit, which marks a body sent without a
        // length with its own (blob-sized) limit for the stream that reads it. JSON keeps 64 KiB; a blob
        // upload is counted by BlobStore, which answers with the JSON error.
        filters.register(context -> {
            String path = context.normalizedPath();
            if (context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH) == null && path.startsWith("/api/")) {
                if (isBlobs(path)) {
                    context.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
                } else {
                    context.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, MAX_API_BODY_BYTES);
                }
            }
            context.next();
        }, 1);
    }

    /** {@code 413 attachment_too_large}, here and when an upload without a stated length turns out too long. */
    public static ApiException attachmentTooLarge(long limit) {
        return new ApiException(413, "attachment_too_large", "The attachment is larger than the server accepts ("
                + describe(limit) + " encrypted).", Map.of("limit", limit));
    }

    private static String describe(long bytes) {
        long mib = 1024 * 1024;
        return bytes % mib == 0 ? bytes / mib + " MiB" : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    public static boolean isBlobs(String path) {
        return path.equals(BLOBS_PATH) || path.startsWith(BLOBS_PATH + "/");
    }

    private static void refuse(RoutingContext context, ApiError error) {
        context.response().setStatusCode(413).putHeader("Content-Type", "application/json").end(Json.encode(error));
    }

    private static boolean exceeds(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
