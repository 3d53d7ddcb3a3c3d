package io.switchboard.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.cluster.ClusterSignals;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ReadPastEnd;
import io.switchboard.conversation.ConversationStore;
import io.switchboard.conversation.Receipts;
import io.switchboard.events.ChannelListener;
import io.switchboard.events.Outbox;
import io.switchboard.protocol.B64u;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Pushes each connected device its messages in order, starting after its acknowledged cursor, and
 * keeps at most {@link #WINDOW} unacknowledged messages in flight so a slow device costs only its
 * own memory. New messages wake the feeds of their recipients.
 */
@ApplicationScoped
public class MessageFeeds implements ChannelListener {

    private static final Logger LOG = Logger.getLogger(MessageFeeds.class);
    static final int WINDOW = 500;
    static final Duration ACK_FLUSH = Duration.ofMillis(100);
    private static final String RECEIPT = "receipt";
    private static final int PAGE = 100;
    /**
     * Committed messages a feed keeps in memory for its device, in batches as they were committed; a device further
     * behind reads them back a page at a time. Counted in messages, not batches: at a few hundred messages a second
     * most group commits hold one message, and a bound of 64 batches sent a feed that fell a third of a second
     * behind to the database for every page after it, which cost more CPU and fell further behind (docs/performance.md).
     */
    static final int MAX_FRESH_MESSAGES = WINDOW;

    private final Delivery delivery;
    private final ObjectMapper json;
    private final Map<String, Set<Feed>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Feed> byConnection = new ConcurrentHashMap<>();
    /**
     * The feeds a conversation's receipt may go to: its counterpart's, by owner, and the business's. A receipt looked
     * at every connection of the node, which with thousands of idle customers' sockets cost more than the message.
     */
    private final Map<String, Set<Feed>> byCounterpart = new ConcurrentHashMap<>();
    private final Set<Feed> business = ConcurrentHashMap.newKeySet();
    /** Feeds with an acknowledgement not yet recorded, and whether the tick that records them is scheduled. */
    private final Queue<Feed> toFlush = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushTickScheduled = new AtomicBoolean();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ack-flusher");
        thread.setDaemon(true);
        return thread;
    });

    private final ClusterSignals cluster;
    private final ConversationAccess access;
    private final ConversationStore conversations;
    private final Receipts receipts;

    MessageFeeds(Delivery delivery, ObjectMapper json, ClusterSignals cluster, ConversationAccess access, ConversationStore conversations,
                 Receipts receipts) {
        this.delivery = delivery;
        this.access = access;
        this.conversations = conversations;
        this.receipts = receipts;
        this.json = json;
        this.cluster = cluster;
        cluster.onDevicesWoken(ids -> {
            if (ids.contains(ClusterSignals.EVERYONE)) {
                byConnection.values().forEach(Feed::wake);
            } else {
                ids.forEach(this::wake);
            }
        });
        cluster.onEvent((kind, body) -> {
            if (RECEIPT.equals(kind)) {
                ForwardedReceipt forwarded = read(body, ForwardedReceipt.class);
                conversations.find(forwarded.receipt().conversation())
                        .ifPresent(conversation -> pushReceipt(conversation, forwarded.receipt(), forwarded.forOwnSide()));
            }
        });
    }

    /** One device connection's position: what was pushed and what the device acknowledged. */
    final class Feed {
        final AuthenticatedDevice device;
        final WebSocketConnection connection;
        volatile long pushedUpTo;
        volatile long ackedUpTo;
        /** Every message for this device with a seq up to this one has been pushed. */
        private volatile long caughtUpTo;
        /** Batches this node just committed, pushed from memory when they continue where the feed is caught up. */
        private final Queue<FreshBatch> fresh = new ConcurrentLinkedQueue<>();
        private final AtomicInteger freshMessages = new AtomicInteger();
        /** Something may have been committed that no fresh batch brings: another node's messages, a dropped batch. */
        private final AtomicBoolean needsQuery = new AtomicBoolean();
        /** The drain stopped at a full window; the next acknowledgement resumes it. */
        private volatile boolean stalled;
        private final AtomicLong unflushedAck = new AtomicLong();
        private final AtomicBoolean flushScheduled = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();

        Feed(AuthenticatedDevice device, WebSocketConnection connection, long cursor) {
            this.device = device;
            this.connection = connection;
            this.pushedUpTo = cursor;
            this.ackedUpTo = cursor;
            this.caughtUpTo = cursor;
        }

        /**
         * Acknowledgements arrive per message; the cursor and receipts are written at most every
         * {@link #ACK_FLUSH} per connection. A crash in between only means a redelivery, which
         * clients ignore.
         */
        void acknowledged(long seq) {
            ackedUpTo = Math.max(ackedUpTo, seq);
            unflushedAck.accumulateAndGet(seq, Math::max);
            if (flushScheduled.compareAndSet(false, true)) {
                toFlush.add(this);
                if (flushTickScheduled.compareAndSet(false, true)) {
                    flusher.schedule(MessageFeeds.this::flushAll, ACK_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (stalled) {
                stalled = false;
                schedule();
            }
        }

        void flush() {
            long seq = take();
            if (seq > 0) {
                record(seq);
            }
        }

        /** The acknowledgement to record now (0 for none); a later one schedules the next flush. */
        long take() {
            flushScheduled.set(false);
            return unflushedAck.getAndSet(0);
        }

        void record(long seq) {
            try {
                delivery.acknowledge(device, seq);
            } catch (RuntimeException e) {
                LOG.warnf("could not record the acknowledgement of %s up to %d: %s", device.deviceId(), seq, e.toString());
            }
        }

        /** New messages may exist that only the database knows of. */
        void wake() {
            needsQuery.set(true);
            schedule();
        }

        /** A batch this node committed; a device that falls far behind reads them back instead of queueing them all. */
        void offer(FreshBatch batch) {
            // Only the group commit's thread offers, so the check and the add need no lock.
            if (freshMessages.get() + batch.messages().size() <= MAX_FRESH_MESSAGES) {
                freshMessages.addAndGet(batch.messages().size());
                fresh.add(batch);
            } else {
                needsQuery.set(true);
            }
            schedule();
        }

        private void schedule() {
            again.set(true);
            if (running.compareAndSet(false, true)) {
                Infrastructure.getDefaultWorkerPool().execute(this::drain);
            }
        }

        private boolean windowOpen() {
            return pushedUpTo - ackedUpTo < WINDOW;
        }

        private void drain() {
            try {
                while (again.getAndSet(false) && connection.isOpen()) {
                    while (connection.isOpen()) {
                        pushFresh();
                        if (!windowOpen()) {
                            // Stalled first, then look again: an acknowledgement in between either sees the flag or frees the window.
                            stalled = true;
                            if (!windowOpen()) {
                                break;
                            }
                            stalled = false;
                            continue;
                        }
                        FreshBatch next = fresh.peek();
                        boolean gap = next != null && next.afterSeq() > caughtUpTo;
                        if (!needsQuery.getAndSet(false) && !gap) {
                            break;
                        }
                        Delivery.Page page = delivery.page(device.deviceId(), pushedUpTo, PAGE);
                        for (Delivery.Delivered message : page.messages()) {
                            push(message.seq(), json.writeValueAsString(message));
                        }
                        if (page.messages().size() < PAGE) {
                            caughtUpTo = Math.max(caughtUpTo, page.highestSeq());
                        } else {
                            caughtUpTo = Math.max(caughtUpTo, pushedUpTo);
                            needsQuery.set(true);
                        }
                    }
                }
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.debugf("feed of %s stopped: %s", device.deviceId(), e.toString());
            } finally {
                running.set(false);
                if (again.get() && connection.isOpen()) {
                    schedule();
                }
            }
        }

        /** Pushes the fresh batches that continue where the feed is caught up; drops those a query already covered. */
        private void pushFresh() {
            FreshBatch batch;
            while ((batch = fresh.peek()) != null && windowOpen()) {
                if (batch.afterSeq() <= caughtUpTo && batch.upToSeq() > caughtUpTo) {
                    for (FreshFrame message : batch.messages()) {
                        String frame = message.seq() > pushedUpTo ? message.frameFor(device.deviceId()) : null;
                        if (frame != null) {
                            push(message.seq(), frame);
                        }
                    }
                    caughtUpTo = batch.upToSeq();
                } else if (batch.afterSeq() > caughtUpTo) {
                    return;
                }
                fresh.poll();
                freshMessages.addAndGet(-batch.messages().size());
            }
        }

        /**
         * Frames of one connection go out in the order they are queued. Nothing waits for the network here: the
         * acknowledgement window bounds what is in flight.
         */
        private void push(long seq, String frame) {
            // Before the frame leaves: a fast client's acknowledgement may arrive before the send call returns, and
            // one past pushedUpTo is dropped as a lie.
            pushedUpTo = seq;
            Outbox.send(connection, frame);
        }
    }

    /** One group commit's messages as every feed pushes them. */
    record FreshBatch(long afterSeq, long upToSeq, List<FreshFrame> messages) {
    }

    /** A message's frame serialised once, with an empty {@code wraps}; each device's frame only adds its wrap. */
    record FreshFrame(long seq, String withoutWraps, Map<String, byte[]> wraps) {

        static final String EMPTY_WRAPS_END = "{}}}";

        FreshFrame {
            if (!withoutWraps.endsWith(EMPTY_WRAPS_END)) {
                throw new IllegalStateException("a message frame must end with its envelope's wraps");
            }
        }

        String frameFor(String deviceId) {
            byte[] wrap = wraps.get(deviceId);
            if (wrap == null) {
                return null;
            }
            return withoutWraps.substring(0, withoutWraps.length() - EMPTY_WRAPS_END.length())
                    + "{\"" + deviceId + "\":\"" + B64u.encode(wrap) + "\"}}}";
        }
    }

    @Override
    public void opened(AuthenticatedDevice device, WebSocketConnection connection) {
        open(device, connection);
    }

    /** Acknowledgements {@code {"type":"ack","seq":n}} and read marks {@code {"type":"read","conversation":id,"seq":n}}. */
    @Override
    public void frame(AuthenticatedDevice device, JsonNode frame, WebSocketConnection connection) {
        String type = frame.path("type").asText("");
        long seq = frame.path("seq").asLong(0);
        if ("ack".equals(type) && seq > 0) {
            acknowledge(connection, seq);
        } else if ("read".equals(type) && seq > 0 && frame.path("conversation").isTextual()) {
            markRead(connection, frame.path("conversation").asText(), seq);
        }
    }

    @Override
    public void closed(AuthenticatedDevice device, WebSocketConnection connection) {
        close(connection);
    }

    private void open(AuthenticatedDevice device, WebSocketConnection connection) {
        Feed feed = new Feed(device, connection, delivery.cursor(device.deviceId()));
        byConnection.put(connection.id(), feed);
        byDevice.computeIfAbsent(device.deviceId(), id -> ConcurrentHashMap.newKeySet()).add(feed);
        if (device.business()) {
            business.add(feed);
        } else {
            byCounterpart.computeIfAbsent(device.owner(), owner -> ConcurrentHashMap.newKeySet()).add(feed);
        }
        feed.wake();
    }

    private void close(WebSocketConnection connection) {
        Feed feed = byConnection.remove(connection.id());
        if (feed != null) {
            flusher.execute(feed::flush);
            byDevice.computeIfPresent(feed.device.deviceId(), (id, feeds) -> {
                feeds.remove(feed);
                return feeds.isEmpty() ? null : feeds;
            });
            business.remove(feed);
            byCounterpart.computeIfPresent(feed.device.owner(), (owner, feeds) -> {
                feeds.remove(feed);
                return feeds.isEmpty() ? null : feeds;
            });
        }
    }

    /** The device confirms it has everything up to {@code seq}; frees the window and records receipts. */
    private void acknowledge(WebSocketConnection connection, long seq) {
        Feed feed = byConnection.get(connection.id());
        if (feed == null || seq > feed.pushedUpTo) {
            return;
        }
        feed.acknowledged(seq);
    }

    private void markRead(WebSocketConnection connection, String conversation, long seq) {
        Feed feed = byConnection.get(connection.id());
        if (feed != null) {
            access.find(feed.device, conversation).ifPresent(touchable -> {
                try {
                    receipts.markRead(feed.device, touchable, seq);
                } catch (ReadPastEnd e) {
                    // A frame has no answer: a mark past the end is dropped, as one for a stranger's conversation is.
                }
            });
        }
    }

    /**
     * Records the acknowledgements of every feed heard since the last tick in one transaction of four statements:
     * one transaction per device and tick cost a commit (and its WAL flush) per device ten times a second, 500 a
     * second with 50 devices online. Should that transaction fail, each device's is recorded on its own.
     */
    private void flushAll() {
        flushTickScheduled.set(false);
        Map<Feed, Long> taken = new java.util.LinkedHashMap<>();
        Feed feed;
        while ((feed = toFlush.poll()) != null) {
            long seq = feed.take();
            if (seq > 0) {
                taken.merge(feed, seq, Math::max);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        Map<AuthenticatedDevice, Long> byDevice = new HashMap<>();
        taken.forEach((each, seq) -> byDevice.merge(each.device, seq, Math::max));
        try {
            delivery.acknowledgeAll(byDevice);
        } catch (RuntimeException e) {
            taken.forEach(Feed::record);
        }
    }

    void stop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        byConnection.values().forEach(Feed::flush);
        flusher.shutdown();
    }

    void onStored(@Observes MessageWriter.MessagesStored stored) {
        FreshBatch batch = new FreshBatch(stored.afterSeq(), stored.upToSeq(), stored.messages().stream().map(message -> frame(json, message)).toList());
        for (String deviceId : stored.deviceIds()) {
            Set<Feed> feeds = byDevice.get(deviceId);
            if (feeds != null) {
                feeds.forEach(feed -> feed.offer(batch));
            }
        }
        cluster.devicesHaveMessages(stored.deviceIds());
    }

    static FreshFrame frame(ObjectMapper json, MessageWriter.FreshMessage fresh) {
        PendingMessage message = fresh.message();
        try {
            ObjectNode envelope = json.createObjectNode();
            // The stored header is JSON already (written by the envelope check): copied as it is, not parsed again.
            envelope.putRawValue("header", new com.fasterxml.jackson.databind.util.RawValue(message.header()));
            envelope.put("ciphertext", B64u.encode(message.ciphertext()));
            envelope.put("signature", message.signature());
            envelope.putObject("wraps");
            return new FreshFrame(fresh.seq(), json.writeValueAsString(new Delivery.Delivered(fresh.seq(), fresh.storedAt(),
                    message.conversationId(), envelope)), message.wraps());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored message cannot be written as a frame", e);
        }
    }

    public void wake(String deviceId) {
        Set<Feed> feeds = byDevice.get(deviceId);
        if (feeds != null) {
            feeds.forEach(Feed::wake);
        }
    }

    /** A receipt as the other app nodes hear of it. */
    record ForwardedReceipt(Receipts.ReceiptChanged receipt, boolean forOwnSide) {
    }

    void onReceipt(@Observes(during = TransactionPhase.AFTER_SUCCESS) Receipts.ReceiptMoved moved) {
        pushReceipt(moved.conversation(), moved.receipt(), moved.forOwnSide());
        try {
            cluster.forward(RECEIPT, json.writeValueAsString(new ForwardedReceipt(moved.receipt(), moved.forOwnSide())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a cluster signal is not a " + type.getSimpleName(), e);
        }
    }

    private void pushReceipt(Conversation conversation, Receipts.ReceiptChanged receipt, boolean forOwnSide) {
        String text;
        try {
            text = json.writeValueAsString(Map.of("type", "receipt", "conversation", receipt.conversation(), "side", receipt.side(),
                    "deliveredSeq", receipt.deliveredSeq(), "readSeq", receipt.readSeq()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        java.util.stream.Stream.concat(business.stream(),
                        byCounterpart.getOrDefault(conversation.counterpart().owner(), Set.of()).stream())
                .filter(feed -> ConversationAccess.mayTouch(feed.device, conversation))
                .filter(feed -> forOwnSide || !Receipts.sideOf(feed.device).equals(receipt.side()))
                .forEach(feed -> Outbox.send(feed.connection, text));
    }
}
