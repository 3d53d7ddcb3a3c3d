package io.switchboard.setup;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.account.Account;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.SessionTokens;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceListInvalid;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.E164;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * First start: while no account exists the server offers a one-time setup link; the browser that
 * opens it becomes the primary device.
 */
@ApplicationScoped
@Transactional
public class SetupService {

    private static final Logger LOG = Logger.getLogger(SetupService.class);

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final DeviceDirectory directory;
    private final AuthService auth;
    private final AuditLog audit;

    SetupService(Clock clock, SecureRandom random, SwitchboardConfig config, DeviceDirectory directory, AuthService auth,
                 AuditLog audit) {
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.directory = directory;
        this.auth = auth;
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent event) {
        if (Account.current().isEmpty()) {
            LOG.info(setupBanner(issueSetupLink(), config.setup().tokenLifetime()));
        }
    }

    /** The setup link framed so it stands out in a busy start log, with its lifetime in words ("24 hours", not PT24H). */
    static String setupBanner(String link, Duration lifetime) {
        String rule = "=".repeat(72);
        return String.join(System.lineSeparator(),
                "",
                rule,
                "  No account yet. Open this one-time setup link in the browser that will be",
                "  the primary device. It is valid for " + readable(lifetime) + ":",
                "",
                "    " + link,
                "",
                rule);
    }

    /** "24 hours", "30 minutes", "2 days", "1 hour 30 minutes". */
    static String readable(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        if (days >= 2 && hours == 0 && minutes == 0) {
            return unit(days, "day");
        }
        long totalHours = duration.toHours();
        StringBuilder text = new StringBuilder();
        if (totalHours > 0) {
            text.append(unit(totalHours, "hour"));
        }
        if (minutes > 0 || totalHours == 0) {
            text.append(text.isEmpty() ? "" : " ").append(unit(minutes, "minute"));
        }
        return text.toString();
    }

    private static String unit(long count, String name) {
        return count + " " + name + (count == 1 ? "" : "s");
    }

    /**
     * A fresh setup link. Earlier links stay valid until they expire, because every app node prints
     * its own at start; all of them die when the account is set up.
     */
    public String issueSetupLink() {
        if (Account.current().isPresent()) {
            throw new SetupRefused(SetupRefused.ALREADY_SET_UP);
        }
        String token = SessionTokens.newToken(random);
        SetupToken stored = new SetupToken();
        stored.tokenHash = SessionTokens.hash(token);
        stored.createdAt = clock.instant();
        stored.expiresAt = stored.createdAt.plus(config.setup().tokenLifetime());
        stored.persist();
        return config.publicUrl() + "/setup#token=" + token;
    }

    public record SetupCommand(String token, String businessNumber, String displayName, String person, String label,
                               String browser, SignedDeviceList deviceList) {
    }

    /** Creates the account with the caller as primary; returns the new session token. */
    public String setUp(SetupCommand command) {
        SetupToken token = SetupToken.<SetupToken>findByIdOptional(SessionTokens.hash(command.token()), LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new SetupRefused(SetupRefused.TOKEN_INVALID));
        Instant now = clock.instant();
        if (token.usedAt != null) {
            throw new SetupRefused(SetupRefused.TOKEN_USED);
        }
        if (!now.isBefore(token.expiresAt)) {
            throw new SetupRefused(SetupRefused.TOKEN_EXPIRED);
        }
        if (Account.current().isPresent()) {
            throw new SetupRefused(SetupRefused.ALREADY_SET_UP);
        }
        if (!E164.isValid(command.businessNumber())) {
            throw new SetupRefused(SetupRefused.BUSINESS_NUMBER_INVALID);
        }
        SignedDeviceList signed = command.deviceList();
        if (signed.list().version() != 1 || signed.list().devices().size() != 1) {
            throw DeviceListInvalid.notFirstListOf("the primary");
        }
        DeviceEntry primary = signed.list().devices().get(0);
        directory.verify(signed, command.businessNumber(), primary.signingKey(), 0, Set.of());
        if (!primary.person().equals(command.person()) || !primary.label().equals(command.label())) {
            throw DeviceListInvalid.notThisDevice();
        }

        Account account = new Account();
        account.businessNumber = command.businessNumber();
        account.displayName = command.displayName();
        account.primaryDeviceId = primary.id();
        account.primarySigningKey = primary.signingKey();
        account.createdAt = now;
        account.persist();

        Device device = new Device();
        device.id = primary.id();
        device.primary = true;
        device.role = Role.OWNER;
        device.person = primary.person();
        device.label = primary.label();
        device.browser = command.browser();
        device.signingKey = primary.signingKey();
        device.agreementKey = primary.agreementKey();
        device.linkedAt = now;
        device.lastActiveAt = now;
        device.persist();

        directory.store(signed);
        token.usedAt = now;
        SetupToken.delete("usedAt is null");
        audit.record(AuditAction.ACCOUNT_SETUP, device.id, device.id,
                Map.of("businessNumber", account.businessNumber, "displayName", account.displayName));
        return auth.openSession(device.id);
    }
}
