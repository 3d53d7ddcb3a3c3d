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

    /** {@code folder}: {@code main} or {@code separate}. */
    public record FolderBody(@NotNull @Pattern(regexp = "main|separate") String folder) {
    }

    /** Where the inbox shows third-party chats, for every business device. */
    public record FolderView(ThirdPartyFolder folder) {
    }

    @GET
    @Path("/folder")
    public FolderView folder() {
        caller.requireBusiness();
        return new FolderView(settings.folder());
    }

    @PUT
    @Path("/folder")
    public FolderView setFolder(@Valid @NotNull FolderBody body) {
        String actor = caller.requireRole(Role.ADMINS).deviceId();
        return new FolderView(settings.setFolder(actor, ThirdPartyFolder.fromCode(body.folder()).orElseThrow()));
    }

    @GET
    public FederationSettings.View view() {
        caller.requireRole(Role.ADMINS);
        return settings.view();
    }

    @PUT
    @Path("/peers/{domain}")
    public Peer putPeer(@PathParam("domain") @Pattern(regexp = DOMAIN) @Size(max = 253) String domain, @Valid @NotNull PeerBody body) {
        String actor = caller.requireRole(Role.ADMINS).deviceId();
        return settings.putPeer(actor, domain, body.address(), body.trustPem(), body.enabled());
    }

    @DELETE
    @Path("/peers/{domain}")
    public void deletePeer(@PathParam("domain") @Pattern(regexp = DOMAIN) @Size(max = 253) String domain) {
        String actor = caller.requireRole(Role.ADMINS).deviceId();
        settings.deletePeer(actor, domain);
    }
}
