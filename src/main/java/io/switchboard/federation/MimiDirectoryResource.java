package io.switchboard.federation;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** MIMI's directory (docs/interop.md §4.1), for peers on the {@link FederationListener} only. */
@Path(FederationListener.DIRECTORY_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class MimiDirectoryResource {

    private final FederationService federation;
    private final FederationListener listener;

    MimiDirectoryResource(FederationService federation, FederationListener listener) {
        this.federation = federation;
        this.listener = listener;
    }

    @GET
    @Operation(hidden = true)
    public Map<String, String> directory(@Context HttpServerRequest request) {
        MimiResource.peer(request, listener.port());
        return federation.directory(listener.port());
    }
}
