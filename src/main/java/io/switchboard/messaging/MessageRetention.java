package io.switchboard.messaging;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes messages, with their key wraps, once they are older than both the retention and the
 * history window: a message inside the window may still be re-wrapped for a newly linked device,
 * and an undelivered one is kept at least the retention, whichever is longer.
 *
 * <p>Deletes in batches of {@link #BATCH} messages, each its own short transaction, so a large
 * backlog never holds locks that senders or deliveries wait for.
 */
@ApplicationScoped
public class MessageRetention {

    private static final Logger LOG = Logger.getLogger(MessageRetention.class);
    static final int BATCH = 1000;

    private final EntityManager entityManager;
    private final Clock clock;
    private final SwitchboardConfig config;

    MessageRetention(EntityManager entityManager, Clock clock, SwitchboardConfig config) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.config = config;
    }

    /** Messages stored before this instant are past both limits. */
    static Instant cutoff(Instant now, Duration retention, Duration historyWindow) {
        return now.minus(retention.compareTo(historyWindow) >= 0 ? retention : historyWindow);
    }

    @Scheduled(every = "${switchboard.messages.purge-interval:PT1H}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        long deleted = purge();
        if (deleted > 0) {
            LOG.infof("retention: deleted %d messages older than the retention and the history window", deleted);
        }
    }

    /** Deletes every message past both limits; returns how many. */
    public long purge() {
        Instant cutoff = cutoff(clock.instant(), config.messages().retention(), config.messages().historyWindow());
        long total = 0;
        int deleted;
        do {
            deleted = deleteBatch(cutoff);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** One batch; the wraps go with their message ({@code on delete cascade}). */
    @Transactional
    int deleteBatch(Instant cutoff) {
        return entityManager.createNativeQuery("""
                        delete from message where seq in (
                            select seq from message where stored_at < ?1 order by seq limit ?2)""")
                .setParameter(1, Timestamp.from(cutoff)).setParameter(2, BATCH).executeUpdate();
    }
}
