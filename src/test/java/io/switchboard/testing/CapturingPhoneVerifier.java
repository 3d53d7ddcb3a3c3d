package io.switchboard.testing;

import io.quarkus.test.Mock;
import io.switchboard.customer.PhoneVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for an SMS provider: remembers the last code sent to each number. */
@Mock
@ApplicationScoped
public class CapturingPhoneVerifier implements PhoneVerifier {

    private final Map<String, String> lastCode = new ConcurrentHashMap<>();

    @Override
    public void send(String phone, String code) {
        lastCode.put(phone, code);
    }

    public String lastCodeFor(String phone) {
        return lastCode.get(phone);
    }
}
