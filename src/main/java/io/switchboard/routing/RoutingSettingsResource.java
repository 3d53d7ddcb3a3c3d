package io.switchboard.routing;

import io.switchboard.platform.HumanText;
import io.switchboard.auth.Caller;
import io.switchboard.platform.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Agents, teams, the topic menu and canned replies (docs/protocol.md §14.3). Reading needs a business device; changing needs an admin. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api")
public class RoutingSettingsResource {

    private static final String ID = Ids.PATTERN;
    private static final String SHORTCUT = "[a-z0-9][a-z0-9_-]{0,31}";

    private final Caller caller;
    private final RoutingViews views;
    private final RoutingSettings settings;

    RoutingSettingsResource(Caller caller, RoutingViews views, RoutingSettings settings) {
        this.caller = caller;
        this.views = views;
        this.settings = settings;
    }

    @GET
    @Path("/agents")
    public List<AgentView> agents() {
        caller.requireBusiness();
        return views.agents();
    }

    public record Status(@NotNull @Pattern(regexp = "available|away") String status) {
    }

    @PUT
    @Path("/agents/me/status")
    public AgentView status(@Valid @NotNull Status body) {
        return settings.setStatus(caller.requireBusiness(), body.status());
    }

    @PUT
    @Path("/agents/{deviceId}/status")
    public AgentView statusOf(@PathParam("deviceId") @Pattern(regexp = ID) String deviceId, @Valid @NotNull Status body) {
        return settings.setStatusOf(caller.requireBusiness(), deviceId, body.status());
    }

    public record Capacity(@Min(1) @Max(50) int capacity) {
    }

    @PUT
    @Path("/agents/{deviceId}/capacity")
    public AgentView capacityOf(@PathParam("deviceId") @Pattern(regexp = ID) String deviceId, @Valid @NotNull Capacity body) {
        return settings.setCapacityOf(caller.requireBusiness(), deviceId, body.capacity());
    }

    public record AgentSettings(@Min(1) @Max(50) int capacity, @NotNull @Size(max = 20) List<@NotNull @Pattern(regexp = ID) String> teamIds) {
    }

    @PUT
    @Path("/agents/{deviceId}")
    public AgentView agent(@PathParam("deviceId") @Pattern(regexp = ID) String deviceId, @Valid @NotNull AgentSettings body) {
        caller.requireRole(RoutingSettings.ADMINS);
        return settings.updateAgent(deviceId, body.capacity(), body.teamIds());
    }

    @GET
    @Path("/teams")
    public List<Team> teams() {
        caller.requireBusiness();
        return settings.teams();
    }

    public record TeamBody(@NotBlank @Size(max = 60) @HumanText String name, @NotNull @Pattern(regexp = "manual|round_robin|least_loaded") String policy,
                           boolean sticky, @Min(0) @Max(2_592_000) long stickyForSeconds) {
    }

    @POST
    @Path("/teams")
    public Response createTeam(@Valid @NotNull TeamBody body) {
        caller.requireRole(RoutingSettings.ADMINS);
        return Response.status(201).entity(settings.createTeam(body.name().strip(), body.policy(), body.sticky(), body.stickyForSeconds()))
                .build();
    }

    @PUT
    @Path("/teams/{id}")
    public Team updateTeam(@PathParam("id") @Pattern(regexp = ID) String id, @Valid @NotNull TeamBody body) {
        caller.requireRole(RoutingSettings.ADMINS);
        return settings.updateTeam(id, body.name().strip(), body.policy(), body.sticky(), body.stickyForSeconds());
    }

    @DELETE
    @Path("/teams/{id}")
    public Response deleteTeam(@PathParam("id") @Pattern(regexp = ID) String id) {
        caller.requireRole(RoutingSettings.ADMINS);
        settings.deleteTeam(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/teams/topics")
    public List<Topic> topics() {
        caller.requireBusiness();
        return settings.topics();
    }

    public record TopicBody(@Pattern(regexp = ID) String id, @NotBlank @Size(max = 40) @HumanText String label, @NotNull @Pattern(regexp = ID) String teamId,
                            @Min(0) @Max(10) int priority) {
    }

    public record Topics(@NotNull @Size(max = RoutingSettings.MAX_TOPICS) List<@Valid @NotNull TopicBody> topics) {
    }

    @PUT
    @Path("/teams/topics")
    public List<Topic> replaceTopics(@Valid @NotNull Topics body) {
        caller.requireRole(RoutingSettings.ADMINS);
        return settings.replaceTopics(body.topics().stream()
                .map(topic -> new Topic(topic.id(), topic.label().strip(), topic.teamId(), topic.priority())).toList());
    }

    /** The chat page's menu: anyone may read it, before signing in. */
    @GET
    @Path("/topics")
    public List<RoutingSettings.TopicChoice> topicMenu() {
        return settings.topics().stream().map(topic -> new RoutingSettings.TopicChoice(topic.id(), topic.label())).toList();
    }

    @GET
    @Path("/canned-replies")
    public List<CannedReply> cannedReplies() {
        caller.requireBusiness();
        return settings.cannedReplies();
    }

    public record CannedText(@NotBlank @Size(max = 2000) @HumanText(multiline = true) String text) {
    }

    @PUT
    @Path("/canned-replies/{shortcut}")
    public CannedReply putCannedReply(@PathParam("shortcut") @Pattern(regexp = SHORTCUT) String shortcut,
                                                      @Valid @NotNull CannedText body) {
        caller.requireRole(RoutingSettings.ADMINS);
        return settings.putCannedReply(shortcut, body.text());
    }

    @DELETE
    @Path("/canned-replies/{shortcut}")
    public Response deleteCannedReply(@PathParam("shortcut") String shortcut) {
        caller.requireRole(RoutingSettings.ADMINS);
        settings.deleteCannedReply(shortcut);
        return Response.noContent().build();
    }
}
