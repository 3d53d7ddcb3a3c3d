package io.switchboard.routing;

import java.time.Instant;
import java.util.List;

/** An agent as the inbox and the settings page show them (docs/protocol.md §14.3). */
public record AgentView(String deviceId, String person, String label, String role, String status, boolean online,
                        int load, int capacity, List<String> teamIds, Instant lastAssignedAt) {
}
