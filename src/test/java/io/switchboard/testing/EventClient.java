package io.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client for {@code /ws/events}, recording what arrives. */
public final class EventClient implements WebSocket.Listener {

    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Opens the socket; the future fails (e.g. with a 401/403 handshake) when the server refuses. */
    public static CompletableFuture<EventClient> connect(String session, String origin) {
        EventClient client = new EventClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (session != null) {
            builder.header("Cookie", "sb_session=" + session);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + TestDevice.PORT + "/ws/events"), client).thenApply(socket -> {
            client.socket = socket;
            return client;
        });
    }

    public static EventClient open(TestDevice device) throws Exception {
        return connect(device.session(), TestDevice.ORIGIN).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Sends a client frame (JSON text). */
    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
