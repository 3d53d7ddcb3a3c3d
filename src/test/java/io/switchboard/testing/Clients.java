package io.switchboard.testing;

import io.switchboard.client.ApiClient;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.DeviceKeys;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;

/** Java-client devices for tests, sharing the app's test clock. */
public final class Clients {

    public static final URI BASE = URI.create(TestDevice.ORIGIN);

    private Clients() {
    }

    /** A client for a device already linked or registered through {@link Accounts}, using its session. */
    public static SwitchboardClient of(TestDevice device, Clock clock) {
        ApiClient api = new ApiClient(BASE, device.keys);
        api.adoptSession(device.session());
        return new SwitchboardClient(api, clock, new SecureRandom());
    }

    public static DeviceKeys newKeys() {
        return DeviceKeys.generate(new SecureRandom());
    }
}
