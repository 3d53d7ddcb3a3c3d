package io.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.UserData;
import io.switchboard.auth.AuthenticatedDevice;

/**
 * A feature that follows devices' live channels besides the message feeds — routing's presence,
 * places in line and collision activity. {@link EventSocket} calls every one without knowing them,
 * so the socket does not depend on the features built on it. {@code data} is the connection's own
 * store, for what a listener keeps per connection.
 */
public interface ChannelListener {

    /** The device's channel opened on this node; it has had its hello and its feed. */
    void opened(AuthenticatedDevice device, UserData data);

    /** A client frame the socket does not handle itself (anything but acknowledgements and read marks). */
    void frame(AuthenticatedDevice device, JsonNode frame, UserData data);

    /** The channel closed. */
    void closed(AuthenticatedDevice device, UserData data);
}
