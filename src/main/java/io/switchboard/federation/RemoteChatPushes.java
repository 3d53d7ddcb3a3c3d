package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import io.switchboard.events.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

/**
 * Tells a customer's devices, here and on the other nodes, that one of their remote chats changed (docs/protocol.md
 * §16.1), so an open customer page reads it again at once instead of asking every few seconds. Only the chat's id
 * travels: the page reads the rest with its own session.
 */
@Startup // listens for other nodes' signals from the start, not from its first local change
@ApplicationScoped
class RemoteChatPushes {

    private static final Logger LOG = Logger.getLogger(RemoteChatPushes.class);
    private static final String KIND = "federation-remote-chat";

    record RemoteChatFrame(String id) implements ServerEvent {
        public String type() {
            return "remote-chat";
        }
    }

    private final DeviceConnections connections;
    private final ClusterSignals cluster;
    private final ObjectMapper json;

    RemoteChatPushes(DeviceConnections connections, ClusterSignals cluster, ObjectMapper json) {
        this.connections = connections;
        this.cluster = cluster;
        this.json = json;
        cluster.onEvent(this::fromOtherNode);
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RemoteChatChanged changed) {
        push(changed);
        try {
            cluster.forward(KIND, json.writeValueAsString(changed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fromOtherNode(String kind, String body) {
        if (!KIND.equals(kind)) {
            return;
        }
        try {
            push(json.readValue(body, RemoteChatChanged.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed cluster event %s: %s", kind, e.toString());
        }
    }

    private void push(RemoteChatChanged changed) {
        connections.pushToOwner(changed.customerId(), new RemoteChatFrame(changed.chatId()));
    }
}
