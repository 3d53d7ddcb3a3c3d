package io.switchboard.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Time and randomness are injected so rules like "14 days of inactivity" are testable. The random
 * source is a {@code @Singleton}: a client proxy cannot subclass {@link SecureRandom}'s final methods.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @DefaultBean
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
