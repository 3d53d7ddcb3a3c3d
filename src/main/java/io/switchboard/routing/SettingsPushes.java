package io.switchboard.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import io.switchboard.routing.events.CannedRepliesChanged;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.events.TeamChanged;
import io.switchboard.routing.events.TopicMenuChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Tells the business's devices, here and on the other nodes, which settings list changed, derived from the routing events after commit. */
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

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvent event) {
        listOf(event).map(RoutingFrames.SettingsFrame::new).ifPresent(frame -> {
            connections.pushToBusiness(frame, null);
            try {
                cluster.forward(KIND, json.writeValueAsString(frame));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Which list a page must read again after this event, if any. */
    private static Optional<String> listOf(RoutingEvent event) {
        if (event instanceof TeamChanged) {
            return Optional.of("teams");
        }
        if (event instanceof TopicMenuChanged) {
            return Optional.of("topics");
        }
        if (event instanceof CannedRepliesChanged) {
            return Optional.of("canned-replies");
        }
        return Optional.empty();
    }

    private void fromOtherNode(String kind, String body) {
        if (!KIND.equals(kind)) {
            return;
        }
        try {
            RoutingFrames.SettingsFrame event = json.readValue(body, RoutingFrames.SettingsFrame.class);
            if (LISTS.contains(event.changed())) {
                connections.pushToBusiness(event, null);
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed settings signal: %s", e.toString());
        }
    }
}
