package io.switchboard.recovery;

import io.switchboard.account.Account;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.SessionTokens;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceAlreadyLinked;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceEvents;
import io.switchboard.device.DeviceListInvalid;
import io.switchboard.passkey.PasskeyService;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.setup.SetupToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last resort (protocol §7.4): when the primary and the recovery key are both lost, the operator resets the
 * account from the server's command line. Every business device is logged out, the passkeys and the authority
 * key are forgotten, and a one-time reset link lets a new browser start a new trust root as the next list
 * version. The server cannot vouch for that browser: clients see a new primary key without a claim and say
 * that the business's security code changed.
 */
@ApplicationScoped
@Transactional
public class AccountReset {

    /** The removal reason of the devices an operator reset logs out. */
    public static final String RESET = "reset";

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final DeviceDirectory directory;
    private final AuthService auth;
    private final PasskeyService passkeys;
    private final AuditLog audit;
    private final Event<DeviceEvents.LoggedOut> loggedOut;
    private final Event<DeviceEvents.RecoveryChanged> changed;

    AccountReset(Clock clock, SecureRandom random, SwitchboardConfig config, DeviceDirectory directory, AuthService auth,
                 PasskeyService passkeys, AuditLog audit, Event<DeviceEvents.LoggedOut> loggedOut, Event<DeviceEvents.RecoveryChanged> changed) {
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.directory = directory;
        this.auth = auth;
        this.passkeys = passkeys;
        this.audit = audit;
        this.loggedOut = loggedOut;
        this.changed = changed;
    }

    /** What a reset did, for the operator's terminal. */
    public record Done(String resetLink, Set<String> loggedOut, long listVersion) {
    }

    /**
     * Logs every business device out and returns a one-time link for the new primary. {@code confirmNumber} must be the
     * business number, so a reset never happens by a slip of the keyboard.
     */
    public Done reset(String confirmNumber) {
        Account account = Account.lockForListChange();
        if (!account.businessNumber.equals(confirmNumber)) {
            throw new RecoveryRefused(RecoveryRefused.RESET_CONFIRMATION);
        }
        Instant now = clock.instant();
        Set<String> ids = Device.activeDevices(Device.BUSINESS).stream().map(device -> device.id).collect(Collectors.toSet());
        for (String id : ids) {
            Device device = Device.findById(id);
            device.removedAt = now;
            device.removalReason = RESET;
            auth.endAllSessions(id);
        }
        passkeys.forgetAll(RESET);
        RecoveryAuthority.deleteAll();
        Recovery.pending().ifPresent(recovery -> {
            recovery.status = Recovery.VOID;
            recovery.closedAt = now;
            changed.fire(new DeviceEvents.RecoveryChanged(recovery.id, recovery.status));
        });
        // Earlier reset links die with a new one: only the last link printed is valid.
        SetupToken.delete("usedAt is null");
        String token = SessionTokens.newToken(random);
        SetupToken stored = new SetupToken();
        stored.tokenHash = SessionTokens.hash(token);
        stored.createdAt = now;
        stored.expiresAt = now.plus(config.setup().tokenLifetime());
        stored.persist();
        long version = directory.currentList().list().version();
        audit.record(AuditAction.ACCOUNT_RESET, null, account.primaryDeviceId, Map.of("loggedOut", ids.stream().sorted().toList(),
                "listVersion", version));
        if (!ids.isEmpty()) {
            loggedOut.fire(new DeviceEvents.LoggedOut(ids, RESET));
        }
        return new Done(config.publicUrl() + "/recover#reset=" + token, ids, version);
    }

    /**
     * The new browser opens the reset link and signs the first list of the new trust root: the next version, only
     * itself as primary, no recovery key (it turns recovery on again itself). Returns its session token.
     */
    public String complete(String token, SignedDeviceList signed, String browser) {
        Account account = Account.lockForListChange();
        SetupToken stored = SetupToken.<SetupToken>findByIdOptional(SessionTokens.hash(token), LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new RecoveryRefused(RecoveryRefused.RESET_TOKEN_INVALID));
        Instant now = clock.instant();
        if (stored.usedAt != null) {
            throw new RecoveryRefused(RecoveryRefused.RESET_TOKEN_USED);
        }
        if (!now.isBefore(stored.expiresAt)) {
            throw new RecoveryRefused(RecoveryRefused.RESET_TOKEN_EXPIRED);
        }
        if (Device.count("owner = ?1 and primary = true and removedAt is null", Device.BUSINESS) > 0) {
            throw new RecoveryRefused(RecoveryRefused.NOT_RESET);
        }
        SignedDeviceList current = directory.currentList();
        if (signed.list().devices().size() != 1 || signed.list().recoveryKey() != null
                || signed.list().version() != current.list().version() + 1) {
            throw new RecoveryRefused(RecoveryRefused.RESET_LIST_INVALID);
        }
        DeviceEntry primary = signed.list().devices().get(0);
        try {
            DeviceListVerifier.verify(signed, account.businessNumber, B64u.decode(primary.signingKey()), current.list().version(),
                    now.getEpochSecond());
        } catch (DeviceListException e) {
            throw DeviceListInvalid.refused(e.reason().code());
        }
        if (Device.findById(primary.id()) != null) {
            throw new DeviceAlreadyLinked(DeviceAlreadyLinked.LINKED);
        }
        Device device = new Device();
        device.id = primary.id();
        device.primary = true;
        device.role = Role.OWNER;
        device.person = primary.person();
        device.label = primary.label();
        device.browser = browser;
        device.signingKey = primary.signingKey();
        device.agreementKey = primary.agreementKey();
        device.linkedAt = now;
        device.lastActiveAt = now;
        device.persist();
        String replaced = account.primaryDeviceId;
        account.primaryDeviceId = primary.id();
        account.primarySigningKey = primary.signingKey();
        directory.store(signed);
        stored.usedAt = now;

        Recovery record = new Recovery();
        byte[] id = new byte[16];
        random.nextBytes(id);
        record.id = B64u.encode(id);
        record.document = Recovery.RESET_DOCUMENT;
        record.newPrimaryId = primary.id();
        record.replacedPrimaryId = replaced;
        record.browser = browser;
        record.status = Recovery.COMPLETED;
        record.startedAt = now;
        record.takesEffectAt = now;
        record.closedAt = now;
        record.closedBy = primary.id();
        record.listVersion = signed.list().version();
        record.persist();
        audit.record(AuditAction.RECOVERY_COMPLETED, primary.id(), replaced, Map.of("recovery", record.id, "reset", true,
                "listVersion", signed.list().version()));
        return auth.openSession(primary.id());
    }
}
