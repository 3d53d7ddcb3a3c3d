package io.switchboard.routing.events;

import java.util.Set;

/** An admin changed an agent's capacity or teams. */
public record AgentSettingsChanged(String deviceId) implements RoutingEvent {

    @Override
    public Set<String> agentIds() {
        return Set.of(deviceId);
    }

    @Override
    public boolean mayRoute() {
        return true;
    }
}
