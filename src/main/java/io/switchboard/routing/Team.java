package io.switchboard.routing;

import java.util.List;

/** A team: who is in it and how its conversations are routed (docs/protocol.md §14.3). */
public record Team(String id, String name, String policy, boolean sticky, long stickyForSeconds, List<String> memberIds) {
}
