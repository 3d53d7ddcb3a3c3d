package io.switchboard.passkey;

import io.switchboard.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The owner's passkeys and their approvals; only the business's primary device uses them. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/passkeys")
public class PasskeyResource {

    private final PasskeyService passkeys;
    private final Caller caller;

    PasskeyResource(PasskeyService passkeys, Caller caller) {
        this.passkeys = passkeys;
        this.caller = caller;
    }

    @GET
    public PasskeyService.Passkeys list() {
        return passkeys.list(caller.requirePrimary());
    }

    @POST
    @Path("/registrations")
    public PasskeyService.RegistrationOptions registrationOptions() {
        return passkeys.registrationOptions(caller.requirePrimary());
    }

    public record RegisterRequest(@NotBlank @Size(max = 64) String challenge, @NotBlank @Size(max = 4096) String clientDataJSON,
                                  @NotBlank @Size(max = 16384) String attestationObject, @NotBlank @Size(max = 80) String name) {
    }

    @POST
    public PasskeyService.PasskeyView register(@Valid @NotNull RegisterRequest request) {
        return passkeys.register(caller.requirePrimary(), new PasskeyService.Registration(request.challenge(),
                request.clientDataJSON(), request.attestationObject(), request.name()));
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        passkeys.remove(caller.requirePrimary(), id);
        return Response.noContent().build();
    }

    public record ChallengeRequest(@NotBlank @Size(max = 20) String change, @NotBlank @Size(max = 1400) String subject) {
    }

    @POST
    @Path("/challenges")
    public PasskeyService.ApprovalChallenge challenge(@Valid @NotNull ChallengeRequest request) {
        return passkeys.approvalChallenge(caller.requirePrimary(), request.change(), request.subject());
    }

    public record AssertionRequest(@NotBlank @Size(max = 64) String challenge, @NotBlank @Size(max = 1400) String credentialId,
                                   @NotBlank @Size(max = 4096) String clientDataJSON, @NotBlank @Size(max = 4096) String authenticatorData,
                                   @NotBlank @Size(max = 2048) String signature) {
    }

    @POST
    @Path("/assertions")
    public Response answer(@Valid @NotNull AssertionRequest request) {
        passkeys.answer(caller.requirePrimary(), new PasskeyService.Assertion(request.challenge(), request.credentialId(),
                request.clientDataJSON(), request.authenticatorData(), request.signature()));
        return Response.noContent().build();
    }
}
