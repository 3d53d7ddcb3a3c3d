package io.switchboard.events;

import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceEvents;
import io.switchboard.cluster.ClusterSignals;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The event WebSockets open on this node, by device. Pushes happen only after the transaction
 * that caused them commits, so a client never hears about a change that was rolled back.
 */
@ApplicationScoped
public class DeviceConnections {

    private static final Logger LOG = Logger.getLogger(DeviceConnections.class);

    /** WebSocket close code for "this device was logged out" (private-use range 4000–4999). */
    public static final int CLOSE_LOGGED_OUT = 4001;
    /** WebSocket close code for "this device has as many connections open as it may". */
    public static final int CLOSE_TOO_MANY_CONNECTIONS = 4029;
    private static final String LOGGED_OUT = "logged-out";
    private static final String LIST_CHANGED = "device-list";
    private static final String LINK_REQUEST = "link-request";
    private static final String RECOVERY = "recovery";

    private static final UserData.TypedKey<Boolean> BATCHES = UserData.TypedKey.forBoolean("batches");

    private final Map<String, Set<WebSocketConnection>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, String> ownerOfDevice = new ConcurrentHashMap<>();

    /**
     * Registers a connection unless the device already holds {@code switchboard.events.max-connections-per-device}
     * here; returns whether it did. The owner is recorded inside the same atomic step as the set, so a
     * concurrent last close cannot drop it, and the cap cannot be passed by connections opened at once.
     */
    boolean add(String deviceId, String owner, WebSocketConnection connection) {
        boolean[] added = {false};
        byDevice.compute(deviceId, (id, set) -> {
            Set<WebSocketConnection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (connections.size() < maxPerDevice) {
                ownerOfDevice.put(id, owner);
                added[0] = connections.add(connection);
            }
            return connections.isEmpty() ? null : connections;
        });
        return added[0];
    }

    void remove(String deviceId, WebSocketConnection connection) {
        byDevice.computeIfPresent(deviceId, (id, set) -> {
            set.remove(connection);
            if (set.isEmpty()) {
                ownerOfDevice.remove(id);
                return null;
            }
            return set;
        });
    }

    /** Whether every connection of the device here writes to its Vert.x socket directly ({@link Outbox}); for tests. */
    boolean writesDirectly(String deviceId) {
        Set<WebSocketConnection> connections = byDevice.getOrDefault(deviceId, Set.of());
        return !connections.isEmpty() && connections.stream().allMatch(Outbox::writesDirectly);
    }

    /** Open connections of one device on this node. */
    public int connectionCount(String deviceId) {
        Set<WebSocketConnection> connections = byDevice.get(deviceId);
        return connections == null ? 0 : connections.size();
    }

