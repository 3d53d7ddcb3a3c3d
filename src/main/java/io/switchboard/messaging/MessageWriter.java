package io.switchboard.messaging;

import io.agroal.api.AgroalDataSource;
import io.switchboard.routing.MessageRouting;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Group commit: one writer thread takes every message waiting, writes them in one transaction and
 * commits once, so a burst costs one fsync instead of one per message and a slow recipient never
 * holds up a sender. A sender's future completes only after the commit: its acknowledgement means
 * the message is durable.
 *
 * <p>The transaction takes a cluster-wide advisory lock first, so messages become visible in the
 * order of their sequence numbers on every node; delivery reads "everything after my cursor" and
 * must never see seq 11 committed before seq 10.
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);
    private static final long ORDER_LOCK = 0x5357_4D53_4701L;

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final SwitchboardConfig config;
    private final Event<MessagesStored> stored;
    private final MessageRouting routing;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>(100_000);
    private volatile boolean running;
    private Thread writer;

    MessageWriter(AgroalDataSource dataSource, Clock clock, SwitchboardConfig config, Event<MessagesStored> stored,
                  MessageRouting routing) {
        this.routing = routing;
        this.dataSource = dataSource;
        this.clock = clock;
        this.config = config;
        this.stored = stored;
    }

    /**
     * After a commit: which devices got new messages, and the messages themselves. No message other than these
     * was committed with a seq in ({@code afterSeq}, {@code upToSeq}] (the order lock makes commits follow seqs),
     * so a feed that has everything up to {@code afterSeq} can push them without reading them back.
     */
    public record MessagesStored(Set<String> deviceIds, Set<String> conversationIds, long afterSeq, long upToSeq,
                                 List<FreshMessage> messages) {
    }

    /** A message just committed, with every device's key wrap. */
    public record FreshMessage(long seq, Instant storedAt, PendingMessage message) {
    }

    /**
     * What a send ended with: the message stored now, or the one stored before under its client message id.
     * {@code calm}: routing saw, inside the transaction that stored it, that its conversation is open and with
     * an agent or in the queue, so a customer's message there changes nothing (false when it was not looked at).
     */
    public record Written(String conversationId, StoredMessage message, boolean calm) {
    }

    private record Work(PendingMessage message, CompletableFuture<Written> result) {
    }

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::run, "message-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    public CompletableFuture<Written> write(PendingMessage message) {
        CompletableFuture<Written> result = new CompletableFuture<>();
        if (!queue.offer(new Work(message, result))) {
            result.completeExceptionally(new IllegalStateException("the message queue is full"));
        }
        return result;
    }

    private void run() {
        List<Work> batch = new ArrayList<>();
        while (running) {
            try {
                Work first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.messages().maxBatch() - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("group commit failed", e);
                batch.forEach(work -> work.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Work> batch) {
        // As PostgreSQL keeps it, so a frame pushed from memory says the same as one read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Written> results = new ArrayList<>(batch.size());
        Set<String> devices = new HashSet<>();
        Set<String> conversations = new HashSet<>();
        List<FreshMessage> fresh = new ArrayList<>();
        long afterSeq;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, ORDER_LOCK);
                    lock.execute();
                }
                try (PreparedStatement highest = connection.prepareStatement("select coalesce(max(seq), 0) from message");
                     ResultSet row = highest.executeQuery()) {
                    row.next();
                    afterSeq = row.getLong(1);
                }
                // Every message of the batch in one statement, seqs taken in the batch's order (the sort runs before
                // the defaults are computed); a client message id stored before, or twice in this batch, is skipped.
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into message (conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, stored_at)
                        select conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, ?
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[]) with ordinality
                             as m(conversation_id, sender_device_id, client_message_id, kind, header, ciphertext, signature, n)
                        order by n
                        on conflict (sender_device_id, client_message_id) do nothing
                        returning seq, sender_device_id, client_message_id""");
                     PreparedStatement existing = connection.prepareStatement(
                             "select seq, stored_at, conversation_id from message where sender_device_id = ? and client_message_id = ?");
                     PreparedStatement wrap = connection.prepareStatement("""
                             insert into message_wrap (device_id, message_seq, wrap)
                             select * from unnest(?::text[], ?::bigint[], ?::bytea[])""")) {
                    // Every wrap of the batch in one statement: PostgreSQL spent a bind and an execute on each row.
                    List<String> wrapDevices = new ArrayList<>();
                    List<Long> wrapSeqs = new ArrayList<>();
                    List<byte[]> wrapBytes = new ArrayList<>();
                    Map<String, Long> inserted = insert(connection, insert, batch, now);
                    for (Work work : batch) {
                        PendingMessage message = work.message();
                        Long seq = inserted.remove(key(message.senderDeviceId(), message.clientMessageId()));
                        if (seq == null) {
                            results.add(existing(existing, message));
                            continue;
                        }
                        for (Map.Entry<String, byte[]> entry : message.wraps().entrySet()) {
                            wrapDevices.add(entry.getKey());
                            wrapSeqs.add(seq);
                            wrapBytes.add(entry.getValue());
                            devices.add(entry.getKey());
                        }
                        conversations.add(message.conversationId());
                        fresh.add(new FreshMessage(seq, now, message));
                        results.add(new Written(message.conversationId(), new StoredMessage(seq, now, false), false));
                    }
                    if (!wrapDevices.isEmpty()) {
                        wrap.setArray(1, connection.createArrayOf("text", wrapDevices.toArray()));
                        wrap.setArray(2, connection.createArrayOf("bigint", wrapSeqs.toArray()));
                        wrap.setArray(3, connection.createArrayOf("bytea", wrapBytes.toArray(byte[][]::new)));
                        wrap.executeUpdate();
                    }
                }
                if (!conversations.isEmpty()) {
                    // In this transaction, so routing's look costs no transaction of its own per message.
                    Set<String> calm = routing.calmAmong(connection, conversations);
                    results.replaceAll(written -> written.message().duplicate() || !calm.contains(written.conversationId())
                            ? written : new Written(written.conversationId(), written.message(), true));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store messages", e);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
        if (!devices.isEmpty()) {
            stored.fire(new MessagesStored(devices, conversations, afterSeq, fresh.get(fresh.size() - 1).seq(), fresh));
        }
    }

    /** The seq of each message stored now, by {@link #key}; a message absent here was stored before. */
    private static Map<String, Long> insert(Connection connection, PreparedStatement insert, List<Work> batch, Instant now)
            throws SQLException {
        int size = batch.size();
        String[][] columns = new String[6][size];
        byte[][] ciphertexts = new byte[size][];
        for (int i = 0; i < size; i++) {
            PendingMessage message = batch.get(i).message();
            columns[0][i] = message.conversationId();
            columns[1][i] = message.senderDeviceId();
            columns[2][i] = message.clientMessageId();
            columns[3][i] = message.kind();
            columns[4][i] = message.header();
            columns[5][i] = message.signature();
            ciphertexts[i] = message.ciphertext();
        }
        insert.setTimestamp(1, Timestamp.from(now));
        for (int column = 0; column < 5; column++) {
            insert.setArray(column + 2, connection.createArrayOf("text", columns[column]));
        }
        insert.setArray(7, connection.createArrayOf("bytea", ciphertexts));
        insert.setArray(8, connection.createArrayOf("text", columns[5]));
        Map<String, Long> seqs = new HashMap<>();
        try (ResultSet rows = insert.executeQuery()) {
            while (rows.next()) {
                seqs.put(key(rows.getString(2), rows.getString(3)), rows.getLong(1));
            }
        }
        return seqs;
    }

    private static String key(String senderDeviceId, String clientMessageId) {
        return senderDeviceId + " " + clientMessageId;
    }

    private static Written existing(PreparedStatement existing, PendingMessage message) throws SQLException {
        existing.setString(1, message.senderDeviceId());
        existing.setString(2, message.clientMessageId());
        try (ResultSet rows = existing.executeQuery()) {
            rows.next();
            return new Written(rows.getString(3), new StoredMessage(rows.getLong(1), rows.getTimestamp(2).toInstant(), true), false);
        }
    }
}
