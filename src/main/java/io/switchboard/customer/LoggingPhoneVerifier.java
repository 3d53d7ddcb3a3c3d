package io.switchboard.customer;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Sends nothing: the code appears in the server log, for trying Switchboard without an SMS provider. */
@ApplicationScoped
@DefaultBean
public class LoggingPhoneVerifier implements PhoneVerifier {

    private static final Logger LOG = Logger.getLogger(LoggingPhoneVerifier.class);

    @Override
    public void send(String phone, String code) {
        LOG.infof("Verification code for %s: %s", phone, code);
    }
}
