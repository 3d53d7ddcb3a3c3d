package io.switchboard.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;

/**
 * Randomness is injected like time, so every token and code comes from one source a test may replace. It is a
 * {@code @Singleton}: a client proxy cannot subclass {@link SecureRandom}'s final methods.
 */
@ApplicationScoped
public class SecureRandomProducer {

    @Produces
    @DefaultBean
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
