package io.switchboard.device;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When the primary has been inactive for longer than the limit (14 days by default, as in
 * WhatsApp), every companion is logged out. The server cannot sign a list, so it revokes the
 * companions itself; the primary drops them from the signed list when it comes back.
 */
@ApplicationScoped
public class InactivePrimaryRule {

    public static final String REASON = "primary-inactive";

    private final Clock clock;
    private final SwitchboardConfig config;
    private final AuthService auth;
    private final AuditLog audit;
    private final Event<DeviceEvents.LoggedOut> loggedOut;

    InactivePrimaryRule(Clock clock, SwitchboardConfig config, AuthService auth, AuditLog audit,
                        Event<DeviceEvents.LoggedOut> loggedOut) {
        this.clock = clock;
        this.config = config;
        this.auth = auth;
        this.audit = audit;
        this.loggedOut = loggedOut;
    }

    @Scheduled(every = "${switchboard.devices.inactivity-check-interval:PT1M}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCheck() {
        apply();
    }

    /** Logs the companions out if the primary is past the limit; returns the devices logged out. */
    @Transactional
    public Set<String> apply() {
        Device primary = Device.<Device>find("owner = ?1 and primary = true and removedAt is null", Device.BUSINESS).firstResult();
        Instant now = clock.instant();
        if (primary == null || !now.isAfter(primary.lastActiveAt.plus(config.devices().primaryInactivityLimit()))) {
            return Set.of();
        }
        List<Device> companions = Device.list("owner = ?1 and primary = false and removedAt is null", Device.BUSINESS);
        for (Device companion : companions) {
            companion.removedAt = now;
            companion.removalReason = REASON;
            auth.endAllSessions(companion.id);
            audit.record(AuditAction.DEVICE_AUTO_LOGOUT, null, companion.id,
                    Map.of("reason", REASON, "primaryLastActiveAt", primary.lastActiveAt.toString()));
        }
        Set<String> ids = companions.stream().map(device -> device.id).collect(Collectors.toSet());
        if (!ids.isEmpty()) {
            loggedOut.fire(new DeviceEvents.LoggedOut(ids, REASON));
        }
        return ids;
    }
}
