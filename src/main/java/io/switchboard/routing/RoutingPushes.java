package io.switchboard.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.conversation.ConversationState;
import io.switchboard.events.DeviceConnections;
import io.switchboard.events.ServerEvent;
import io.switchboard.routing.events.RoutingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
 * Tells the devices what changed, derived from the {@link RoutingEvent}s after their transaction
 * committed: conversation states and agents to the business's devices, places in line to waiting
 * customers, and collision activity. The same facts go to the other app nodes (through
 * {@link ClusterSignals}), which push to the devices connected there and re-arm their deadline timer.
 */
@ApplicationScoped
public class RoutingPushes {

    private static final Logger LOG = Logger.getLogger(RoutingPushes.class);
    private static final String CHANGED = "routing";
    private static final String ACTIVITY = "activity";
    /** Ids per cluster message, to stay under PostgreSQL's 8000-byte NOTIFY payload. */
    private static final int IDS_PER_SIGNAL = 150;
    static final Set<String> ACTIVITIES = Set.of("viewing", "typing", "left");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Queue places are recomputed at most this often; a burst of changes costs one query. */
    private static final long QUEUE_DEBOUNCE_MS = 100;

    private final RoutingViews views;
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
    private final AtomicBoolean pushPending = new AtomicBoolean();
    private final Set<String> touchedConversations = ConcurrentHashMap.newKeySet();
    private final Set<String> touchedAgents = ConcurrentHashMap.newKeySet();
    private final Map<String, QueuePlace> lastPlaces = new ConcurrentHashMap<>();

    RoutingPushes(RoutingViews views, Router router, DeviceConnections connections, ClusterSignals cluster, ObjectMapper json) {
        this.views = views;
        this.router = router;
        this.connections = connections;
        this.cluster = cluster;
        this.json = json;
        cluster.onEvent(this::fromOtherNode);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    /**
     * Every routing event, once its transaction committed: the router runs when it may have work,
     * the deadline timer re-reads (an offer, a snooze or a grace period may have started), and what
     * it touched is pushed here and forwarded to the other nodes. A routing run fires one event per
     * conversation it gave away; they are gathered into one push.
     */
    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutingEvent event) {
        if (event.mayRoute()) {
            router.requestRun();
        }
        router.rearm();
        if (event.conversationIds().isEmpty() && event.agentIds().isEmpty()) {
            return;
        }
        touchedConversations.addAll(event.conversationIds());
        touchedAgents.addAll(event.agentIds());
        if (pushPending.compareAndSet(false, true)) {
            thread.execute(this::pushTouched);
        }
    }

    private void pushTouched() {
        pushPending.set(false);
        Touched touched = new Touched(drain(touchedConversations), drain(touchedAgents));
        if (touched.conversationIds().isEmpty() && touched.agentIds().isEmpty()) {
            return;
        }
        forward(touched);
        pushLocally(touched);
    }

    private static Set<String> drain(Set<String> pending) {
        Set<String> drained = new HashSet<>();
        for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
            drained.add(it.next());
            it.remove();
        }
        return drained;
    }

    /** What changed, as the other nodes hear it: they push the same to the devices connected there. */
    record Touched(Set<String> conversationIds, Set<String> agentIds) {
    }

    private void forward(Touched touched) {
        List<String> ids = new ArrayList<>(touched.conversationIds());
        List<String> agents = new ArrayList<>(touched.agentIds());
        do {
            List<String> idChunk = ids.subList(0, Math.min(IDS_PER_SIGNAL, ids.size()));
            List<String> agentChunk = agents.subList(0, Math.min(IDS_PER_SIGNAL, agents.size()));
            send(CHANGED, new Touched(Set.copyOf(idChunk), Set.copyOf(agentChunk)));
            idChunk.clear();
            agentChunk.clear();
        } while (!ids.isEmpty() || !agents.isEmpty());
    }

    private void fromOtherNode(String kind, String body) {
        try {
            if (CHANGED.equals(kind)) {
                Touched touched = json.readValue(body, Touched.class);
                thread.execute(() -> pushLocally(touched));
                router.rearm();
            } else if (ACTIVITY.equals(kind)) {
                RoutingFrames.ActivityFrame frame = json.readValue(body, RoutingFrames.ActivityFrame.class);
                connections.pushToBusiness(frame, frame.deviceId());
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a malformed routing signal: %s", e.toString());
        }
    }

    private void pushLocally(Touched touched) {
        try {
            if (!touched.conversationIds().isEmpty()) {
                List<ConversationState> states = views.states(touched.conversationIds());
                connections.pushToBusiness(states.stream().<ServerEvent>map(RoutingFrames.ConversationFrame::new).toList(),
                        new RoutingFrames.ConversationsFrame(states));
                scheduleQueueRefresh();
            }
            if (!touched.agentIds().isEmpty()) {
                List<AgentView> agents = views.agents(touched.agentIds());
                connections.pushToBusiness(agents.stream().<ServerEvent>map(RoutingFrames.AgentFrame::new).toList(),
                        new RoutingFrames.AgentsFrame(agents));
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

    /** Each waiting customer connected here hears their new place, only when it changed. Places are kept by customer id. */
    private void refreshQueuePlaces() {
        queueRefreshPending.set(false);
        try {
            Set<String> customers = connections.connectedCustomers();
            lastPlaces.keySet().retainAll(customers);
            views.placesOfCustomers(customers).forEach((customer, place) -> {
                if (!place.equals(lastPlaces.put(customer, place))) {
                    connections.pushToOwner(customer, new RoutingFrames.QueueFrame(place));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("queue places could not be pushed: %s", e.toString());
        }
    }

    /** A customer's device connected here: it hears its place at once. */
    void customerConnected(String customerId) {
        thread.execute(() -> {
            lastPlaces.remove(customerId);
            try {
                views.placesOfCustomers(Set.of(customerId)).forEach((customer, place) -> {
                    lastPlaces.put(customer, place);
                    connections.pushToOwner(customer, new RoutingFrames.QueueFrame(place));
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
    void activity(String conversationId, String deviceId, String person, String activity) {
        if (!ACTIVITIES.contains(activity) || conversationId == null || !ID.matcher(conversationId).matches()) {
            return;
        }
        RoutingFrames.ActivityFrame frame = new RoutingFrames.ActivityFrame(conversationId, deviceId, person, activity);
        connections.pushToBusiness(frame, deviceId);
        send(ACTIVITY, frame);
    }

    private void send(String kind, Object event) {
        try {
            cluster.forward(kind, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
