package io.switchboard.events;

import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/**
 * Every frame the server sends on a {@code /ws/events} connection goes through its outbox, one message
 * at a time. Vert.x cuts a text message longer than the frame size (64 KiB) into continuation frames and
 * hands them to the socket one by one; when two threads send on one connection at once, the frames of
 * two messages interleave and the client fails the connection as a protocol error. A board with 2,000
 * waiting conversations is about 600 KiB, and feeds, routing pushes and the board send from different
 * threads (found by the routing benchmark, docs/performance.md). Holding the lock while Vert.x queues
 * every frame of a message is enough: the frames then reach the socket in that order.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final UserData.TypedKey<Outbox> KEY = new UserData.TypedKey<>("outbox");

    private final WebSocketConnection connection;

    private Outbox(WebSocketConnection connection) {
        this.connection = connection;
    }

    /** Gives the connection its outbox; called first when it opens, before anything may send on it. */
    static void open(WebSocketConnection connection) {
        connection.userData().put(KEY, new Outbox(connection));
    }

    /** Sends a frame (JSON text); the frames of one message are never interleaved with another's. */
    public static void send(WebSocketConnection connection, String frame) {
        send(connection, frame, () -> { });
    }

    /** Sends a frame and runs {@code afterwards} once it has been written or has failed. */
    public static void send(WebSocketConnection connection, String frame, Runnable afterwards) {
        Outbox outbox = connection.userData().get(KEY);
        if (outbox == null) {
            throw new IllegalStateException("a frame for a connection that was never opened");
        }
        synchronized (outbox) {
            // Subscribing is what writes: Vert.x queues every frame of the message before this returns.
            outbox.connection.sendText(frame).subscribe().with(ok -> afterwards.run(), failure -> {
                LOG.debugf("a frame was not sent: %s", failure);
                afterwards.run();
            });
        }
    }
}
