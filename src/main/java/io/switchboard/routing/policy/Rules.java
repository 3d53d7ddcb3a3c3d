package io.switchboard.routing.policy;

import java.time.Duration;

/** A team's routing settings (or the defaults for conversations without a team). */
public record Rules(Policy policy, boolean sticky, Duration stickyFor) {
}
