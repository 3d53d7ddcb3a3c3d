package io.switchboard.federation;

import io.switchboard.web.CiphertextDownload;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Caller;
import io.switchboard.platform.error.ApiExceptionMappers;
import io.switchboard.platform.error.AttachmentTooLarge;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** A customer's chats with businesses at peer providers (docs/protocol.md §16.1); customer devices only. */
@Path("/api/federation/remote-chats")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RemoteChatResource {

    private final Caller caller;
    private final RemoteChats remoteChats;
    private final RemoteChatService service;

    RemoteChatResource(Caller caller, RemoteChats remoteChats, RemoteChatService service) {
        this.caller = caller;
        this.remoteChats = remoteChats;
        this.service = service;
    }

    public record NewRemoteChat(@NotNull @Size(max = 253) String domain, @NotNull @Pattern(regexp = "\\+[1-9][0-9]{7,14}") String phone) {
    }

    public record Message(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{43}") String messageId, @NotNull JsonNode envelope) {
    }

    public record Receipt(@PositiveOrZero long deliveredSeq, @PositiveOrZero long readSeq) {
    }

    @POST
    public Response start(@Valid @NotNull NewRemoteChat body) {
        return Response.status(202).entity(remoteChats.start(caller.requireCustomer(), body.domain(), body.phone())).build();
    }

    @GET
    public List<RemoteChatService.Chat> list() {
        return service.list(caller.requireCustomer());
    }

    @GET
    @Path("/{id}")
    public RemoteChats.Detail get(@PathParam("id") String id) {
        return remoteChats.detail(caller.requireCustomer(), id);
    }

    @DELETE
    @Path("/{id}")
    public void revoke(@PathParam("id") String id) {
        service.revoke(caller.requireCustomer(), id);
    }

    @POST
    @Path("/{id}/messages")
    public Response send(@PathParam("id") String id, @Valid @NotNull Message body) {
        RemoteChatService.Sent sent = service.send(caller.requireCustomer(), id, body.messageId(), body.envelope());
        return Response.status(sent.duplicate() ? 200 : 202).entity(sent).build();
    }

    @GET
    @Path("/{id}/messages")
    public Map<String, Object> messages(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") long after) {
        return Map.of("messages", service.messages(caller.requireCustomer(), id, after));
    }

    /** A file of the business's, fetched by this provider from the business's provider (docs/interop.md §4.7). */
    @GET
    @Path("/{id}/download")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("id") String id, @QueryParam("url") @NotNull @Size(max = 2048) String url) {
        byte[] bytes = remoteChats.download(caller.requireCustomer(), id, url);
        return CiphertextDownload.of(bytes);
    }

    /**
     * A file the customer sends next (the encrypted blob, as {@code POST /api/blobs}): streamed to disk, with the blob
     * limits and answers of {@code /api/blobs} ({@code platform.error.BodySizeLimit} exempts this path from the 64 KiB limit).
     */
    @POST
    @Path("/{id}/blobs")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response upload(@PathParam("id") String id, InputStream body) {
        try {
            return Response.status(201).entity(remoteChats.upload(caller.requireCustomer(), id, body)).build();
        } catch (AttachmentTooLarge e) {
            // The rest of the body is not read: end the connection rather than leave it half-consumed.
            return ApiExceptionMappers.answer(e).header("Connection", "close").build();
        }
    }

    @POST
    @Path("/{id}/receipts")
    public void receipt(@PathParam("id") String id, @Valid @NotNull Receipt body) {
        service.receipt(caller.requireCustomer(), id, body.deliveredSeq(), body.readSeq());
    }
}
