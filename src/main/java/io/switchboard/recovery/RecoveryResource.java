package io.switchboard.recovery;

import io.switchboard.auth.AuthResource;
import io.switchboard.auth.Caller;
import io.switchboard.platform.ClientInfo;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.RateLimiter;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.SignedDeviceList;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Recovery of the account when its primary is lost (protocol §7.2, §7.3). */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/recovery")
public class RecoveryResource {

    private final RecoveryService recovery;
    private final AccountReset reset;
    private final Caller caller;
    private final PublicUrl publicUrl;
    private final RateLimiter rateLimiter;

    RecoveryResource(RecoveryService recovery, AccountReset reset, Caller caller, PublicUrl publicUrl, RateLimiter rateLimiter) {
        this.recovery = recovery;
        this.reset = reset;
        this.caller = caller;
        this.publicUrl = publicUrl;
        this.rateLimiter = rateLimiter;
    }

    @GET
    public RecoveryService.RecoveryStatus status() {
        return recovery.status();
    }

    public record EnableRequest(@NotNull SignedDeviceList deviceList, @NotBlank @Size(max = 80) String wrappedKey) {
    }

    @PUT
    public Response enable(@Valid @NotNull EnableRequest request) {
        recovery.enable(caller.requirePrimary(), request.deviceList(), request.wrappedKey());
        return Response.noContent().build();
    }

    public record BackupAdminRequest(@NotNull SignedDeviceList deviceList, @NotBlank @Size(max = 120) String wrappedKey) {
    }

    /** The primary names a backup admin and hands it the authority key, wrapped to its agreement key (§7.2). */
    @PUT
    @Path("/backup-admin")
    public Response markBackupAdmin(@Valid @NotNull BackupAdminRequest request) {
        recovery.markBackupAdmin(caller.requirePrimary(), request.deviceList(), request.wrappedKey());
        return Response.noContent().build();
    }

    @GET
    @Path("/backup-admin")
    public RecoveryService.BackupWrap backupWrap() {
        return recovery.backupWrap(caller.requireBusiness());
    }

    /** The backup admin's own claim (§7.3): signed in as itself, it names itself the new primary. */
    @POST
    @Path("/backup-claims")
    public RecoveryService.RecoveryView startAsBackupAdmin(@NotNull RecoveryClaim.Signed claim, @Context HttpServerRequest http) {
        return recovery.startAsBackupAdmin(caller.requireBusiness(), claim, ClientInfo.browser(http));
    }

    @POST
    @Path("/claims")
    public RecoveryService.RecoveryView start(@NotNull RecoveryClaim.Signed claim, @Context HttpServerRequest http) {
        return recovery.start(claim, ClientInfo.browser(http));
    }

    @GET
    @Path("/claims/{id}")
    public RecoveryService.RecoveryView get(@PathParam("id") String id) {
        return recovery.get(id);
    }

    @POST
    @Path("/claims/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        recovery.cancel(caller.requireBusiness(), id);
        return Response.noContent().build();
    }

    public record CompleteRequest(@NotNull SignedDeviceList deviceList) {
    }

    @POST
    @Path("/claims/{id}/complete")
    public Response complete(@PathParam("id") String id, @Valid @NotNull CompleteRequest request) {
        recovery.complete(id, request.deviceList());
        return Response.noContent().build();
    }

    public record ResetRequest(@NotBlank @Size(max = 64) String token, @NotNull SignedDeviceList deviceList) {
    }

    /** The new primary after an operator reset (§7.4): the reset link's token and the first list of the new trust root. */
    @POST
    @Path("/reset")
    public Response completeReset(@Valid @NotNull ResetRequest request, @Context HttpServerRequest http) {
        rateLimiter.check(RateLimiter.Purpose.SETUP, ClientInfo.address(http));
        String session = reset.complete(request.token(), request.deviceList(), ClientInfo.browser(http));
        return Response.noContent().cookie(AuthResource.sessionCookie(publicUrl, session)).build();
    }
}
