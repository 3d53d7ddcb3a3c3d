package io.switchboard.events;

import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import java.lang.reflect.Method;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Every message the server sends on a {@code /ws/events} connection goes through its outbox, one at a
 * time. Vert.x cuts a text message longer than the frame size (64 KiB) into continuation frames and
 * queues them on the socket one by one; when two threads send on one connection at once, the frames of
 * two messages can interleave and the client fails the connection as a protocol error. A board with
 * 2,000 waiting conversations is about 600 KiB, and feeds, routing and the board send from different
 * threads. So the next message starts only when the previous one has been written.
 *
 * <p>No lock is held while Vert.x writes: a sender only queues, and whoever finishes a message (the
 * sender itself, or the event loop when the write completes) starts the next. A write that completes
 * inline hands the turn back to the loop rather than recursing, so a long queue cannot grow the stack.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final UserData.TypedKey<Outbox> KEY = new UserData.TypedKey<>("outbox");

    private static final int WRITING = 0;
    private static final int STARTER_LEFT = 1;
    private static final int COMPLETED_INLINE = 2;

    /**
     * Quarkus's socket under the connection, or null. {@code WebSocketConnection.sendText} wraps every message in a Uni over a
     * CompletionStage and captures the context for it; with the inbox's fan-out (every conversation change to every business
     * device) that was the larger part of the event loops' time in a storm of resolves (docs/performance.md). Writing to the
     * Vert.x socket skips it. Found by reflection, as Quarkus keeps the accessor to itself; without it, {@code sendText}.
     */
    private static final Method SOCKET = socketAccessor();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Messages queued or being written; whoever moves it from 0 to 1 owns the turn to write. */
    private final AtomicInteger outstanding = new AtomicInteger();

    private record Pending(String frame, Runnable afterwards, AtomicInteger state) {
    }

    private Outbox(WebSocketConnection connection) {
        this.connection = connection;
        this.socket = socketOf(connection);
    }

    private static Method socketAccessor() {
        try {
            Method accessor = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase").getDeclaredMethod("webSocket");
            accessor.setAccessible(true);
            return accessor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("WebSocket messages go through WebSocketConnection.sendText: %s", e.toString());
            return null;
        }
    }

    private static WebSocketBase socketOf(WebSocketConnection connection) {
        if (SOCKET == null || !SOCKET.getDeclaringClass().isInstance(connection)) {
            return null;
        }
        try {
            return (WebSocketBase) SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Gives the connection its outbox; called first when it opens, before anything may send on it. */
    static void open(WebSocketConnection connection) {
        connection.userData().put(KEY, new Outbox(connection));
    }

    static boolean writesDirectly(WebSocketConnection connection) {
        Outbox outbox = connection.userData().get(KEY);
        return outbox != null && outbox.socket != null;
    }

    /** Sends a message (JSON text) after every message queued before it on this connection. */
    public static void send(WebSocketConnection connection, String frame) {
        send(connection, frame, () -> { });
    }

    /** Sends a message and runs {@code afterwards} once it has been written or has failed. */
    public static void send(WebSocketConnection connection, String frame, Runnable afterwards) {
        Outbox outbox = connection.userData().get(KEY);
        if (outbox == null) {
            throw new IllegalStateException("a message for a connection that was never opened");
        }
        outbox.queue.offer(new Pending(frame, afterwards, new AtomicInteger(WRITING)));
        if (outbox.outstanding.getAndIncrement() == 0) {
            outbox.writeInTurn();
        }
    }

    private void writeInTurn() {
        do {
            Pending next = queue.poll();
            try {
                if (socket != null) {
                    socket.writeTextMessage(next.frame()).onComplete(result -> {
                        if (result.failed()) {
                            LOG.debugf("a message was not sent: %s", result.cause());
                        }
                        written(next);
                    });
                } else {
                    connection.sendText(next.frame()).subscribe().with(ok -> written(next), failure -> {
                        LOG.debugf("a message was not sent: %s", failure);
                        written(next);
                    });
                }
            } catch (RuntimeException e) {
                LOG.debugf("a message was not sent: %s", e);
                written(next);
            }
            if (next.state().compareAndSet(WRITING, STARTER_LEFT)) {
                return;
            }
        } while (outstanding.decrementAndGet() > 0);
    }

    private void written(Pending message) {
        try {
            message.afterwards().run();
        } finally {
            if (!message.state().compareAndSet(WRITING, COMPLETED_INLINE) && outstanding.decrementAndGet() > 0) {
                writeInTurn();
            }
        }
    }
}
