package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.ApiClient;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A supervisor's board page as the benchmarks need it: a {@code /ws/events} connection that subscribes to
 * the board (docs/protocol.md §15.3) and records, for every conversation and assignee, when a board frame
 * (the whole board or a patch) first showed that assignment: the moment it reached the supervisor's screen.
 * It checks that every patch starts from the version before it, as the page does.
 */
final class BoardWatcher implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code conversation + " " + assignee} → when a frame first showed it. */
    private final Map<String, Instant> firstShown = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong wholeBoards = new AtomicLong();
    final AtomicLong wholeBytes = new AtomicLong();
    final AtomicLong largestPatch = new AtomicLong();
    /** Patches that did not start from the version before them: a board page would have asked for the whole board. */
    final AtomicLong gaps = new AtomicLong();
    private long version = -1;

    static BoardWatcher open(ApiClient supervisor) throws Exception {
        BoardWatcher watcher = new BoardWatcher();
        URI uri = URI.create(supervisor.base().toString().replaceFirst("^http", "ws")).resolve("/ws/events");
        WebSocket socket = supervisor.http().newWebSocketBuilder().header("Origin", supervisor.origin())
                .header("Cookie", "sb_session=" + supervisor.session()).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, watcher).get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"to\":\"board\"}", true).get(10, TimeUnit.SECONDS);
        return watcher;
    }

    /** When a board frame first showed this conversation assigned to this device; null if none did (yet). */
    Instant shown(String conversation, String assignee) {
        return firstShown.get(conversation + " " + assignee);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        System.out.printf("the board's socket was closed: %d %s%n", statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        System.out.printf("the board's socket failed: %s (%s)%n", error, error.getCause());
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            Instant arrived = Instant.now();
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode frame = JSON.readTree(text);
                String type = frame.path("type").asText();
                if ("board".equals(type) || "board-patch".equals(type)) {
                    frames.incrementAndGet();
                    bytes.addAndGet(text.length());
                    JsonNode rows;
                    if ("board".equals(type)) {
                        wholeBoards.incrementAndGet();
                        wholeBytes.addAndGet(text.length());
                        rows = frame.path("board").path("conversations");
                    } else {
                        largestPatch.accumulateAndGet(text.length(), Math::max);
                        if (frame.path("from").asLong() != version) {
                            gaps.incrementAndGet();
                        }
                        rows = frame.path("conversations");
                    }
                    version = frame.path("version").asLong();
                    for (JsonNode conversation : rows) {
                        JsonNode assignee = conversation.path("assigneeDeviceId");
                        if (assignee.isTextual()) {
                            firstShown.putIfAbsent(conversation.path("id").asText() + " " + assignee.asText(), arrived);
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        socket.request(1);
        return null;
    }
}
