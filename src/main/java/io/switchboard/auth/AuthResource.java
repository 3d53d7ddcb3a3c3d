package io.switchboard.auth;

import io.switchboard.platform.ClientInfo;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/auth")
public class AuthResource {

    private final AuthService auth;
    private final Caller caller;
    private final RateLimiter rateLimiter;
    private final PublicUrl publicUrl;

    AuthResource(AuthService auth, Caller caller, RateLimiter rateLimiter, PublicUrl publicUrl) {
        this.auth = auth;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
        this.publicUrl = publicUrl;
    }

    public record ChallengeRequest(@NotBlank @Size(max = 22) String deviceId) {
    }

    public record SignInRequest(@NotBlank @Size(max = 22) String deviceId, @NotBlank @Size(max = 43) String challenge,
                                @NotBlank @Size(max = 86) String signature) {
    }

    @POST
    @Path("/challenge")
    public AuthService.Challenge challenge(@Valid @jakarta.validation.constraints.NotNull ChallengeRequest request,
                                           @Context HttpServerRequest http) {
        rateLimiter.check(RateLimiter.Purpose.AUTH_CHALLENGE, ClientInfo.address(http));
        return auth.issueChallenge(request.deviceId());
    }

    @POST
    @Path("/session")
    public Response signIn(@Valid @jakarta.validation.constraints.NotNull SignInRequest request) {
        String token = auth.signIn(request.deviceId(), request.challenge(), request.signature());
        return Response.noContent().cookie(sessionCookie(publicUrl, token)).build();
    }

    @DELETE
    @Path("/session")
    public Response signOut() {
        auth.endSession(caller.sessionToken());
        return Response.noContent().cookie(expiredCookie(publicUrl)).build();
    }

    public static NewCookie sessionCookie(PublicUrl publicUrl, String token) {
        return new NewCookie.Builder(AuthService.COOKIE).value(token).path("/").httpOnly(true).secure(publicUrl.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private static NewCookie expiredCookie(PublicUrl publicUrl) {
        return new NewCookie.Builder(AuthService.COOKIE).value("").path("/").httpOnly(true).secure(publicUrl.secureCookies())
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
