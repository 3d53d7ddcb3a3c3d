package io.switchboard.federation;

import io.switchboard.auth.Caller;
import io.switchboard.protocol.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The allowed peer providers (docs/protocol.md §16); the owner and admins read and change them. */
@Path("/api/federation")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FederationSettingsResource {

    private static final String DOMAIN = "[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.)*[A-Za-z0-9-]{1,63}";

    private final Caller caller;
    private final FederationSettings settings;

    FederationSettingsResource(Caller caller, FederationSettings settings) {
        this.caller = caller;
        this.settings = settings;
    }

    public record PeerBody(@NotNull @Pattern(regexp = "https://[^\\s/?#]+") @Size(max = 300) String address,
                           @NotBlank @Size(max = 20_000) String trustPem, boolean enabled) {
    }

    @GET
    public FederationSettings.View view() {
        caller.requireRole(Role.ADMINS);
        return settings.view();
    }

    @PUT
    @Path("/peers/{domain}")
    public Peer putPeer(@PathParam("domain") @Pattern(regexp = DOMAIN) @Size(max = 253) String domain, @Valid @NotNull PeerBody body) {
        caller.requireRole(Role.ADMINS);
        return settings.putPeer(domain, body.address(), body.trustPem(), body.enabled());
    }

    @DELETE
    @Path("/peers/{domain}")
    public void deletePeer(@PathParam("domain") @Pattern(regexp = DOMAIN) @Size(max = 253) String domain) {
        caller.requireRole(Role.ADMINS);
        settings.deletePeer(domain);
    }
}
