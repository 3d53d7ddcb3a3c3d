package io.switchboard.device;

import io.switchboard.auth.Caller;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/devices")
public class DeviceResource {

    private final DeviceDirectory directory;
    private final Caller caller;

    DeviceResource(DeviceDirectory directory, Caller caller) {
        this.directory = directory;
        this.caller = caller;
    }

    @GET
    public DeviceDirectory.DevicesView devices() {
        return directory.view(caller.requireBusiness());
    }

    @GET
    @Path("/list")
    public SignedDeviceList currentList() {
        caller.requireBusiness();
        return directory.currentList();
    }

    /** A companion logs itself out (this browser forgets its keys itself). */
    @DELETE
    @Path("/me")
    public Response logOutSelf() {
        directory.logOutSelf(caller.requireBusiness());
        return Response.noContent().build();
    }

    /** The primary publishes a new signed list: to log devices out, change a companion's role, or renew the signature. */
    @PUT
    @Path("/list")
    public SignedDeviceList publish(@NotNull SignedDeviceList signed) {
        return directory.publish(caller.requirePrimary(), signed);
    }
}
