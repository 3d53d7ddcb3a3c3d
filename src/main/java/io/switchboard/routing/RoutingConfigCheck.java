package io.switchboard.routing;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.routing.policy.Policy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Refuses to start on a routing setting it cannot read, before anything routes: a mistyped default
 * policy would otherwise be taken for another one without anyone noticing.
 */
@ApplicationScoped
class RoutingConfigCheck {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, SwitchboardConfig config) {
        String policy = config.routing().defaultPolicy();
        if (Policy.fromWire(policy).isEmpty()) {
            throw new IllegalStateException("switchboard.routing.default-policy is '" + policy + "'; it must be one of "
                    + Arrays.stream(Policy.values()).map(Policy::wireName).collect(Collectors.joining(", ")));
        }
    }
}
