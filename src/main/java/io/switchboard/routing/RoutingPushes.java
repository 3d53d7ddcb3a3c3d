package io.switchboard.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.events.DeviceConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Tells the devices what changed, after the change committed: conversation states and agents to
 * the business's devices, places in line to waiting customers, and collision activity. The same
 * facts go to the other app nodes, which push to the devices connected there.
 */
@ApplicationScoped
public class RoutingPushes {

    private static final Logger LOG = Logger.getLogger(RoutingPushes.class);
    private static final String CHANGED = "routing";
    private static final String ACTIVITY = "activity";
    /** Ids per cluster message, to stay under PostgreSQL's 8000-byte NOTIFY payload. */
    private static final int IDS_PER_SIGNAL = 150;
    private static final Set<String> ACTIVITIES = Set.of("viewing", "typing", "left");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Queue places are recomputed at most this often; a burst of changes costs one query. */
    private static final long QUEUE_DEBOUNCE_MS = 100;

    private final RoutingService routing;
    private final Router router;
    private final DeviceConnections connections;
    private final ClusterSignals cluster;
    private final ObjectMapper json;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "routing-push");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queueRefreshPending = new AtomicBoolean();
    private final Map<String, QueuePlace> lastPlaces = new ConcurrentHashMap<>();

    RoutingPushes(RoutingService routing, Router router, DeviceConnections connections, ClusterSignals cluster, ObjectMapper json) {
        this.routing = routing;
        this.router = router;
        this.connections = connections;
        this.cluster = cluster;
        this.json = json;
        cluster.onEvent(this::fromOtherNode);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingChanged event) {
        if (event.route()) {
            router.requestRun();
        }
        // An offer, a snooze or a grace period may have started: the timer must know before its deadline.
        router.rearm();
        thread.execute(() -> pushLocally(event));
        forward(event);
    }

    private void forward(RoutingChanged event) {
        List<String> ids = new ArrayList<>(event.conversationIds());
        List<String> agents = new ArrayList<>(event.agentIds());
        do {
            List<String> idChunk = ids.subList(0, Math.min(IDS_PER_SIGNAL, ids.size()));
            List<String> agentChunk = agents.subList(0, Math.min(IDS_PER_SIGNAL, agents.size()));
            send(CHANGED, new RoutingChanged(Set.copyOf(idChunk), Set.copyOf(agentChunk), event.queueMoved(), false));
            idChunk.clear();
            agentChunk.clear();
        } while (!ids.isEmpty() || !agents.isEmpty());
    }

    private void fromOtherNode(String kind, String body) {
        try {
            if (CHANGED.equals(kind)) {
                RoutingChanged event = json.readValue(body, RoutingChanged.class);
                thread.execute(() -> pushLocally(event));
                router.rearm();
            } else if (ACTIVITY.equals(kind)) {
                RoutingEvents.ActivityEvent event = json.readValue(body, RoutingEvents.ActivityEvent.class);
                connections.pushToBusiness(event, event.deviceId());
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed routing signal: %s", e.toString());
        }
    }

    private void pushLocally(RoutingChanged event) {
        try {
            if (!event.conversationIds().isEmpty()) {
                for (ConversationState state : routing.states(event.conversationIds())) {
                    connections.pushToBusiness(new RoutingEvents.ConversationEvent(state), null);
                }
            }
            if (!event.agentIds().isEmpty()) {
                for (AgentView agent : routing.agents(event.agentIds())) {
                    connections.pushToBusiness(new RoutingEvents.AgentEvent(agent), null);
                }
            }
            if (event.queueMoved() || !event.conversationIds().isEmpty()) {
                scheduleQueueRefresh();
            }
        } catch (RuntimeException e) {
            LOG.warnf("routing push failed: %s", e.toString());
        }
    }

    private void scheduleQueueRefresh() {
        if (queueRefreshPending.compareAndSet(false, true)) {
            thread.schedule(this::refreshQueuePlaces, QUEUE_DEBOUNCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Each waiting customer connected here hears their new place, only when it changed. */
    private void refreshQueuePlaces() {
        queueRefreshPending.set(false);
        try {
            Set<String> customers = connections.connectedCustomers();
            lastPlaces.keySet().retainAll(customers);
            routing.places(customers).forEach((customer, place) -> {
                if (!place.equals(lastPlaces.put(customer, place))) {
                    connections.pushToOwner(customer, new RoutingEvents.QueueEvent(place));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("queue places could not be pushed: %s", e.toString());
        }
    }

    /** A customer's device connected here: it hears its place at once. */
    public void customerConnected(String customerId) {
        thread.execute(() -> {
            lastPlaces.remove(customerId);
            try {
                routing.places(Set.of(customerId)).forEach((customer, place) -> {
                    lastPlaces.put(customer, place);
                    connections.pushToOwner(customer, new RoutingEvents.QueueEvent(place));
                });
            } catch (RuntimeException e) {
                LOG.warnf("queue place could not be pushed: %s", e.toString());
            }
        });
    }

    /**
     * Collision: who is viewing or typing in a conversation, relayed as is to the other business
     * devices here and on the other nodes. Nothing is stored; receivers forget stale entries.
     */
    public void activity(String conversationId, String deviceId, String person, String activity) {
        if (!ACTIVITIES.contains(activity) || conversationId == null || !ID.matcher(conversationId).matches()) {
            return;
        }
        RoutingEvents.ActivityEvent event = new RoutingEvents.ActivityEvent(conversationId, deviceId, person, activity);
        connections.pushToBusiness(event, deviceId);
        send(ACTIVITY, event);
    }

    private void send(String kind, Object event) {
        try {
            cluster.forward(kind, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
