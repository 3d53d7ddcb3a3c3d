package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;

/**
 * Whether a supervisor's powers reach a team or an agent (docs/protocol.md §15.1). The rule is
 * supervision's, which implements this; routing asks before a supervisor acts on a conversation or
 * an agent that is not their own, and an implementation refuses with {@code 403 team_out_of_scope}.
 */
public interface SupervisorReach {

    /** Refuses unless the supervisor's scope covers the team ({@code null}: the conversations without a team). */
    void requireTeam(AuthenticatedDevice supervisor, String teamId);

    /** Refuses unless the agent is a member of a team in the supervisor's scope, or the scope is everything. */
    void requireAgent(AuthenticatedDevice supervisor, AgentView agent);
}
