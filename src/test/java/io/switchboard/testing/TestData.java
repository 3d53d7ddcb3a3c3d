package io.switchboard.testing;

import io.switchboard.blobs.BlobStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** Empties the database between tests that share one running app. */
@ApplicationScoped
public class TestData {

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    BlobStore blobStore;

    /**
     * Empties every table. A previous test's clients may still be closing when this runs, and the
     * app's transactions for them (presence, cursors) take row locks on the same tables. TRUNCATE
     * takes its exclusive locks one table at a time, so waiting for them could close a cycle with
     * such a transaction: PostgreSQL would then break the deadlock by failing one of the two, often
     * the app's, which loses its work. A lock timeout shorter than the deadlock check makes the
     * TRUNCATE give up instead (releasing what it holds) and try again once the app is done.
     */
    public void reset() {
        for (int attempt = 1; ; attempt++) {
            try {
                truncate();
                break;
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || attempt == 20) {
                    throw new IllegalStateException("could not empty the tables", e);
                }
                sleep(50L * attempt);
            }
        }
        deleteBlobFiles();
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

    private void truncate() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                // below deadlock_timeout (1 s), so the deadlock detector never has to pick a victim
                statement.execute("set local lock_timeout = '200ms'");
                statement.execute(TRUNCATE);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String TRUNCATE = "truncate account, setup_token, device, device_list, auth_challenge, device_session, "
                + "link_request, audit_event, customer, phone_verification, message, message_wrap, device_cursor, conversation_receipt, blob, "
                + "team, topic, agent, team_member, agent_presence, conversation, assignment, canned_reply, rate_limit, "
                + "supervision_settings, conversation_cycle, response_fact, report_fact, passkey, passkey_challenge, "
                + "federation_peer, federation_consent, federation_submission, federation_folder, recovery_authority, recovery_claim "
                + "restart identity cascade";

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
