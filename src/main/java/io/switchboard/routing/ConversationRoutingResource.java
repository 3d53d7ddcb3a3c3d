package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.platform.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Conversations' routing state and what agents and supervisors do with them (docs/protocol.md §14.3). */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class ConversationRoutingResource {

    static final String ID = "[A-Za-z0-9_-]{1,22}";

    private final Caller caller;
    private final RoutingService routing;

    ConversationRoutingResource(Caller caller, RoutingService routing) {
        this.caller = caller;
        this.routing = routing;
    }

    /** Every conversation, most recent message first. */
    @GET
    public List<ConversationState> list() {
        caller.requireBusiness();
        return routing.all();
    }

    @GET
    @Path("/{id}/routing")
    public ConversationState state(@PathParam("id") @Pattern(regexp = ID) String id) {
        caller.requireBusiness();
        return routing.view(id);
    }

    @GET
    @Path("/{id}/assignments")
    public List<RoutingService.AssignmentRecord> assignments(@PathParam("id") @Pattern(regexp = ID) String id) {
        caller.requireBusiness();
        return routing.history(id);
    }

    @POST
    @Path("/{id}/claim")
    public ConversationState claim(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.claim(caller.requireBusiness(), id);
    }

    public record AssignTo(@NotNull @Pattern(regexp = ID) String deviceId) {
    }

    @POST
    @Path("/{id}/assign")
    public ConversationState assign(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull AssignTo body) {
        return routing.assign(caller.requireBusiness(), id, body.deviceId());
    }

    public record Transfer(@Pattern(regexp = ID) String deviceId, @Pattern(regexp = ID) String teamId) {
    }

    @POST
    @Path("/{id}/transfer")
    public ConversationState transfer(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Transfer body) {
        AuthenticatedDevice device = caller.requireBusiness();
        if ((body.deviceId() == null) == (body.teamId() == null)) {
            throw ApiException.badRequest("validation_failed", "Transfer to either an agent (deviceId) or a team (teamId).");
        }
        return body.deviceId() != null ? routing.transferToAgent(device, id, body.deviceId()) : routing.transferToTeam(device, id, body.teamId());
    }

    @POST
    @Path("/{id}/unassign")
    public ConversationState unassign(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.unassign(caller.requireBusiness(), id);
    }

    @POST
    @Path("/{id}/resolve")
    public ConversationState resolve(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.resolve(caller.requireBusiness(), id);
    }

    @POST
    @Path("/{id}/pending")
    public ConversationState pending(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.pending(caller.requireBusiness(), id);
    }

    public record Snooze(@NotNull Instant until) {
    }

    @POST
    @Path("/{id}/snooze")
    public ConversationState snooze(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Snooze body) {
        return routing.snooze(caller.requireBusiness(), id, body.until());
    }

    @POST
    @Path("/{id}/reopen")
    public ConversationState reopen(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.reopen(caller.requireBusiness(), id);
    }

    @POST
    @Path("/{id}/accept")
    public ConversationState accept(@PathParam("id") @Pattern(regexp = ID) String id) {
        return routing.accept(caller.requireBusiness(), id);
    }

    public record Labels(@NotNull @Size(max = 10) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}") String> labels) {
    }

    @PUT
    @Path("/{id}/labels")
    public ConversationState labels(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Labels body) {
        return routing.labels(caller.requireBusiness(), id, body.labels());
    }

    public record Priority(@Min(0) @Max(10) int priority) {
    }

    @PUT
    @Path("/{id}/priority")
    public ConversationState priority(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Priority body) {
        return routing.priority(caller.requireBusiness(), id, body.priority());
    }

    /** The customer's (or an agent's) view of the wait: place in line and estimate. */
    @GET
    @Path("/{id}/queue")
    public QueuePlace queue(@PathParam("id") @Pattern(regexp = ID) String id) {
        requireParty(id);
        QueuePlace place = routing.places(Set.of(id)).get(id);
        if (place == null) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        return place;
    }

    /** The topic a customer picked from the menu (a {@link RoutingSettings.TopicChoice}). */
    public record ChosenTopic(@NotNull @Pattern(regexp = ID) String topicId) {
    }

    @POST
    @Path("/{id}/topic")
    public Response topic(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull ChosenTopic body) {
        requireParty(id);
        routing.topic(id, body.topicId());
        return Response.noContent().build();
    }

    /** The business's devices, or the customer whose conversation it is (others learn nothing). */
    private void requireParty(String conversationId) {
        AuthenticatedDevice device = caller.require();
        if (!device.business() && !device.owner().equals(conversationId)) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
    }
}
