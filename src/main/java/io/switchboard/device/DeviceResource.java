package io.switchboard.device;

import io.switchboard.auth.Caller;
import io.switchboard.platform.error.ValidationFailed;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

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

    /** The current list; {@code version} is refused rather than ignored, so no one mistakes the answer for an old version. */
    @GET
    @Path("/list")
    public SignedDeviceList currentList(@QueryParam("version") String version) {
        caller.requireBusiness();
        if (version != null) {
            throw new ValidationFailed(
                    "This is always the current list; fetch an old version from /api/devices/lists/{version}.");
        }
        return directory.currentList();
    }

    /** A stored version of the business's list, byte for byte as signed; customers verify business senders with it too. */
    @GET
    @Path("/lists/{version}")
    public String listVersion(@PathParam("version") long version) {
        return directory.storedList(caller.require(), Device.BUSINESS, version);
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
