package io.switchboard.events;

import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.device.Device;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Map;
import java.util.Set;
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

    private final Map<String, Set<WebSocketConnection>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, String> ownerOfDevice = new ConcurrentHashMap<>();

    void add(String deviceId, String owner, WebSocketConnection connection) {
        ownerOfDevice.put(deviceId, owner);
        byDevice.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(String deviceId, WebSocketConnection connection) {
        byDevice.computeIfPresent(deviceId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public boolean isOnline(String deviceId) {
        return byDevice.containsKey(deviceId);
    }

    void onLoggedOut(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.LoggedOut event) {
        for (String deviceId : event.deviceIds()) {
            Set<WebSocketConnection> connections = byDevice.remove(deviceId);
            if (connections == null) {
                continue;
            }
            for (WebSocketConnection connection : connections) {
                connection.sendText(new ServerEvent.LoggedOut(event.reason()))
                        .onItemOrFailure().transformToUni((ignored, failure) ->
                                connection.close(new io.quarkus.websockets.next.CloseReason(CLOSE_LOGGED_OUT, event.reason())))
                        .subscribe().with(ok -> { }, failure -> LOG.debugf("closing %s failed: %s", deviceId, failure));
            }
        }
    }

    void onListChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.ListChanged event) {
        broadcast(new ServerEvent.DeviceListChanged(event.owner(), event.version()));
    }

    void onLinkRequestChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceEvents.LinkRequestChanged event) {
        broadcast(new ServerEvent.LinkRequestChanged(event.ref(), event.status()));
    }

    private void broadcast(ServerEvent event) {
        byDevice.values().forEach(connections -> connections.forEach(connection ->
                connection.sendText(event).subscribe().with(ok -> { }, failure -> LOG.debugf("push failed: %s", failure))));
    }
}
