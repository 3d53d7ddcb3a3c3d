package io.switchboard.supervision;

import io.switchboard.auth.Caller;
import io.switchboard.platform.Ids;
import io.switchboard.protocol.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Supervision's HTTP edge (docs/protocol.md §15): the live board and the settings per team. Supervisors read within their scope; admins write. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/supervision")
public class SupervisionResource {

    private static final String ID = Ids.PATTERN;

    private final Caller caller;
    private final SupervisionSettingsService settings;
    private final BoardService board;

    SupervisionResource(Caller caller, SupervisionSettingsService settings, BoardService board) {
        this.caller = caller;
        this.settings = settings;
        this.board = board;
    }

    /** The live board of the caller's scope, or of one team in it. */
    @GET
    @Path("/board")
    public Board board(@QueryParam("team") @Pattern(regexp = ID) String teamId) {
        return board.board(caller.requireBusiness(), teamId);
    }

    @GET
    @Path("/settings/default")
    public SupervisionSettings defaults() {
        return settings.defaults(caller.requireBusiness());
    }

    @PUT
    @Path("/settings/default")
    public SupervisionSettings putDefaults(@Valid @NotNull SupervisionSettings body) {
        return settings.putDefaults(caller.requireRole(Role.ADMINS), body);
    }

    @GET
    @Path("/settings/teams/{teamId}")
    public SupervisionSettingsService.TeamSettings team(@PathParam("teamId") @Pattern(regexp = ID) String teamId) {
        return settings.team(caller.requireBusiness(), teamId);
    }

    @PUT
    @Path("/settings/teams/{teamId}")
    public SupervisionSettingsService.TeamSettings putTeam(@PathParam("teamId") @Pattern(regexp = ID) String teamId,
                                                           @Valid @NotNull SupervisionSettings body) {
        return settings.putTeam(caller.requireRole(Role.ADMINS), teamId, body);
    }

    @DELETE
    @Path("/settings/teams/{teamId}")
    public SupervisionSettingsService.TeamSettings deleteTeam(@PathParam("teamId") @Pattern(regexp = ID) String teamId) {
        return settings.deleteTeam(caller.requireRole(Role.ADMINS), teamId);
    }
}
