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
import io.switchboard.protocol.Role;
import jakarta.enterprise.inject.Instance;

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
    static final UserData.TypedKey<Boolean> BUSINESS = UserData.TypedKey.forBoolean("business");

    /** Set on a connection closed at once because its device already has as many as it may. */
    private static final UserData.TypedKey<Boolean> REFUSED = UserData.TypedKey.forBoolean("refused");

    private final DeviceConnections connections;
    private final Instance<ChannelListener> listeners;

    EventSocket(DeviceConnections connections, Instance<ChannelListener> listeners) {
        this.connections = connections;
        this.listeners = listeners;
    }

    @OnOpen
    @Blocking
    public void onOpen(WebSocketConnection connection) {
        Outbox.open(connection);
        AuthenticatedDevice device = device(connection);
        if (!connections.add(device.deviceId(), device.owner(), connection)) {
            connection.userData().put(REFUSED, true);
            connection.closeAndAwait(new io.quarkus.websockets.next.CloseReason(DeviceConnections.CLOSE_TOO_MANY_CONNECTIONS,
                    "too-many-connections"));
            return;
        }
        Outbox.send(connection, connections.encode(new ServerEvent.Hello(device.deviceId())));
        listeners.forEach(listener -> listener.opened(device, connection));
    }

    /**
     * Client frames: acknowledgements and read marks (messaging's), collision activity (routing's);
     * every listener hears every frame and acts on the types it knows.
     */
    @OnTextMessage
    @Blocking
    public void onMessage(WebSocketConnection connection, JsonNode frame) {
        AuthenticatedDevice device = device(connection);
        listeners.forEach(listener -> listener.frame(device, frame, connection));
    }

    @OnClose
    @Blocking
    public void onClose(WebSocketConnection connection) {
        if (Boolean.TRUE.equals(connection.userData().get(REFUSED))) {
            return;
        }
        AuthenticatedDevice device = device(connection);
        connections.remove(device.deviceId(), connection);
        listeners.forEach(listener -> listener.closed(device, connection));
    }

    static void remember(io.quarkus.websockets.next.UserData data, AuthenticatedDevice device) {
        data.put(DEVICE_ID, device.deviceId());
        data.put(OWNER, device.owner());
        data.put(ROLE, device.role().wire());
        data.put(PRIMARY, device.primary());
        data.put(BUSINESS, device.business());
    }

    private static AuthenticatedDevice device(WebSocketConnection connection) {
        UserData data = connection.userData();
        return new AuthenticatedDevice(data.get(DEVICE_ID), data.get(OWNER), Role.fromWire(data.get(ROLE)).orElseThrow(), data.get(PRIMARY),
                data.get(BUSINESS));
    }
}
