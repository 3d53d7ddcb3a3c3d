package io.switchboard.setup;

import io.switchboard.platform.HumanText;
import io.switchboard.platform.ClientInfo;
import io.switchboard.auth.AuthResource;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.RateLimiter;
import io.switchboard.protocol.SignedDeviceList;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/account/setup")
public class SetupResource {

    private final SetupService setup;
    private final PublicUrl publicUrl;
    private final RateLimiter rateLimiter;

    SetupResource(SetupService setup, PublicUrl publicUrl, RateLimiter rateLimiter) {
        this.setup = setup;
        this.publicUrl = publicUrl;
        this.rateLimiter = rateLimiter;
    }

    public record SetupRequest(
            @NotBlank @Size(max = 64) String token,
            @NotBlank @Size(max = 16) String businessNumber,
            @NotBlank @Size(max = 80) @HumanText String displayName,
            @NotBlank @Size(max = 80) @HumanText String person,
            @NotBlank @Size(max = 80) @HumanText String label,
            @NotNull SignedDeviceList deviceList) {
    }

    @POST
    public Response setUp(@Valid @NotNull SetupRequest request, @Context HttpServerRequest http) {
        rateLimiter.check(RateLimiter.Purpose.SETUP, ClientInfo.address(http));
        String token = setup.setUp(new SetupService.SetupCommand(request.token(), request.businessNumber(),
                request.displayName().strip(), request.person().strip(), request.label().strip(), ClientInfo.browser(http),
                request.deviceList()));
        return Response.noContent().cookie(AuthResource.sessionCookie(publicUrl, token)).build();
    }
}
