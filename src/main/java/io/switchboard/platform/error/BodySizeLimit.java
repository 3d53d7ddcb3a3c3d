package io.switchboard.platform.error;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses API bodies above the limit before they are read, with the usual JSON error: 64 KiB for
 * JSON, {@code switchboard.blobs.max-bytes} for blob uploads ({@code /api/blobs} and a remote chat's
 * {@code /api/federation/remote-chats/{id}/blobs}, which stream their body to disk
 * and count it again, for bodies sent without a length). The HTTP server's own limit
 * ({@code quarkus.http.limits.max-body-size}, set to the blob limit) stays as a backstop for
 * everything else.
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long MAX_API_BODY_BYTES = 64 * 1024;
    public static final String BLOBS_PATH = "/api/blobs";
    private static final java.util.regex.Pattern REMOTE_CHAT_BLOBS = java.util.regex.Pattern.compile("/api/federation/remote-chats/[^/]+/blobs");
    private static final java.util.Set<HttpMethod> HAS_BODY = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

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
                        refuse(context, ApiExceptionMappers.error(new AttachmentTooLarge(maxBlobBytes)));
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
        // length with its own (blob-sized) limit for the stream that reads it. A blob upload is counted by
        // BlobStore, which answers with the JSON error; a chunked JSON body is read here, up to 64 KiB.
        filters.register(context -> {
            String path = context.normalizedPath();
            if (context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH) == null && path.startsWith("/api/")) {
                if (isBlobs(path)) {
                    context.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
                } else if (!context.request().isEnded() && HAS_BODY.contains(context.request().method())) {
                    readJsonWithoutLength(context);
                    return;
                }
            }
            context.next();
        }, 1);
    }

    /**
     * Reads a JSON body sent without a length (chunked, or over HTTP/2), refusing it with the JSON 413 (and closing the connection,
     * since the rest of the body is not read) once it passes 64 KiB. The REST layer then takes the body
     * read here instead of the stream.
     */
    private static void readJsonWithoutLength(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_API_BODY_BYTES) {
                refused[0] = true;
                if (request.version() != HttpVersion.HTTP_2) {
                    // The rest of the body is never read, so the connection cannot carry another request.
                    context.response().putHeader(HttpHeaderNames.CONNECTION, "close");
                    context.addEndHandler(ended -> request.connection().close());
                }
                refuse(context, new ApiError("payload_too_large",
                        "The request body is larger than " + MAX_API_BODY_BYTES / 1024 + " KiB.", Map.of("limit", MAX_API_BODY_BYTES)));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    public static boolean isBlobs(String path) {
        return path.equals(BLOBS_PATH) || path.startsWith(BLOBS_PATH + "/") || REMOTE_CHAT_BLOBS.matcher(path).matches();
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
