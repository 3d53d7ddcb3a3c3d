package io.switchboard.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How an encrypted file leaves the server, whichever path serves it (a conversation's blob, a file fetched from
 * a peer provider for a room or a remote chat): opaque bytes that no cache keeps and no browser renders, sniffs
 * or runs as a page of this origin.
 */
public final class CiphertextDownload {

    private CiphertextDownload() {
    }

    /** {@code body} is the file (a {@link java.io.File} or the bytes). */
    public static Response of(Object body) {
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }
}
