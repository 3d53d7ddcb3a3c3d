package io.switchboard.federation;

import io.switchboard.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An agent starts a chat with a number at a peer provider (docs/protocol.md §16). */
@Path("/api/federation/chats")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ThirdPartyChatResource {

    private final Caller caller;
    private final ThirdPartyChats chats;

    ThirdPartyChatResource(Caller caller, ThirdPartyChats chats) {
        this.caller = caller;
        this.chats = chats;
    }

    public record NewChat(@NotNull @Size(max = 253) String domain, @NotNull @Pattern(regexp = "\\+[1-9][0-9]{7,14}") String phone) {
    }

    @POST
    public Response start(@Valid @NotNull NewChat body) {
        caller.requireBusiness();
        return Response.status(202).entity(chats.start(body.domain(), body.phone())).build();
    }
}