    /** Open connections per business device on this node. */
    public Map<String, Integer> businessConnectionCounts() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        byDevice.forEach((deviceId, connections) -> {
            if (Device.BUSINESS.equals(ownerOfDevice.get(deviceId)) && !connections.isEmpty()) {
                counts.put(deviceId, connections.size());
            }
        });
        return counts;
    }

    private final ClusterSignals cluster;
    private final ObjectMapper json;
    private final int maxPerDevice;

    DeviceConnections(ClusterSignals cluster, ObjectMapper json, io.switchboard.platform.SwitchboardConfig config) {
        this.maxPerDevice = config.events().maxConnectionsPerDevice();
        this.cluster = cluster;
        this.json = json;
        cluster.onEvent(this::fromOtherNode);
    }

    private void fromOtherNode(String kind, String body) {
        try {
            switch (kind) {
                case LOGGED_OUT -> loggedOut(json.readValue(body, DeviceEvents.LoggedOut.class));
                case LIST_CHANGED -> listChanged(json.readValue(body, DeviceEvents.ListChanged.class));
                case LINK_REQUEST -> linkRequestChanged(json.readValue(body, DeviceEvents.LinkRequestChanged.class));
                case RECOVERY -> recoveryChanged(json.readValue(body, DeviceEvents.RecoveryChanged.class));
                default -> { }
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed cluster event %s: %s", kind, e.toString());
        }
    }

    private void forward(String kind, Object event) {
        try {
            cluster.forward(kind, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void onLoggedOut(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.LoggedOut event) {
        loggedOut(event);
        forward(LOGGED_OUT, event);
    }

    void onListChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.ListChanged event) {
        listChanged(event);
        forward(LIST_CHANGED, event);
    }

    void onLinkRequestChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.LinkRequestChanged event) {
        linkRequestChanged(event);
        forward(LINK_REQUEST, event);
    }

    private void loggedOut(DeviceEvents.LoggedOut event) {
        for (String deviceId : event.deviceIds()) {
            Set<WebSocketConnection> connections = byDevice.remove(deviceId);
            if (connections == null) {
                continue;
            }
            for (WebSocketConnection connection : connections) {
                Outbox.send(connection, encode(new ServerEvent.LoggedOut(event.reason())), () ->
                        connection.close(new io.quarkus.websockets.next.CloseReason(CLOSE_LOGGED_OUT, event.reason()))
                                .subscribe().with(ok -> { }, failure -> LOG.debugf("closing %s failed: %s", deviceId, failure)));
            }
        }
    }

    /**
     * The business's list concerns everyone who writes to the business; a customer's list concerns
     * the business and that customer only, so customers never learn about each other.
     */
    private void listChanged(DeviceEvents.ListChanged event) {
        ServerEvent changed = new ServerEvent.DeviceListChanged(event.owner(), event.version());
        push(changed, owner -> Device.BUSINESS.equals(event.owner()) || Device.BUSINESS.equals(owner) || owner.equals(event.owner()));
    }

    void onRecoveryChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.RecoveryChanged event) {
        recoveryChanged(event);
        forward(RECOVERY, event);
    }

    private void recoveryChanged(DeviceEvents.RecoveryChanged event) {
        push(new ServerEvent.RecoveryChanged(event.id(), event.status()), Device.BUSINESS::equals);
    }

    private void linkRequestChanged(DeviceEvents.LinkRequestChanged event) {
        push(new ServerEvent.LinkRequestChanged(event.ref(), event.status()), Device.BUSINESS::equals);
    }

    /**
     * Several changes to every business device here: the connections that asked for batches ({@link #sendBatches}) get
     * {@code batch}, one frame; the others get {@code singles}, one frame each. With 200 agents online, every conversation a
     * storm of resolves touches went to 200 sockets as a frame of its own (docs/performance.md).
     */
    public void pushToBusiness(List<ServerEvent> singles, ServerEvent batch) {
        if (singles.isEmpty()) {
            return;
        }
        String batchFrame = encode(batch);
        List<String> singleFrames = null;
        for (Map.Entry<String, Set<WebSocketConnection>> device : byDevice.entrySet()) {
            if (!Device.BUSINESS.equals(ownerOfDevice.get(device.getKey()))) {
                continue;
            }
            for (WebSocketConnection connection : device.getValue()) {
                if (Boolean.TRUE.equals(connection.userData().get(BATCHES))) {
                    send(connection, batchFrame);
                } else {
                    if (singleFrames == null) {
                        singleFrames = singles.stream().map(this::encode).toList();
                    }
                    singleFrames.forEach(frame -> send(connection, frame));
                }
            }
        }
    }

    /** From now on this connection gets several changes of one push in one frame ({@link #pushToBusiness(List, ServerEvent)}). */
    public void sendBatches(WebSocketConnection connection) {
        connection.userData().put(BATCHES, true);
    }

    /** Sends to every business device connected here except {@code exceptDeviceId} (may be null). */
    public void pushToBusiness(ServerEvent event, String exceptDeviceId) {
        String frame = encode(event);
        byDevice.forEach((deviceId, connections) -> {
            if (Device.BUSINESS.equals(ownerOfDevice.get(deviceId)) && !deviceId.equals(exceptDeviceId)) {
                connections.forEach(connection -> send(connection, frame));
            }
        });
    }

    /** Sends to one device's connections here, if it has any. */
    public void pushToDevice(String deviceId, ServerEvent event) {
        Set<WebSocketConnection> connections = byDevice.get(deviceId);
        if (connections != null && !connections.isEmpty()) {
            String frame = encode(event);
            connections.forEach(connection -> send(connection, frame));
        }
    }

    /** Sends to one connection, for what a connection subscribed to rather than its device. */
    public void pushToConnection(WebSocketConnection connection, ServerEvent event) {
        send(connection, encode(event));
    }

    /** Sends to every device of one owner (a customer's id, or the business) connected here. */
    public void pushToOwner(String owner, ServerEvent event) {
        push(event, owner::equals);
    }

    /** The customers with at least one device connected to this node. */
    public Set<String> connectedCustomers() {
        Set<String> customers = new java.util.HashSet<>();
        byDevice.keySet().forEach(deviceId -> {
            String owner = ownerOfDevice.get(deviceId);
            if (owner != null && !Device.BUSINESS.equals(owner)) {
                customers.add(owner);
            }
        });
        return customers;
    }

    /** Encoded once per event, not once per connection: one change may go to hundreds of sockets. */
    String encode(ServerEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(WebSocketConnection connection, String frame) {
        Outbox.send(connection, frame);
    }

    private void push(ServerEvent event, Predicate<String> toOwner) {
        String frame = encode(event);
        byDevice.forEach((deviceId, connections) -> {
            if (toOwner.test(ownerOfDevice.getOrDefault(deviceId, ""))) {
                connections.forEach(connection -> send(connection, frame));
            }
        });
    }
}
