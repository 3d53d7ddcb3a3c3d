package io.switchboard.supervision;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.NotPermitted;
import io.switchboard.routing.AgentView;
import io.switchboard.routing.RoutingSettings;
import io.switchboard.routing.RoutingViews;
import io.switchboard.routing.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the {@link SupervisorScope} of a caller or of connected devices, from their role and teams now. */
@ApplicationScoped
public class Scopes {

    private final RoutingViews views;
    private final RoutingSettings routing;
    private final BoardStore store;

    Scopes(RoutingViews views, RoutingSettings routing, BoardStore store) {
        this.views = views;
        this.routing = routing;
        this.store = store;
    }

    /** The caller's scope; {@code 403 role_required} for agents and customers. */
    public SupervisorScope require(AuthenticatedDevice caller) {
        if (!caller.business() || !caller.role().isSupervisor()) {
            throw new NotPermitted(NotPermitted.ROLE_REQUIRED);
        }
        List<AgentView> device = views.agents(Set.of(caller.deviceId()));
        return device.isEmpty() ? SupervisorScope.of(caller.role(), Set.of()) : SupervisorScope.of(device.get(0));
    }

    /** The caller's scope cut to one existing team of it: {@code 403 team_out_of_scope} first, so ids outside it cannot be probed. */
    public SupervisorScope requireTeam(AuthenticatedDevice caller, String teamId) {
        if (!require(caller).covers(teamId)) {
            throw new SupervisionRefused(SupervisionRefused.OUT_OF_SCOPE);
        }
        requireExists(teamId);
        return new SupervisorScope(false, Set.of(teamId));
    }

    /** As {@link #requireTeam}, where {@code null} names the conversations without a team (unscoped callers only). */
    public SupervisorScope requireTeamOrNone(AuthenticatedDevice caller, String teamId) {
        if (teamId != null) {
            return requireTeam(caller, teamId);
        }
        if (!require(caller).covers(null)) {
            throw new SupervisionRefused(SupervisionRefused.OUT_OF_SCOPE);
        }
        return require(caller);
    }

    void requireExists(String teamId) {
        if (routing.teams().stream().map(Team::id).noneMatch(teamId::equals)) {
            throw new SupervisionRefused(SupervisionRefused.TEAM_NOT_FOUND);
        }
    }

    /** The scopes of those of these business devices that supervise (the others are left out). */
    @Transactional
    Map<String, SupervisorScope> of(Set<String> deviceIds) {
        Map<String, SupervisorScope> scopes = new HashMap<>();
        Set<String> supervising = store.supervising(deviceIds);
        if (supervising.isEmpty()) {
            return scopes;
        }
        for (AgentView device : views.agents(supervising)) {
            SupervisorScope scope = SupervisorScope.of(device);
            if (scope != null) {
                scopes.put(device.deviceId(), scope);
            }
        }
        return scopes;
    }
}
