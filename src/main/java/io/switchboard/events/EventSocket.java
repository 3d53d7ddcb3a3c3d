package io.switchboard.events;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * A device's live channel. The handshake was already authenticated by {@link EventSocketHandshake};
 * the client sends nothing yet, it only listens.
 */
@WebSocket(path = EventSocket.PATH)
public class EventSocket {

    public static final String PATH = "/ws/events";
    static final UserData.TypedKey<String> DEVICE_ID = UserData.TypedKey.forString("deviceId");

    private final DeviceConnections connections;

    EventSocket(DeviceConnections connections) {
        this.connections = connections;
    }

    @OnOpen
    public ServerEvent onOpen(WebSocketConnection connection) {
        String deviceId = connection.userData().get(DEVICE_ID);
        connections.add(deviceId, connection);
        return new ServerEvent.Hello(deviceId);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        connections.remove(connection.userData().get(DEVICE_ID), connection);
    }
}
