package io.switchboard.blobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes blobs that no message claimed within {@code switchboard.blobs.unclaimed-lifetime}. The server
 * cannot read which blob a message names (the id travels inside the encrypted content), so a blob
 * counts as claimed when its uploader stored a message in the same conversation after uploading it:
 * clients upload an attachment right before sending the message that carries its key. A blob of a remote chat
 * (a customer's chat with a business at a peer provider) is claimed the same way by its uploader's message in that chat. An upload
 * whose message never came (a failed send, or abuse) is removed; the per-conversation quota bounds
 * what a sender who does send messages can keep.
 */
@ApplicationScoped
public class UnclaimedBlobs {

    private static final Logger LOG = Logger.getLogger(UnclaimedBlobs.class);

    private final EntityManager entityManager;
    private final BlobStore store;
    private final Clock clock;
    private final Duration lifetime;

    UnclaimedBlobs(EntityManager entityManager, BlobStore store, Clock clock, SwitchboardConfig config) {
        this.entityManager = entityManager;
        this.store = store;
        this.clock = clock;
        this.lifetime = config.blobs().unclaimedLifetime();
    }

    @Scheduled(every = "${switchboard.blobs.cleanup-interval:PT1H}", delayed = "${switchboard.blobs.cleanup-interval:PT1H}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deleteUnclaimed();
    }

    /** Deletes the unclaimed blobs older than the lifetime, rows first, then files; answers how many. */
    @SuppressWarnings("unchecked")
    public int deleteUnclaimed() {
        Instant cutoff = clock.instant().minus(lifetime);
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<String> found = entityManager.createNativeQuery("""
                            delete from blob b where b.created_at < ?1 and not exists (
                                select 1 from message m where m.conversation_id = b.conversation_id
                                and m.sender_device_id = b.uploader_device_id and m.stored_at >= b.created_at)
                            and not exists (
                                select 1 from federation_remote_message r where r.chat_id = b.remote_chat_id
                                and r.sender_device_id = b.uploader_device_id and r.stored_at >= b.created_at)
                            returning b.id""")
                    .setParameter(1, cutoff).getResultList();
            return found;
        });
        ids.forEach(store::delete);
        if (!ids.isEmpty()) {
            LOG.infof("Deleted %d attachment blobs that no message claimed within %s", ids.size(), lifetime);
        }
        return ids.size();
    }
}
