package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelopes;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The device's delivery WebSocket. Messages are handled one at a time in sequence order and
 * acknowledged after the handler returns; anything at or below the highest sequence already
 * handled is acknowledged again but not handed over twice (delivery is at least once). The
 * connection comes back by itself with a growing pause, signing in again when the session ended,
 * and stops for good when the server says this device was logged out.
 */
public final class DeliveryConnection implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final SwitchboardClient client;
    private final Consumer<ReceivedMessage> onMessage;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> undecryptable = new CopyOnWriteArrayList<>();
    private final List<JsonNode> receipts = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile String loggedOutReason;
    private volatile WebSocket socket;
    private volatile CompletableFuture<Void> connected = new CompletableFuture<>();
    private Duration retry = FIRST_RETRY;
    private CompletableFuture<Void> sends = CompletableFuture.completedFuture(null);

    DeliveryConnection(SwitchboardClient client, Consumer<ReceivedMessage> onMessage) {
        this.client = client;
        this.onMessage = onMessage;
    }

    void start() {
        scheduler.execute(this::connect);
    }

    /** Completes when the socket is open (again). */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    public boolean isOpen() {
        WebSocket current = socket;
        return current != null && !current.isInputClosed() && !current.isOutputClosed();
    }

    public String loggedOutReason() {
        return loggedOutReason;
    }

    /** Sequence numbers and reasons of messages that failed verification or decryption (acknowledged anyway). */
    public List<String> undecryptable() {
        return undecryptable;
    }

    public List<JsonNode> receipts() {
        return receipts;
    }

    /** Drops the connection as a network failure would; it reconnects by itself. */
    public void dropForTest() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
            reconnectLater(null);
        }
    }

    private void connect() {
        if (closed || loggedOutReason != null) {
            return;
        }
        ApiClient api = client.api();
        if (api.session() == null) {
            try {
                api.signIn();
            } catch (RuntimeException e) {
                reconnectLater(e);
                return;
            }
        }
        URI uri = URI.create(api.base().toString().replaceFirst("^http", "ws")).resolve("/ws/events");
        api.http().newWebSocketBuilder()
                .header("Origin", api.origin())
                .header("Cookie", "sb_session=" + api.session())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener())
                .whenComplete((webSocket, failure) -> {
                    if (failure != null) {
                        if (String.valueOf(failure.getMessage()).contains("401") || String.valueOf(failure.getCause()).contains("401")) {
                            api.adoptSession(null);
                        }
                        reconnectLater(failure);
                    } else {
                        socket = webSocket;
                        retry = FIRST_RETRY;
                        connected.complete(null);
                    }
                });
    }

    private void reconnectLater(Throwable why) {
        if (closed || loggedOutReason != null) {
            return;
        }
        if (connected.isDone()) {
            connected = new CompletableFuture<>();
        }
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
        scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                handle(webSocket, frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == 4001) {
                loggedOutReason = reason == null || reason.isEmpty() ? "removed" : reason;
            }
            reconnectLater(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnectLater(error);
        }
    }

    private void handle(WebSocket webSocket, String text) {
        JsonNode frame;
        try {
            frame = client.api().json().readTree(text);
        } catch (Exception e) {
            return;
        }
        switch (frame.path("type").asText()) {
            case "message" -> {
                long seq = frame.get("seq").asLong();
                if (seq > client.highestReceivedSeq()) {
                    try {
                        ReceivedMessage message = client.open(seq, frame.get("conversation").asText(),
                                Envelopes.parse(frame.get("envelope")));
                        // The device's own copy (protocol 1.1): its send already answered with it; fetchAll reads it again.
                        if (!message.header().sender().equals(client.deviceId())) {
                            onMessage.accept(message);
                        }
                    } catch (RuntimeException e) {
                        undecryptable.add(seq + ": " + e.getMessage());
                    }
                    client.received(seq);
                }
                acknowledge(webSocket, seq);
            }
            case "logged-out" -> loggedOutReason = frame.path("reason").asText("removed");
            case "receipt" -> receipts.add(frame);
            default -> {
            }
        }
    }

    /** Sends are chained: the JDK's WebSocket refuses a send while the previous one is pending. */
    private synchronized void acknowledge(WebSocket webSocket, long seq) {
        String ack = ackFrame(seq);
        sends = sends.exceptionally(failure -> null).thenCompose(ignored -> webSocket.sendText(ack, true)).thenApply(ignored -> null);
    }

    private String ackFrame(long seq) {
        try {
            return client.api().json().writeValueAsString(Map.of("type", "ack", "seq", seq));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        if (current != null && !current.isOutputClosed()) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        scheduler.shutdownNow();
    }
}
