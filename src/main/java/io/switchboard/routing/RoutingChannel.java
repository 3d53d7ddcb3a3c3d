package io.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.events.ChannelListener;
import io.switchboard.events.DeviceConnections;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Routing's part of a device's live channel: a business device's connection is its agent's presence,
 * a customer's hears its place in line, business devices relay collision activity and may ask for routing's changes in
 * batches ({@code {"type":"subscribe","to":"batches"}}, §14.4).
 */
@ApplicationScoped
class RoutingChannel implements ChannelListener {

    /** The person using the device, for the activity lines others see. */
    private static final UserData.TypedKey<String> PERSON = UserData.TypedKey.forString("person");
    /** The conversation this connection last said it shows, to announce "left" when it closes. */
    private static final UserData.TypedKey<String> VIEWING = UserData.TypedKey.forString("viewing");

    private final Presence presence;
    private final RoutingPushes pushes;
    private final DeviceConnections connections;

    RoutingChannel(Presence presence, RoutingPushes pushes, DeviceConnections connections) {
        this.presence = presence;
        this.pushes = pushes;
        this.connections = connections;
    }

    @Override
    public void opened(AuthenticatedDevice device, WebSocketConnection connection) {
        UserData data = connection.userData();
        if (device.business()) {
            data.put(PERSON, presence.connected(device.deviceId()));
        } else {
            pushes.customerConnected(device.owner());
        }
    }

    /** Collision activity from business devices: {@code {"type":"viewing"|"typing"|"left","conversation":id}}. */
    @Override
    public void frame(AuthenticatedDevice device, JsonNode frame, WebSocketConnection connection) {
        UserData data = connection.userData();
        String type = frame.path("type").asText("");
        if (device.business() && "subscribe".equals(type) && "batches".equals(frame.path("to").asText())) {
            connections.sendBatches(connection);
            return;
        }
        if (!device.business() || !RoutingPushes.ACTIVITIES.contains(type) || !frame.path("conversation").isTextual()) {
            return;
        }
        String conversation = frame.path("conversation").asText();
        if ("left".equals(type)) {
            data.remove(VIEWING);
        } else if ("viewing".equals(type)) {
            data.put(VIEWING, conversation);
        }
        pushes.activity(conversation, device.deviceId(), data.get(PERSON), type);
    }

    @Override
    public void closed(AuthenticatedDevice device, WebSocketConnection connection) {
        UserData data = connection.userData();
        if (!device.business()) {
            return;
        }
        String viewing = data.get(VIEWING);
        if (viewing != null) {
            pushes.activity(viewing, device.deviceId(), data.get(PERSON), "left");
        }
        presence.disconnected(device.deviceId());
    }
}
