package io.switchboard.supervision;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.routing.AgentView;
import io.switchboard.routing.SupervisorReach;
import jakarta.enterprise.context.ApplicationScoped;

/** Routing's question "does this supervisor reach that team or agent?" answered by the one scope rule, {@link Scopes}. */
@ApplicationScoped
class ScopeReach implements SupervisorReach {

    private final Scopes scopes;

    ScopeReach(Scopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public void requireTeam(AuthenticatedDevice supervisor, String teamId) {
        if (!scopes.require(supervisor).covers(teamId)) {
            throw new SupervisionRefused(SupervisionRefused.OUT_OF_SCOPE);
        }
    }

    @Override
    public void requireAgent(AuthenticatedDevice supervisor, AgentView agent) {
        if (!scopes.require(supervisor).reaches(agent)) {
            throw new SupervisionRefused(SupervisionRefused.OUT_OF_SCOPE);
        }
    }
}
