package io.switchboard.federation;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** MIMI's {@code proxyDownload} for peer providers (docs/interop.md §4.7); only on the peer listener, like {@link MimiResource}. */
@Path("/v1/proxyDownload")
public class MimiDownloadResource {

    private final ThirdPartyRooms rooms;
    private final FederationListener listener;

    MimiDownloadResource(ThirdPartyRooms rooms, FederationListener listener) {
        this.rooms = rooms;
        this.listener = listener;
    }

    /** {@code downloadUrl} is the asset URL, percent-encoded as one path segment. */
    @GET
    @Path("/{downloadUrl: .+}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(hidden = true)
    public Response proxyDownload(@Context HttpServerRequest request, @PathParam("downloadUrl") String downloadUrl) {
        java.nio.file.Path file = rooms.forPeer(MimiResource.peer(request, listener.port()), downloadUrl);
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE).header("Cache-Control", "no-store").build();
    }
}
