package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a business device may do with a conversation's routing, by its {@link io.switchboard.protocol.Role},
 * whether it has the conversation and, for a supervisor acting on someone else's, their scope
 * ({@link SupervisorReach}). Whether a device may touch the conversation at all is
 * {@link io.switchboard.conversation.ConversationAccess}'s rule, applied before these run.
 */
@ApplicationScoped
class RoutingPermissions {

    private final AgentStore agents;
    private final SupervisorReach reach;

    RoutingPermissions(AgentStore agents, SupervisorReach reach) {
        this.agents = agents;
        this.reach = reach;
    }

    private static boolean isSupervisor(AuthenticatedDevice caller) {
        return caller.role().isSupervisor();
    }

    /** A supervisor whose scope covers the conversation's team; {@code 403 team_out_of_scope} outside it. */
    void requireSupervisorOf(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.SUPERVISOR_REQUIRED);
        }
        reach.requireTeam(caller, row.teamId());
    }

    /** A supervisor acting on an agent (assigning to them, their status or capacity): the agent must be in their scope. */
    void requireSupervisorOf(AuthenticatedDevice caller, AgentView agent) {
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.SUPERVISOR_REQUIRED);
        }
        reach.requireAgent(caller, agent);
    }

    /** The target of a supervisor's transfer to a team must be in their scope too. */
    void requireTeamInReach(AuthenticatedDevice caller, String teamId) {
        reach.requireTeam(caller, teamId);
    }

    /** A conversation waiting for a team is claimed by its members (or a supervisor of that team). */
    void requireMayClaim(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.teamId() == null || agents.inTeam(caller.deviceId(), row.teamId())) {
            return;
        }
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.NOT_IN_TEAM);
        }
        reach.requireTeam(caller, row.teamId());
    }

    /**
     * Transfers move a conversation past the queue or the team rules, so only whoever has it (or a
     * supervisor of its team) may; agents take waiting conversations by claiming them. Answers whether
     * the caller acts as a supervisor (not as the holder), whose targets must be in their scope too.
     */
    boolean requireHolderOrSupervisor(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (caller.deviceId().equals(row.assignee())) {
            return false;
        }
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(row.assignee() == null ? RoutingRefused.CLAIM_IT_INSTEAD : RoutingRefused.HELD_BY_ANOTHER);
        }
        reach.requireTeam(caller, row.teamId());
        return true;
    }

    /** The assignee, a supervisor of its team, or anyone while nobody has it. */
    void requireHandler(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.assignee() == null || row.assignee().equals(caller.deviceId())) {
            return;
        }
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.HELD_BY_ANOTHER);
        }
        reach.requireTeam(caller, row.teamId());
    }

    /** Only the agent offered a conversation accepts it. */
    void requireAssignee(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee())) {
            throw new RoutingRefused(RoutingRefused.NOT_OFFERED_TO_YOU);
        }
    }
}
