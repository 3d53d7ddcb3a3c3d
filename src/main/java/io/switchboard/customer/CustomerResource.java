package io.switchboard.customer;

import io.switchboard.device.DeviceDirectory;
import io.switchboard.platform.HumanText;
import io.switchboard.platform.ClientInfo;
import io.switchboard.auth.AuthResource;
import io.switchboard.auth.Caller;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.RateLimiter;
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

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/customers")
public class CustomerResource {

    private final CustomerService customers;
    private final Caller caller;
    private final RateLimiter rateLimiter;
    private final PublicUrl publicUrl;
    private final DeviceDirectory directory;

    CustomerResource(CustomerService customers, Caller caller, RateLimiter rateLimiter, PublicUrl publicUrl, DeviceDirectory directory) {
        this.directory = directory;
        this.customers = customers;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
        this.publicUrl = publicUrl;
    }

    public record VerificationRequest(@NotBlank @Size(max = 16) String phone, @NotBlank @Size(max = 80) @HumanText String name) {
    }

    @POST
    @Path("/verifications")
    public CustomerService.Started startVerification(@Valid @NotNull VerificationRequest request, @Context HttpServerRequest http) {
        String address = ClientInfo.address(http);
        rateLimiter.check(RateLimiter.Purpose.PHONE_VERIFICATION, address);
        return customers.startVerification(request.phone().strip(), request.name().strip(), address);
    }

    /** A stored version of a customer's list, byte for byte as signed: for the business and that customer's own devices. */
    @GET
    @Path("/{id}/lists/{version}")
    public String listVersion(@PathParam("id") String id, @PathParam("version") long version) {
        return directory.storedList(caller.require(), id, version);
    }

    public record RegistrationRequest(@NotBlank @Size(max = 12) String code, @NotNull SignedDeviceList deviceList) {
    }

    @POST
    @Path("/verifications/{id}/confirm")
    public Response register(@PathParam("id") String id, @Valid @NotNull RegistrationRequest request, @Context HttpServerRequest http) {
        String token = customers.register(id, new CustomerService.Registration(request.code(), ClientInfo.browser(http), request.deviceList()));
        return Response.noContent().cookie(AuthResource.sessionCookie(publicUrl, token)).build();
    }

    /** The customer's primary publishes a new signed list of its browsers: to log browsers out, or renew the signature. */
    @PUT
    @Path("/me/list")
    public SignedDeviceList publishList(@NotNull SignedDeviceList signed) {
        return customers.publishList(caller.require(), signed);
    }

    @GET
    @Path("/me")
    public CustomerService.Me me() {
        return customers.me(caller.requireCustomer().owner());
    }
}
