package io.switchboard.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends the {@link PeerOutbox}'s calls (docs/interop.md §4.8): right after a call is queued, and every second
 * for the ones that are due again. A call the peer takes (2xx) is done; one it refuses for good (a 4xx other
 * than 408 and 429) is dropped and logged, and a refused submission is marked so the customer's devices show
 * it; any other failure is tried again after a wait that doubles from one second up to
 * {@code switchboard.federation.retry-max-delay}. The calls of one room go one at a time in the order they were
 * queued, and after a failure its later calls wait with it, so they keep that order; different rooms go at once.
 * A consent call keeps its order with every call to its peer.
 */
@ApplicationScoped
class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    private static final int BATCH = 100;
    /**
     * Ended calls are recorded this many at a time, in one commit: a room's calls go one after the other, and a commit
     * per call would cost more than the call. One that is sent but not yet recorded when this node dies is sent again
     * after its lease, and the peer takes the repeat as such.
     */
    private static final int SETTLE_EVERY = 20;

    private final PeerOutbox outbox;
    private final PeerClient client;
    private final RemoteChatService remoteChats;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    OutboxDelivery(PeerOutbox outbox, PeerClient client, RemoteChatService remoteChats, SwitchboardConfig config, Clock clock, Vertx vertx,
                   ObjectMapper json) {
        this.outbox = outbox;
        this.client = client;
        this.remoteChats = remoteChats;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.json = json;
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) PeerOutbox.Queued queued) {
        vertx.executeBlocking(() -> {
            drain();
            return null;
        }, false).onFailure(failure -> LOG.warnf(failure, "Third-party chats: the outbox round failed"));
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void due() {
        drain();
    }

    /** One round at a time on this node; a request that comes during a round makes it go round once more. */
    void drain() {
        if (config.federation().domain().isEmpty()) {
            return;
        }
        again.set(true);
        while (again.get() && running.compareAndSet(false, true)) {
            try {
                again.set(false);
                List<PeerOutbox.Call> calls;
                do {
                    calls = outbox.claimDue(BATCH, lease());
                    send(calls);
                } while (calls.size() == BATCH);
            } finally {
                running.set(false);
            }
        }
    }

    /**
     * A lane is one peer's room (or that peer's consent calls): its calls go one after the other, and lanes go at once.
     * A consent call goes alone, after the calls claimed before it and before those claimed after it.
     */
    private void send(List<PeerOutbox.Call> calls) {
        List<PeerOutbox.Call> segment = new ArrayList<>();
        for (PeerOutbox.Call call : calls) {
            if (isConsent(call)) {
                sendAtOnce(segment);
                segment.clear();
                sendLane(List.of(call));
            } else {
                segment.add(call);
            }
        }
        sendAtOnce(segment);
    }

    private void sendAtOnce(List<PeerOutbox.Call> calls) {
        Map<String, List<PeerOutbox.Call>> lanes = new LinkedHashMap<>();
        calls.forEach(call -> lanes.computeIfAbsent(call.peer().domain() + ' ' + call.target(), lane -> new ArrayList<>()).add(call));
        if (lanes.size() <= 1) {
            lanes.values().forEach(this::sendLane);
            return;
        }
        CompletableFuture.allOf(lanes.values().stream().map(lane -> vertx.executeBlocking(() -> {
            sendLane(lane);
            return null;
        }, false).toCompletionStage().toCompletableFuture()).toArray(CompletableFuture[]::new)).join();
    }

    /** Consent calls name the peer's domain where the others name a room. */
    static boolean isConsent(PeerOutbox.Call call) {
        return call.target().equals(call.peer().domain());
    }

    private void sendLane(List<PeerOutbox.Call> lane) {
        Instant blocked = null;
        List<RemoteChatService.Settled> settled = new ArrayList<>();
        try {
            for (PeerOutbox.Call call : lane) {
                if (blocked != null) {
                    outbox.retryAt(call.id(), blocked, false);
                    continue;
                }
                try {
                    Buffer answer = client.deliver(call).toCompletionStage().toCompletableFuture()
                            .get(config.federation().requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                    settled.add(new RemoteChatService.Settled(call, seqOf(answer), null));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof PeerClient.PeerAnswered refused && refusedForGood(refused.status)) {
                        LOG.warnf("Third-party chats: %s refused %s for good: %s", call.peer().domain(), call.endpoint(), refused.body);
                        settled.add(new RemoteChatService.Settled(call, null, codeOf(refused.body)));
                    } else {
                        blocked = retry(call, e.getCause());
                    }
                } catch (TimeoutException e) {
                    blocked = retry(call, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (settled.size() == SETTLE_EVERY) {
                    remoteChats.settle(List.copyOf(settled));
                    settled.clear();
                }
            }
        } finally {
            if (!settled.isEmpty()) {
                remoteChats.settle(settled);
            }
        }
    }

    private Instant retry(PeerOutbox.Call call, Throwable failure) {
        Duration wait = backoff(call.attempts() + 1);
        Instant at = clock.instant().plus(wait);
        LOG.debugf("Third-party chats: %s did not take %s (attempt %d), again in %s: %s", call.peer().domain(), call.endpoint(),
                call.attempts() + 1, wait, failure);
        outbox.retryAt(call.id(), at, true);
        return at;
    }

    /** One second, doubled per failed attempt, up to the configured longest wait. */
    Duration backoff(int failedAttempts) {
        Duration max = config.federation().retryMaxDelay();
        Duration wait = Duration.ofSeconds(1L << Math.min(failedAttempts - 1, 20));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static boolean refusedForGood(int status) {
        return status / 100 == 4 && status != 408 && status != 429;
    }

    /** Long enough that a call still being sent is not taken again by another node. */
    private Duration lease() {
        return config.federation().requestTimeout().multipliedBy(3);
    }

    private Long seqOf(Buffer answer) {
        JsonNode seq = tree(answer.toString()).path("seq");
        return seq.canConvertToLong() ? seq.asLong() : null;
    }

    private String codeOf(String body) {
        String code = tree(body).path("code").asText("refused");
        return code.length() > 40 ? code.substring(0, 40) : code;
    }

    private JsonNode tree(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
