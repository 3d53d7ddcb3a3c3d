package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationNotFound;
import io.switchboard.conversation.ConversationState;
import io.switchboard.platform.Ids;
import io.switchboard.platform.error.ValidationFailed;
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

/**
 * Conversations' routing state and what agents and supervisors do with them (docs/protocol.md §14.3).
 * Every action is for business devices; the conversation is looked up through {@link ConversationAccess}
 * like everywhere else, and what the caller's role allows is routing's decision.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class ConversationRoutingResource {

    private static final String ID = Ids.PATTERN;

    private final Caller caller;
    private final ConversationAccess access;
    private final RoutingActions actions;
    private final RoutingViews views;

    ConversationRoutingResource(Caller caller, ConversationAccess access, RoutingActions actions, RoutingViews views) {
        this.caller = caller;
        this.access = access;
        this.actions = actions;
        this.views = views;
    }

    /** Every conversation, most recent message first. */
    @GET
    public List<ConversationState> list() {
        caller.requireBusiness();
        return views.all();
    }

    @GET
    @Path("/{id}/routing")
    public ConversationState state(@PathParam("id") @Pattern(regexp = ID) String id) {
        return views.view(acting(id).conversation());
    }

    @GET
    @Path("/{id}/assignments")
    public List<AssignmentRecord> assignments(@PathParam("id") @Pattern(regexp = ID) String id) {
        return views.history(acting(id).conversation());
    }

    @POST
    @Path("/{id}/claim")
    public ConversationState claim(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.claim(acting.device(), acting.conversation());
    }

    public record AssignTo(@NotNull @Pattern(regexp = ID) String deviceId) {
    }

    @POST
    @Path("/{id}/assign")
    public ConversationState assign(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull AssignTo body) {
        Acting acting = acting(id);
        return actions.assign(acting.device(), acting.conversation(), body.deviceId());
    }

    public record Transfer(@Pattern(regexp = ID) String deviceId, @Pattern(regexp = ID) String teamId) {
    }

    @POST
    @Path("/{id}/transfer")
    public ConversationState transfer(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Transfer body) {
        Acting acting = acting(id);
        if ((body.deviceId() == null) == (body.teamId() == null)) {
            throw new ValidationFailed("Transfer to either an agent (deviceId) or a team (teamId).");
        }
        return body.deviceId() != null
                ? actions.transferToAgent(acting.device(), acting.conversation(), body.deviceId())
                : actions.transferToTeam(acting.device(), acting.conversation(), body.teamId());
    }

    @POST
    @Path("/{id}/unassign")
    public ConversationState unassign(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.unassign(acting.device(), acting.conversation());
    }

    @POST
    @Path("/{id}/resolve")
    public ConversationState resolve(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.resolve(acting.device(), acting.conversation());
    }

    @POST
    @Path("/{id}/pending")
    public ConversationState pending(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.pending(acting.device(), acting.conversation());
    }

    public record Snooze(@NotNull Instant until) {
    }

    @POST
    @Path("/{id}/snooze")
    public ConversationState snooze(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Snooze body) {
        Acting acting = acting(id);
        return actions.snooze(acting.device(), acting.conversation(), body.until());
    }

    @POST
    @Path("/{id}/reopen")
    public ConversationState reopen(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.reopen(acting.device(), acting.conversation());
    }

    @POST
    @Path("/{id}/accept")
    public ConversationState accept(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.accept(acting.device(), acting.conversation());
    }

    @POST
    @Path("/{id}/take-over")
    public ConversationState takeOver(@PathParam("id") @Pattern(regexp = ID) String id) {
        Acting acting = acting(id);
        return actions.takeOver(acting.device(), acting.conversation());
    }

    public record Labels(@NotNull @Size(max = 10) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}") String> labels) {
    }

    @PUT
    @Path("/{id}/labels")
    public ConversationState labels(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Labels body) {
        Acting acting = acting(id);
        return actions.labels(acting.device(), acting.conversation(), body.labels());
    }

    public record Priority(@Min(0) @Max(10) int priority) {
    }

    @PUT
    @Path("/{id}/priority")
    public ConversationState priority(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull Priority body) {
        Acting acting = acting(id);
        return actions.priority(acting.device(), acting.conversation(), body.priority());
    }

    /** The customer's (or an agent's) view of the wait: place in line and estimate. */
    @GET
    @Path("/{id}/queue")
    public QueuePlace queue(@PathParam("id") @Pattern(regexp = ID) String id) {
        Conversation conversation = access.require(caller.require(), id);
        QueuePlace place = views.places(Set.of(conversation.id())).get(conversation.id());
        if (place == null) {
            throw new ConversationNotFound();
        }
        return place;
    }

    /** The topic a customer picked from the menu (a {@link io.switchboard.routing.RoutingSettings.TopicChoice}). */
    public record ChosenTopic(@NotNull @Pattern(regexp = ID) String topicId) {
    }

    @POST
    @Path("/{id}/topic")
    public Response topic(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull ChosenTopic body) {
        actions.topic(access.require(caller.require(), id).id(), body.topicId());
        return Response.noContent().build();
    }

    /** A business device and the conversation it acts on; which actions its role allows is routing's rule. */
    private record Acting(AuthenticatedDevice device, String conversation) {
    }

    private Acting acting(String id) {
        AuthenticatedDevice device = caller.requireBusiness();
        return new Acting(device, access.require(device, id).id());
    }
}
