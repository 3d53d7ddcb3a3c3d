package io.switchboard.linking;

import io.switchboard.platform.HumanText;
import io.switchboard.platform.ClientInfo;
import io.switchboard.auth.AuthResource;
import io.switchboard.platform.PublicUrl;
import io.switchboard.auth.Caller;
import io.switchboard.platform.RateLimiter;
import io.switchboard.protocol.SignedDeviceList;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/link/requests")
public class LinkResource {

    private final LinkService linking;
    private final Caller caller;
    private final PublicUrl publicUrl;
    private final RateLimiter rateLimiter;

    LinkResource(LinkService linking, Caller caller, PublicUrl publicUrl, RateLimiter rateLimiter) {
        this.linking = linking;
        this.caller = caller;
        this.publicUrl = publicUrl;
        this.rateLimiter = rateLimiter;
    }

    /**
     * {@code owner}: whose list the browser asks to join, {@code business} (the default) or {@code customer}; a
     * customer's request names the customer's phone number in {@code account}, for both methods.
     */
    public record OpenRequest(
            @NotNull @Pattern(regexp = "qr|code", message = "must be qr or code") String method,
            @Pattern(regexp = "business|customer", message = "must be business or customer") String owner,
            @Size(max = 16) String account,
            @NotBlank @Size(max = 80) @HumanText String person,
            @NotBlank @Size(max = 80) @HumanText String label,
            @NotBlank @Size(max = 43) String signingKey,
            @NotBlank @Size(max = 43) String agreementKey,
            @Size(max = 43) String salt,
            @Size(max = 64) String pake1) {
    }

    /** A new browser asks to be linked. Public, so rate-limited per client address. */
    @POST
    public LinkService.Created open(@Valid @NotNull OpenRequest request, @Context HttpServerRequest http) {
        rateLimiter.check(RateLimiter.Purpose.LINK_REQUEST, ClientInfo.address(http));
        return linking.open(new LinkService.NewRequest(request.method(), "customer".equals(request.owner()), request.account(), request.person().strip(),
                request.label().strip(), ClientInfo.browser(http), request.signingKey(), request.agreementKey(), request.salt(),
                request.pake1()));
    }

    /** For a primary, the business's or a customer's: the requests to join its own list. */
    @GET
    public List<LinkService.PendingRequest> pending() {
        return linking.pending(caller.require());
    }

    @GET
    @Path("/{ref}")
    public LinkService.PendingRequest get(@PathParam("ref") String ref) {
        return linking.get(caller.require(), ref);
    }

    public record PairingAnswer(@NotBlank @Size(max = 64) String pake2) {
    }

    @POST
    @Path("/{ref}/pake")
    public LinkService.PendingRequest answerPairing(@PathParam("ref") String ref, @Valid @NotNull PairingAnswer answer) {
        return linking.answerPairing(caller.require(), ref, answer.pake2());
    }

    public record PairingConfirmation(@NotBlank @Size(max = 64) String pake2, @NotBlank @Size(max = 43) String confirm) {
    }

    @POST
    @Path("/{ref}/confirm")
    public Response confirmPairing(@PathParam("ref") String ref, @Valid @NotNull PairingConfirmation confirmation) {
        linking.confirmPairing(ref, confirmation.pake2(), confirmation.confirm());
        return Response.noContent().build();
    }

    public record ApproveRequest(@NotBlank @Size(max = 16) String role, @NotNull SignedDeviceList deviceList,
                                 @NotBlank @Size(max = 43) String linkProof) {
    }

    @POST
    @Path("/{ref}/approve")
    public Response approve(@PathParam("ref") String ref, @Valid @NotNull ApproveRequest request) {
        linking.approve(caller.require(), ref, new LinkService.Approval(request.role(), request.deviceList(), request.linkProof()));
        return Response.noContent().build();
    }

    /** Why the owner refuses: declined (the default), or wrong-codes when the owner's tries with a pairing code ran out. */
    public record RefuseRequest(@Pattern(regexp = "declined|wrong-codes") String reason) {
    }

    @POST
    @Path("/{ref}/refuse")
    public Response refuse(@PathParam("ref") String ref, @Valid RefuseRequest request) {
        boolean wrongCodes = request != null && "wrong-codes".equals(request.reason());
        linking.refuse(caller.require(), ref, wrongCodes);
        return Response.noContent().build();
    }

    @GET
    @Path("/{ref}/status")
    public LinkService.Status status(@PathParam("ref") String ref) {
        return linking.status(ref);
    }

    public record CompleteRequest(@NotBlank @Size(max = 86) String deviceSignature, @NotBlank @Size(max = 86) String challengeSignature) {
    }

    @POST
    @Path("/{ref}/complete")
    public Response complete(@PathParam("ref") String ref, @Valid @NotNull CompleteRequest request) {
        String token = linking.complete(ref, request.deviceSignature(), request.challengeSignature());
        return Response.noContent().cookie(AuthResource.sessionCookie(publicUrl, token)).build();
    }
}
