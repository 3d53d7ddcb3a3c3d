package io.switchboard.csat;

import io.switchboard.auth.Caller;
import io.switchboard.platform.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A conversation's satisfaction rating (docs/protocol.md §13.6). */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class CsatResource {

    private static final String ID = Ids.PATTERN;

    private final Caller caller;
    private final CsatService csat;

    CsatResource(Caller caller, CsatService csat) {
        this.caller = caller;
        this.csat = csat;
    }

    @GET
    @Path("/{id}/csat")
    public CsatService.Csat read(@PathParam("id") @Pattern(regexp = ID) String id) {
        return csat.read(caller.require(), id);
    }

    public record Rating(@Min(1) @Max(5) int rating) {
    }

    @POST
    @Path("/{id}/csat")
    public CsatService.Csat rate(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Rating body) {
        return csat.rate(caller.require(), id, body.rating());
    }
}
