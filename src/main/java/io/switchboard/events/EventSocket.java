package io.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.messaging.MessageFeeds;

/**
 * A device's live channel. The handshake was already authenticated by {@link EventSocketHandshake}.
 * The server pushes events and messages; the client sends acknowledgements and read marks.
 */
@WebSocket(path = EventSocket.PATH)
public class EventSocket {

    public static final String PATH = "/ws/events";
    static final UserData.TypedKey<String> DEVICE_ID = UserData.TypedKey.forString("deviceId");
    static final UserData.TypedKey<String> OWNER = UserData.TypedKey.forString("owner");
    static final UserData.TypedKey<String> ROLE = UserData.TypedKey.forString("role");
    static final UserData.TypedKey<Boolean> PRIMARY = UserData.TypedKey.forBoolean("primary");

    private final DeviceConnections connections;
    private final MessageFeeds feeds;

    EventSocket(DeviceConnections connections, MessageFeeds feeds) {
        this.connections = connections;
        this.feeds = feeds;
    }

    @OnOpen
    @Blocking
    public void onOpen(WebSocketConnection connection) {
        AuthenticatedDevice device = device(connection);
        connections.add(device.deviceId(), device.owner(), connection);
        connection.sendTextAndAwait(new ServerEvent.Hello(device.deviceId()));
        feeds.open(device, connection);
    }

    /** Client frames: {@code {"type":"ack","seq":n}} and {@code {"type":"read","conversation":id,"seq":n}}; others are ignored. */
    @OnTextMessage
    @Blocking
    public void onMessage(WebSocketConnection connection, JsonNode frame) {
        String type = frame.path("type").asText("");
        long seq = frame.path("seq").asLong(0);
        if ("ack".equals(type) && seq > 0) {
            feeds.acknowledge(connection, seq);
        } else if ("read".equals(type) && seq > 0 && frame.path("conversation").isTextual()) {
            feeds.markRead(connection, frame.path("conversation").asText(), seq);
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        connections.remove(connection.userData().get(DEVICE_ID), connection);
        feeds.close(connection);
    }

    static void remember(io.quarkus.websockets.next.UserData data, AuthenticatedDevice device) {
        data.put(DEVICE_ID, device.deviceId());
        data.put(OWNER, device.owner());
        data.put(ROLE, device.role());
        data.put(PRIMARY, device.primary());
    }

    private static AuthenticatedDevice device(WebSocketConnection connection) {
        UserData data = connection.userData();
        return new AuthenticatedDevice(data.get(DEVICE_ID), data.get(OWNER), data.get(ROLE), data.get(PRIMARY));
    }
}
