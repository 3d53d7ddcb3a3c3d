package io.switchboard.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Set;
import org.jboss.logging.Logger;

/** Tells the business's devices, here and on the other nodes, that a settings list changed, once the change committed. */
@Startup // listens for other nodes' signals from the start, not from its first local change
@ApplicationScoped
class SettingsPushes {

    private static final Logger LOG = Logger.getLogger(SettingsPushes.class);
    private static final String KIND = "settings";
    private static final Set<String> LISTS = Set.of("teams", "topics", "canned-replies");

    private final DeviceConnections connections;
    private final ClusterSignals cluster;
    private final ObjectMapper json;

    SettingsPushes(DeviceConnections connections, ClusterSignals cluster, ObjectMapper json) {
        this.connections = connections;
        this.cluster = cluster;
        this.json = json;
        cluster.onEvent(this::fromOtherNode);
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvents.SettingsEvent event) {
        connections.pushToBusiness(event, null);
        try {
            cluster.forward(KIND, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fromOtherNode(String kind, String body) {
        if (!KIND.equals(kind)) {
            return;
        }
        try {
            RoutingEvents.SettingsEvent event = json.readValue(body, RoutingEvents.SettingsEvent.class);
            if (LISTS.contains(event.changed())) {
                connections.pushToBusiness(event, null);
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed settings signal: %s", e.toString());
        }
    }
}
