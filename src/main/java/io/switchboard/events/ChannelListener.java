package io.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.auth.AuthenticatedDevice;

/**
 * A feature that follows devices' live channels — messaging's feeds (messages, acknowledgements,
 * read marks) and routing's presence, places in line and collision activity. {@link EventSocket}
 * calls every one without knowing them, so the socket does not depend on the features built on it.
 * The connection's {@code userData()} is its own store, for what a listener keeps per connection.
 */
public interface ChannelListener {

    /** The device's channel opened on this node; it has had its hello and its feed. */
    void opened(AuthenticatedDevice device, WebSocketConnection connection);

    /** A client frame; each listener acts on the types it knows and ignores the rest. */
    void frame(AuthenticatedDevice device, JsonNode frame, WebSocketConnection connection);

    /** The channel closed. */
    void closed(AuthenticatedDevice device, WebSocketConnection connection);
}
