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
import io.switchboard.protocol.Role;
import io.switchboard.routing.Presence;
import io.switchboard.routing.RoutingPushes;

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
    static final UserData.TypedKey<String> PERSON = UserData.TypedKey.forString("person");
    private static final java.util.Set<String> ACTIVITIES = java.util.Set.of("viewing", "typing", "left");

    /** The conversation this connection last said it shows, to announce "left" when it closes. */
    static final UserData.TypedKey<String> VIEWING = UserData.TypedKey.forString("viewing");

    private final DeviceConnections connections;
    private final MessageFeeds feeds;
    private final Presence presence;
    private final RoutingPushes routing;

    EventSocket(DeviceConnections connections, MessageFeeds feeds, Presence presence, RoutingPushes routing) {
        this.connections = connections;
        this.feeds = feeds;
        this.presence = presence;
        this.routing = routing;
    }

    @OnOpen
    @Blocking
    public void onOpen(WebSocketConnection connection) {
        AuthenticatedDevice device = device(connection);
        connections.add(device.deviceId(), device.owner(), connection);
        connection.sendTextAndAwait(new ServerEvent.Hello(device.deviceId()));
        feeds.open(device, connection);
        if (device.business()) {
            connection.userData().put(PERSON, presence.connected(device.deviceId()));
        } else {
            routing.customerConnected(device.owner());
        }
    }

    /**
     * Client frames: {@code {"type":"ack","seq":n}}, {@code {"type":"read","conversation":id,"seq":n}} and,
     * from business devices, collision activity {@code {"type":"viewing"|"typing"|"left","conversation":id}};
     * others are ignored.
     */
    @OnTextMessage
    @Blocking
    public void onMessage(WebSocketConnection connection, JsonNode frame) {
        String type = frame.path("type").asText("");
        long seq = frame.path("seq").asLong(0);
        if ("ack".equals(type) && seq > 0) {
            feeds.acknowledge(connection, seq);
        } else if ("read".equals(type) && seq > 0 && frame.path("conversation").isTextual()) {
            feeds.markRead(connection, frame.path("conversation").asText(), seq);
        } else if (ACTIVITIES.contains(type) && frame.path("conversation").isTextual() && device(connection).business()) {
            String conversation = frame.path("conversation").asText();
            UserData data = connection.userData();
            if ("left".equals(type)) {
                data.remove(VIEWING);
            } else if ("viewing".equals(type)) {
                data.put(VIEWING, conversation);
            }
            routing.activity(conversation, data.get(DEVICE_ID), data.get(PERSON), type);
        }
    }

    @OnClose
    @Blocking
    public void onClose(WebSocketConnection connection) {
        AuthenticatedDevice device = device(connection);
        connections.remove(device.deviceId(), connection);
        feeds.close(connection);
        if (device.business()) {
            String viewing = connection.userData().get(VIEWING);
            if (viewing != null) {
                routing.activity(viewing, device.deviceId(), connection.userData().get(PERSON), "left");
            }
            presence.disconnected(device.deviceId());
        }
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
