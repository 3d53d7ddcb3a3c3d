package io.switchboard.routing;

import io.switchboard.protocol.Role;
import java.time.Instant;
import java.util.List;

/** An agent as the inbox and the settings page show them (docs/protocol.md §14.3). */
public record AgentView(String deviceId, String person, String label, Role role, String status, boolean online,
                        int load, int capacity, List<String> teamIds, Instant lastAssignedAt) {
}
