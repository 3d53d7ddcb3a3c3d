package io.switchboard.testing;

import io.switchboard.platform.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Empties the database between tests that share one running app. */
@ApplicationScoped
public class TestData {

    @Inject
    EntityManager entityManager;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    TestClock clock;

    @Transactional
    public void reset() {
        entityManager.createNativeQuery("truncate account, setup_token, device, device_list, auth_challenge, device_session, "
                + "link_request, audit_event restart identity cascade").executeUpdate();
        rateLimiter.reset();
        clock.reset();
    }

    @Transactional
    public long count(String table) {
        return ((Number) entityManager.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue();
    }

    /** A fingerprint of every row of the tables a refused request must leave alone. */
    @Transactional
    public String snapshot() {
        StringBuilder all = new StringBuilder();
        for (String table : new String[] {"account", "setup_token", "device", "device_list", "device_session", "link_request"}) {
            all.append(table).append(':');
            for (Object row : entityManager.createNativeQuery("select cast(t as text) from " + table + " t order by 1").getResultList()) {
                all.append(row).append('\n');
            }
        }
        return all.toString();
    }
}
