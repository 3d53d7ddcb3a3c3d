package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.ApiClient;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A business device's {@code /ws/events} connection to any node, as routing tests and benchmarks
 * need it: it keeps the agent online (presence, docs/protocol.md §14.2), acknowledges delivered
 * messages without decrypting them, keeps the latest pushed state of every conversation and
 * reports, with the time it arrived, every push that shows a conversation newly assigned to this
 * device. With {@code everything} false, frames that do not mention this device are dropped
 * unparsed (cheaper with hundreds of agents in one JVM).
 */
public final class AgentSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A push showing a conversation assigned to this device: the server's {@code assignedAt} (when the router
     * decided), and when the push arrived here, as {@link System#nanoTime()} and as wall-clock time.
     */
    public record Assigned(String conversation, String assignedAt, long receivedNanos, Instant receivedAt) {
    }

    private final String deviceId;
    private final boolean everything;
    private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seenAssignments = new ConcurrentHashMap<>();
    private final BlockingQueue<Assigned> assigned = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    private AgentSocket(String deviceId, boolean everything) {
        this.deviceId = deviceId;
        this.everything = everything;
    }

    /** Opens the socket on the device's node with its session (signed in already) and its origin; single routing frames. */
    public static AgentSocket open(ApiClient device, boolean everything) throws Exception {
        return open(device, everything, false);
    }

    /** As {@link #open(ApiClient, boolean)}; with {@code batches}, asks for routing's changes in batches, as the web app does (§14.4). */
    public static AgentSocket open(ApiClient device, boolean everything, boolean batches) throws Exception {
        if (device.session() == null) {
            device.signIn();
        }
        AgentSocket listener = new AgentSocket(device.keys().deviceId(), everything);
        URI uri = URI.create(device.base().toString().replaceFirst("^http", "ws")).resolve("/ws/events");
        listener.socket = device.http().newWebSocketBuilder()
                .header("Origin", device.origin())
                .header("Cookie", "sb_session=" + device.session())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, listener).get(30, TimeUnit.SECONDS);
        if (batches) {
            listener.socket.sendText("{\"type\":\"subscribe\",\"to\":\"batches\"}", true).get(10, TimeUnit.SECONDS);
        }
        return listener;
    }

    public String deviceId() {
        return deviceId;
    }

    /** The latest pushed state of each conversation this socket heard about (all of them when {@code everything}). */
    public Map<String, JsonNode> latest() {
        return latest;
    }

    /** Pushes that showed a conversation newly assigned to this device, in arrival order. */
    public BlockingQueue<Assigned> assigned() {
        return assigned;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            Instant at = Instant.now();
            String text = partial.toString();
            partial.setLength(0);
            if (everything || text.contains(deviceId)) {
                handle(webSocket, text, now, at);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(WebSocket webSocket, String text, long receivedNanos, Instant receivedAt) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            return;
        }
        switch (frame.path("type").asText()) {
            case "message" -> acknowledge(webSocket, frame.path("seq").asLong());
            case "conversation" -> conversation(frame.path("conversation"), receivedNanos, receivedAt);
            case "conversations" -> frame.path("conversations").forEach(state -> conversation(state, receivedNanos, receivedAt));
            default -> {
            }
        }
    }

    private void conversation(JsonNode state, long receivedNanos, Instant receivedAt) {
        String id = state.path("id").asText();
        latest.put(id, state);
        if (deviceId.equals(state.path("assignee").path("deviceId").asText(null))) {
            String at = state.path("assignedAt").asText("");
            if (seenAssignments.putIfAbsent(id + "@" + at, Boolean.TRUE) == null) {
                assigned.add(new Assigned(id, at, receivedNanos, receivedAt));
            }
        }
    }

    /** The JDK's WebSocket refuses a send while the previous one is pending, so sends are chained. */
    private synchronized void acknowledge(WebSocket webSocket, long seq) {
        String ack = "{\"type\":\"ack\",\"seq\":" + seq + "}";
        sends = sends.exceptionally(failure -> null).thenCompose(ignored -> webSocket.sendText(ack, true));
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

    public boolean isOpen() {
        WebSocket current = socket;
        return current != null && !current.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !current.isOutputClosed()) {
            try {
                current.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            } catch (RuntimeException e) {
                current.abort();
            }
        }
    }
}
