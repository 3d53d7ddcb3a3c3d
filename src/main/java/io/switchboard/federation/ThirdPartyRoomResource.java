package io.switchboard.federation;

import io.switchboard.web.CiphertextDownload;
import io.switchboard.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A third-party room for the business's browsers, and its attachments fetched from the peer (docs/protocol.md §16). */
@Path("/api/federation/rooms/{roomId}")
public class ThirdPartyRoomResource {

    private final Caller caller;
    private final ThirdPartyRooms rooms;
    private final AbuseReports abuse;

    ThirdPartyRoomResource(Caller caller, ThirdPartyRooms rooms, AbuseReports abuse) {
        this.caller = caller;
        this.rooms = rooms;
        this.abuse = abuse;
    }

    /** A business device reports the room's user for abuse; recorded in the audit trail (the business's provider is the hub). */
    @POST
    @Path("/abuse-reports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reportAbuse(@PathParam("roomId") String roomId, @Valid @NotNull AbuseReports.BusinessReport report) {
        abuse.fromBusiness(caller.requireBusiness(), roomId, report);
        return Response.status(201).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ThirdPartyRooms.Room room(@PathParam("roomId") String roomId) {
        return rooms.room(caller.requireBusiness(), roomId);
    }

    /** The encrypted file at a URL of the peer, fetched by this provider: the peer never sees the reader's address. */
    @GET
    @Path("/download")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("roomId") String roomId, @QueryParam("url") @NotNull @Size(max = 2048) String url) {
        byte[] bytes = rooms.download(caller.requireBusiness(), roomId, url);
        return CiphertextDownload.of(bytes);
    }
}
