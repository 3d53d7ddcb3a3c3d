package io.switchboard.blobs;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.web.CiphertextDownload;
import io.switchboard.platform.error.ApiExceptionMappers;
import io.switchboard.platform.error.AttachmentTooLarge;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code POST /api/blobs?conversation=} (body: the encrypted blob) and {@code GET /api/blobs/{id}}. The
 * body is streamed to disk, not held in memory; {@code platform.error.BodySizeLimit} exempts this path
 * from the 64 KiB API limit and refuses a stated length above the blob limit before reading.
 */
@Path("/api/blobs")
public class BlobResource {

    private final BlobService blobs;
    private final Caller caller;

    BlobResource(BlobService blobs, Caller caller) {
        this.blobs = blobs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@QueryParam("conversation") String conversation, InputStream body) {
        AuthenticatedDevice device = caller.require();
        if (conversation == null || conversation.isEmpty()) {
            throw UploadRefused.conversationRequired();
        }
        try {
            return Response.status(201).entity(blobs.upload(device, conversation, body)).build();
        } catch (AttachmentTooLarge e) {
            // The rest of the body is not read: end the connection rather than leave it half-consumed.
            return ApiExceptionMappers.answer(e).header("Connection", "close").build();
        }
    }

    @GET
    @Path("/{id}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("id") String id) {
        java.nio.file.Path file = blobs.open(caller.require(), id);
        return CiphertextDownload.of(file.toFile());
    }
}
