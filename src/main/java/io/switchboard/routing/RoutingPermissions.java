package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.error.ApiException;
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
            throw ApiException.forbidden("role_required", "Only supervisors and admins can assign conversations to others.");
        }
    }

    /** A conversation waiting for a team is claimed by its members (or a supervisor). */
    void requireMayClaim(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.teamId() != null && !isSupervisor(caller) && !agents.inTeam(caller.deviceId(), row.teamId())) {
            throw ApiException.forbidden("not_in_team", "This conversation waits for another team.");
        }
    }

    /**
     * Transfers move a conversation past the queue or the team rules, so only whoever has it (or a
     * supervisor) may; agents take waiting conversations by claiming them.
     */
    void requireHolderOrSupervisor(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee()) && !isSupervisor(caller)) {
            throw ApiException.forbidden("not_your_conversation", row.assignee() == null
                    ? "Claim it from the queue, or ask a supervisor to assign it." : "Another agent has this conversation; ask them or a supervisor.");
        }
    }

    /** The assignee, a supervisor, or anyone while nobody has it. */
    void requireHandler(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (row.assignee() != null && !row.assignee().equals(caller.deviceId()) && !isSupervisor(caller)) {
            throw ApiException.forbidden("not_your_conversation", "Another agent has this conversation; ask them or a supervisor.");
        }
    }

    /** Only the agent offered a conversation accepts it. */
    void requireAssignee(AuthenticatedDevice caller, RoutingStore.Row row) {
        if (!caller.deviceId().equals(row.assignee())) {
            throw ApiException.forbidden("not_your_conversation", "Only the assigned agent can accept this conversation.");
        }
    }
}
