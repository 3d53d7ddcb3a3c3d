package io.switchboard.platform;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed windows per (purpose, subject). The limits that protect accounts (sign-in, setup, linking,
 * phone codes) are counted in PostgreSQL so that every app node shares them: with N nodes an attacker
 * still gets the limit once, not N times; each use is committed in its own transaction, so a request
 * that fails afterwards still counts. The per-device limits on sending and uploading only protect
 * capacity and sit on the message path, where a committed row per send cost a WAL flush per message:
 * they are counted in memory, per node.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    /** What is limited, by what subject and over which window; each limit is a setting in {@link SwitchboardConfig}. */
    public enum Purpose {
        /** Per client address: {@code switchboard.setup.attempts-per-minute}. */
        SETUP(MINUTE, true),
        /** Per client address: {@code switchboard.sessions.challenges-per-minute}. */
        AUTH_CHALLENGE(MINUTE, true),
        /**
         * Per device, wrong answers to its challenges only: {@code switchboard.sessions.failed-sign-ins-per-minute}.
         * A right answer is never refused, so nobody can lock a device out by failing on its behalf.
         */
        FAILED_SIGN_IN(MINUTE, true),
        /** Per client address: {@code switchboard.linking.requests-per-minute}. */
        LINK_REQUEST(MINUTE, true),
        /** Per client address: {@code switchboard.customers.verifications-per-minute}. */
        PHONE_VERIFICATION(MINUTE, true),
        /** Per phone number and client address: {@code switchboard.customers.codes-per-phone-per-address-per-hour}. */
        PHONE_CODE_FROM_ADDRESS(HOUR, true),
        /** Per phone number from all addresses together: {@code switchboard.customers.codes-per-phone-per-hour}. */
        PHONE_CODE(HOUR, true),
        /** Per device: {@code switchboard.messages.sends-per-minute}. */
        MESSAGE_SEND(MINUTE, false),
        /** Per device: {@code switchboard.blobs.uploads-per-minute}. */
        BLOB_UPLOAD(MINUTE, false),
        /** Per peer provider domain: {@code switchboard.federation.identifier-queries-per-minute}. */
        IDENTIFIER_QUERY(MINUTE, true);

        private final Duration window;
        private final boolean shared;

        Purpose(Duration window, boolean shared) {
            this.window = window;
            this.shared = shared;
        }

        /** Counted in PostgreSQL for every node together, or in this node's memory. */
        public boolean shared() {
            return shared;
        }

        public Duration window() {
            return window;
        }
    }

    private final Clock clock;
    private final SwitchboardConfig config;
    private final EntityManager entityManager;
    private final Map<String, LocalWindow> localWindows = new ConcurrentHashMap<>();

    /** One node-local fixed window; replaced when it has ended. */
    private record LocalWindow(Instant endsAt, AtomicInteger uses) {
    }

    RateLimiter(Clock clock, SwitchboardConfig config, EntityManager entityManager) {
        this.clock = clock;
        this.config = config;
        this.entityManager = entityManager;
    }

    int limit(Purpose purpose) {
        return switch (purpose) {
            case SETUP -> config.setup().attemptsPerMinute();
            case AUTH_CHALLENGE -> config.sessions().challengesPerMinute();
            case FAILED_SIGN_IN -> config.sessions().failedSignInsPerMinute();
            case LINK_REQUEST -> config.linking().requestsPerMinute();
            case PHONE_VERIFICATION -> config.customers().verificationsPerMinute();
            case PHONE_CODE_FROM_ADDRESS -> config.customers().codesPerPhonePerAddressPerHour();
            case PHONE_CODE -> config.customers().codesPerPhonePerHour();
            case MESSAGE_SEND -> config.messages().sendsPerMinute();
            case BLOB_UPLOAD -> config.blobs().uploadsPerMinute();
            case IDENTIFIER_QUERY -> config.federation().identifierQueriesPerMinute();
        };
    }

    /**
     * Counts one use by {@code subject} (an address, a device, a number) and refuses with
     * {@link RateLimited} and the time until its window ends once the purpose's limit is passed.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = RateLimited.class)
    public void check(Purpose purpose, String subject) {
        Instant now = clock.instant();
        if (!purpose.shared()) {
            checkLocally(purpose, subject, now);
            return;
        }
        Object[] counted = (Object[]) entityManager.createNativeQuery("""
                insert into rate_limit (purpose, subject, window_ends_at, uses) values (?1, ?2, ?3, 1)
                on conflict (purpose, subject) do update set
                    uses = case when rate_limit.window_ends_at <= ?4 then 1 else rate_limit.uses + 1 end,
                    window_ends_at = case when rate_limit.window_ends_at <= ?4 then excluded.window_ends_at
                                          else rate_limit.window_ends_at end
                returning uses, window_ends_at""")
                .setParameter(1, purpose.name()).setParameter(2, subject)
                .setParameter(3, at(now.plus(purpose.window()))).setParameter(4, at(now))
                .getSingleResult();
        int uses = ((Number) counted[0]).intValue();
        if (uses > limit(purpose)) {
            Instant windowEnds = instant(counted[1]);
            throw new RateLimited(purpose, Duration.between(now, windowEnds));
        }
    }

    private void checkLocally(Purpose purpose, String subject, Instant now) {
        LocalWindow window = localWindows.compute(purpose.name() + ':' + subject, (key, current) ->
                current == null || !current.endsAt().isAfter(now) ? new LocalWindow(now.plus(purpose.window()), new AtomicInteger()) : current);
        if (window.uses().incrementAndGet() > limit(purpose)) {
            throw new RateLimited(purpose, Duration.between(now, window.endsAt()));
        }
    }

    /** Windows that ended are only history; dropped so the table holds the last hour at most. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetEndedWindows() {
        Instant now = clock.instant();
        localWindows.values().removeIf(window -> !window.endsAt().isAfter(now));
        entityManager.createNativeQuery("delete from rate_limit where window_ends_at <= ?1")
                .setParameter(1, at(clock.instant())).executeUpdate();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object column) {
        return column instanceof OffsetDateTime time ? time.toInstant()
                : column instanceof java.sql.Timestamp timestamp ? timestamp.toInstant() : (Instant) column;
    }
}
