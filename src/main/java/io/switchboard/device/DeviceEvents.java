package io.switchboard.device;

import java.util.Set;

/** CDI events fired inside a transaction and pushed to WebSockets only after it commits. */
public final class DeviceEvents {

    private DeviceEvents() {
    }

    /** These devices were logged out (removed by the primary, or by the inactivity rule). */
    public record LoggedOut(Set<String> deviceIds, String reason) {
    }

    /** A new signed device list of {@code owner} (the business or a customer id) was accepted. */
    public record ListChanged(String owner, long version) {
    }

    /** A recovery (protocol §7.3) started, was cancelled or completed; every business device shows it. */
    public record RecoveryChanged(String id, String status) {
    }

    /** A link request changed state; the primary's screen refreshes its pending requests. */
    public record LinkRequestChanged(String ref, String status) {
    }
}
