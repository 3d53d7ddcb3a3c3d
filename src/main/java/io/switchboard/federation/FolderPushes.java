package io.switchboard.federation;

import io.quarkus.runtime.Startup;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import io.switchboard.events.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Tells every business device, here and on the other nodes, that the third-party folder setting changed, so open
 * inboxes move those chats at once. The frame is the settings frame pages already listen to (docs/protocol.md §14.4).
 */
@Startup // listens for other nodes' signals from the start, not from its first local change
@ApplicationScoped
class FolderPushes {

    /** What the inbox reads again: {@code GET /api/federation/folder}. */
    static final String CHANGED = "third-party-folder";
    private static final String KIND = "federation-folder";

    /** Only that it changed, not to what: a page reads the setting with its own rights. */
    record FolderChanged() {
    }

    record SettingsFrame(String changed) implements ServerEvent {
        public String type() {
            return "settings";
        }
    }

    private final DeviceConnections connections;
    private final ClusterSignals cluster;

    FolderPushes(DeviceConnections connections, ClusterSignals cluster) {
        this.connections = connections;
        this.cluster = cluster;
        cluster.onEvent(this::fromOtherNode);
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) FolderChanged changed) {
        push();
        cluster.forward(KIND, "{}");
    }

    private void fromOtherNode(String kind, String body) {
        if (KIND.equals(kind)) {
            push();
        }
    }

    private void push() {
        connections.pushToBusiness(new SettingsFrame(CHANGED), null);
    }
}
