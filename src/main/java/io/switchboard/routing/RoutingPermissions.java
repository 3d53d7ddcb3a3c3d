package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a business device may do with a conversation's routing, by its {@link io.switchboard.protocol.Role}
 * and whether it has the conversation. Whether a device may touch the conversation at all is
 * {@link io.switchboard.conversation.ConversationAccess}'s rule, applied before these run.
 */
@ApplicationScoped
class RoutingPermissions {

    private final AgentStore agents;

    RoutingPermissions(AgentStore agents) {
        this.agents = agents;
    }

    private static boolean isSupervisor(AuthenticatedDevice caller) {
        return caller.role().isSupervisor();
    }

    void requireSupervisor(AuthenticatedDevice caller) {
        if (!isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.SUPERVISOR_REQUIRED);
        }
    }

    /** A conversation waiting for a team is claimed by its members (or a supervisor). */
    void requireMayClaim(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.teamId() != null && !isSupervisor(caller) && !agents.inTeam(caller.deviceId(), row.teamId())) {
            throw new RoutingRefused(RoutingRefused.NOT_IN_TEAM);
        }
    }

    /**
     * Transfers move a conversation past the queue or the team rules, so only whoever has it (or a
     * supervisor) may; agents take waiting conversations by claiming them.
     */
    void requireHolderOrSupervisor(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee()) && !isSupervisor(caller)) {
            throw new RoutingRefused(row.assignee() == null ? RoutingRefused.CLAIM_IT_INSTEAD : RoutingRefused.HELD_BY_ANOTHER);
        }
    }

    /** The assignee, a supervisor, or anyone while nobody has it. */
    void requireHandler(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.assignee() != null && !row.assignee().equals(caller.deviceId()) && !isSupervisor(caller)) {
            throw new RoutingRefused(RoutingRefused.HELD_BY_ANOTHER);
        }
    }

    /** Only the agent offered a conversation accepts it. */
    void requireAssignee(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee())) {
            throw new RoutingRefused(RoutingRefused.NOT_OFFERED_TO_YOU);
        }
    }
}
