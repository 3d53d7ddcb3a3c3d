package io.switchboard.federation;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** MIMI's {@code reportAbuse} for peer providers (docs/interop.md §4.10); only on the peer listener, like {@link MimiResource}. */
@Path("/v1/reportAbuse")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MimiAbuseResource {

    private final AbuseReports reports;
    private final FederationListener listener;

    MimiAbuseResource(AbuseReports reports, FederationListener listener) {
        this.reports = reports;
        this.listener = listener;
    }

    @POST
    @Path("/{roomId}")
    @Operation(hidden = true)
    public Response reportAbuse(@Context HttpServerRequest request, @PathParam("roomId") String roomId,
                                @Valid @NotNull AbuseReports.PeerReport report) {
        reports.fromPeer(MimiResource.peer(request, listener.port()), roomId, report);
        return Response.status(201).build();
    }
}
