package io.switchboard.cluster;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes the other app nodes through PostgreSQL {@code LISTEN/NOTIFY}. The database stays the source
 * of truth: a notification carries only which devices have something new (or an event to forward),
 * and a node that misses one still delivers everything on the device's next reconnect.
 *
 * <p>A NOTIFY takes a database-wide lock at commit, which would serialise every message insert that
 * sent one. So message inserts never notify: their recipients are collected here and one NOTIFY per
 * burst is sent on a separate connection, after the messages committed. Events and woken devices of
 * a short moment ({@link #LINGER_MILLIS}) go out in one statement: a message caused four NOTIFY
 * round trips of their own (its devices, the routing push, the board, the receipt), each a
 * transaction for PostgreSQL (docs/performance.md).
 */
@ApplicationScoped
public class ClusterSignals {

    private static final Logger LOG = Logger.getLogger(ClusterSignals.class);
    static final String MESSAGES = "switchboard_messages";
    static final String EVENTS = "switchboard_events";
    /** PostgreSQL allows 8000 bytes of payload; past this many the payload says "everyone". */
    private static final int MAX_PAYLOAD = 7000;
    public static final String EVERYONE = "*";
    /** How long the notifier waits for more after the first signal: what another node's pushes may lag by. */
    static final long LINGER_MILLIS = 5;

    private final AgroalDataSource dataSource;
    private final String nodeId;
    private final Set<String> pendingDevices = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> pendingEvents = new LinkedBlockingQueue<>(10_000);
    private final Object wakeNotifier = new Object();
    private volatile boolean running;
    private final List<Consumer<Set<String>>> onDevicesWoken = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> onEvent = new CopyOnWriteArrayList<>();

    ClusterSignals(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        this.nodeId = HexFormat.of().formatHex(id);
    }

    /** This node's random id, new at every start (12 hex digits). */
    public String nodeId() {
        return nodeId;
    }

    /** Who acts on other nodes' signals: the message feeds and the event pushes register here. */
    public void onDevicesWoken(Consumer<Set<String>> handler) {
        onDevicesWoken.add(handler);
    }

    public void onEvent(BiConsumer<String, String> handler) {
        onEvent.add(handler);
    }

    /** These devices have new messages (the local node has already woken its own feeds). */
    public void devicesHaveMessages(Set<String> deviceIds) {
        pendingDevices.addAll(deviceIds);
        synchronized (wakeNotifier) {
            wakeNotifier.notifyAll();
        }
    }

    /** Forwards an event (already applied on this node) to the other nodes. */
    public void forward(String kind, String json) {
        if (!pendingEvents.offer(kind + "|" + json)) {
            LOG.warn("cluster event queue full; another node will miss an event until its clients reconnect");
        }
        synchronized (wakeNotifier) {
            wakeNotifier.notifyAll();
        }
    }

    void start(@Observes StartupEvent event) {
        running = true;
        daemon("cluster-listen", this::listen).start();
        daemon("cluster-notify", this::notifyLoop).start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        synchronized (wakeNotifier) {
            wakeNotifier.notifyAll();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("LISTEN " + MESSAGES);
                statement.execute("LISTEN " + EVENTS);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("cluster listener lost its connection (%s); reconnecting", e.toString());
                    pause(1000);
                }
            }
        }
    }

    private void dispatch(String channel, String payload) {
        int bar = payload.indexOf('|');
        if (bar < 0 || payload.substring(0, bar).equals(nodeId)) {
            return;
        }
        String body = payload.substring(bar + 1);
        try {
            if (MESSAGES.equals(channel)) {
                Set<String> devices = body.equals(EVERYONE) ? Set.of(EVERYONE) : Set.of(body.split(","));
                onDevicesWoken.forEach(handler -> handler.accept(devices));
            } else {
                int kindEnd = body.indexOf('|');
                String kind = body.substring(0, kindEnd);
                String json = body.substring(kindEnd + 1);
                onEvent.forEach(handler -> handler.accept(kind, json));
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not act on a cluster signal: %s", e.toString());
        }
    }

    private void notifyLoop() {
        while (running) {
            // unnest keeps the arrays' order, and PostgreSQL delivers one transaction's notifications in the order sent.
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement notify = connection.prepareStatement(
                         "select count(pg_notify(channel, payload)) from unnest(?::text[], ?::text[]) as signal(channel, payload)")) {
                connection.setAutoCommit(true);
                while (running) {
                    if (waitForWork()) {
                        pause(LINGER_MILLIS);
                    }
                    List<String> channels = new ArrayList<>();
                    List<String> payloads = new ArrayList<>();
                    String event;
                    while ((event = pendingEvents.poll()) != null) {
                        channels.add(EVENTS);
                        payloads.add(nodeId + "|" + event);
                    }
                    if (!pendingDevices.isEmpty()) {
                        channels.add(MESSAGES);
                        payloads.add(nodeId + "|" + drainDevices());
                    }
                    if (!channels.isEmpty()) {
                        notify.setArray(1, connection.createArrayOf("text", channels.toArray()));
                        notify.setArray(2, connection.createArrayOf("text", payloads.toArray()));
                        notify.execute();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("cluster notifier lost its connection (%s); reconnecting", e.toString());
                    pause(1000);
                }
            }
        }
    }

    /** True when it had to wait: the first signal of a burst, worth lingering for the rest. */
    private boolean waitForWork() {
        synchronized (wakeNotifier) {
            if (pendingDevices.isEmpty() && pendingEvents.isEmpty() && running) {
                try {
                    wakeNotifier.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            return false;
        }
    }

    private String drainDevices() {
        StringBuilder ids = new StringBuilder();
        for (String id : Set.copyOf(pendingDevices)) {
            pendingDevices.remove(id);
            if (ids.length() + id.length() + 1 > MAX_PAYLOAD) {
                pendingDevices.clear();
                return EVERYONE;
            }
            ids.append(ids.length() == 0 ? "" : ",").append(id);
        }
        return ids.toString();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
