package io.switchboard.supervision;

import io.switchboard.protocol.Role;
import io.switchboard.routing.AgentView;
import java.util.Set;

/**
 * Which teams a supervisor sees and acts on (docs/protocol.md §15.1). Owners and admins see every
 * team and the conversations without one; a {@code supervisor} who is a member of teams sees those
 * teams only; one in no team sees everything, as before scoping existed. Anyone else sees nothing.
 */
public record SupervisorScope(boolean everything, Set<String> teamIds) {

    static SupervisorScope of(Role role, Set<String> memberOf) {
        if (role.isAdmin() || (role.isSupervisor() && memberOf.isEmpty())) {
            return new SupervisorScope(true, Set.of());
        }
        if (role.isSupervisor()) {
            return new SupervisorScope(false, Set.copyOf(memberOf));
        }
        return null;
    }

    static SupervisorScope of(AgentView device) {
        return of(device.role(), Set.copyOf(device.teamIds()));
    }

    /** Whether this scope covers an agent: everything, or one of the agent's teams. */
    public boolean reaches(AgentView agent) {
        return everything || agent.teamIds().stream().anyMatch(teamIds::contains);
    }

    /** Whether this scope covers the team ({@code null}: the conversations without a team). */
    public boolean covers(String teamId) {
        return everything || (teamId != null && teamIds.contains(teamId));
    }
}
