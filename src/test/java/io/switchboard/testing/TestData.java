package io.switchboard.testing;

import io.switchboard.blobs.BlobStore;
import io.switchboard.platform.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Empties the database between tests that share one running app. */
@ApplicationScoped
public class TestData {

    @Inject
    EntityManager entityManager;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    TestClock clock;

    @Inject
    BlobStore blobStore;

    /**
     * Empties every table. Retried because a previous test's clients may still be acknowledging
     * when this runs, and TRUNCATE can then lose a deadlock to them.
     */
    public void reset() {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(this::truncate);
                break;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
                sleep(200L * attempt);
            }
        }
        deleteBlobFiles();
        rateLimiter.reset();
        clock.reset();
    }

    /** Every file under the blob directory (the directories stay). */
    public List<Path> blobFiles() {
        try (Stream<Path> files = Files.walk(blobStore.directory())) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteBlobFiles() {
        for (Path file : blobFiles()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void truncate() {
        entityManager.createNativeQuery("truncate account, setup_token, device, device_list, auth_challenge, device_session, "
                + "link_request, audit_event, customer, phone_verification, message, message_wrap, device_cursor, conversation_receipt, blob, "
                + "team, topic, agent, team_member, agent_presence, conversation, assignment, canned_reply "
                + "restart identity cascade").executeUpdate();
    }

    @Transactional
    public long count(String table) {
        return ((Number) entityManager.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue();
    }

    /** Changes rows behind the application's back, to stage a state that only a failure leaves. */
    @Transactional
    public int execute(String statement) {
        return entityManager.createNativeQuery(statement).executeUpdate();
    }

    /** The rows of a one-column query, one per line. */
    @Transactional
    public String rows(String query) {
        StringBuilder all = new StringBuilder(query).append('\n');
        for (Object row : entityManager.createNativeQuery(query).getResultList()) {
            all.append(row).append('\n');
        }
        return all.toString();
    }

    /**
     * Every row of the tables a refused request must leave alone. Activity times are left out:
     * any authenticated call refreshes them, refused or not.
     */
    @Transactional
    public String snapshot() {
        StringBuilder all = new StringBuilder();
        for (String query : new String[] {
                "select cast(t as text) from account t",
                "select cast(t as text) from setup_token t",
                "select id || role || person || coalesce(device_signature, '') || coalesce(cast(removed_at as text), '') from device",
                "select cast(t as text) from device_list t",
                "select device_id || cast(created_at as text) from device_session",
                "select cast(t as text) from link_request t"}) {
            all.append(query).append('\n');
            for (Object row : entityManager.createNativeQuery(query + " order by 1").getResultList()) {
                all.append(row).append('\n');
            }
        }
        return all.toString();
    }
}
