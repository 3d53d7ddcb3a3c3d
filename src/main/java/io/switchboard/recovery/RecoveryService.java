package io.switchboard.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.account.Account;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.NotPermitted;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceAlreadyLinked;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceEvents;
import io.switchboard.device.DeviceListInvalid;
import io.switchboard.device.DeviceListStale;
import io.switchboard.passkey.PasskeyService;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.BackupAdminWrap;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.RecoveryKey;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Recovery of the account when the primary is lost (protocol §7.2, §7.3). The server keeps the authority key
 * only wrapped, relays the claim the authority key signs, holds it pending for the veto window and lets any
 * surviving owner or admin device cancel it; after the window the new browser signs the takeover list, and the
 * server checks it as every client will before it logs the old devices out.
 */
@ApplicationScoped
@Transactional
public class RecoveryService {

    /** The removal reason of the devices a completed recovery logs out. */
    public static final String RECOVERED = "recovered";

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final ObjectMapper json;
    private final DeviceDirectory directory;
    private final AuthService auth;
    private final PasskeyService passkeys;
    private final AuditLog audit;
    private final Event<DeviceEvents.RecoveryChanged> changed;
    private final Event<DeviceEvents.LoggedOut> loggedOut;

    RecoveryService(Clock clock, SecureRandom random, SwitchboardConfig config, ObjectMapper json, DeviceDirectory directory,
                    AuthService auth, PasskeyService passkeys, AuditLog audit, Event<DeviceEvents.RecoveryChanged> changed,
                    Event<DeviceEvents.LoggedOut> loggedOut) {
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.json = json;
        this.directory = directory;
        this.auth = auth;
        this.passkeys = passkeys;
        this.audit = audit;
        this.changed = changed;
        this.loggedOut = loggedOut;
    }

    /**
     * One recovery as the API shows it: {@code kind} is {@code recovery} (by the recovery key, {@code claim} the signed
     * claim as sent) or {@code reset} (by the operator, no claim).
     */
    public record RecoveryView(String id, String kind, JsonNode claim, String status, Instant startedAt, Instant takesEffectAt, Instant closedAt,
                               String closedBy, Long listVersion) {
    }

    /**
     * What a new browser needs to recover (the wrap is useless without the 256-bit recovery key, so anyone may read
     * it; {@code primaryKey} is the primary key its claim replaces), and what every client needs to follow a
     * takeover: the pending recovery and the last completed one.
     */
    public record RecoveryStatus(boolean enabled, String authorityKey, String wrappedKey, String primaryKey, long listVersion,
                                 long vetoWindowSeconds, String backupAdmin,
                                 RecoveryView pending, RecoveryView lastCompleted) {
    }

    /** What the backup admin alone reads: the authority key and its seed wrapped to its agreement key (§7.2). */
    public record BackupWrap(String authorityKey, String wrappedKey, String primaryKey) {
    }

    @Transactional
    public RecoveryStatus status() {
        Account account = Account.require();
        SignedDeviceList current = directory.currentList();
        String committed = current.list().recoveryKey();
        RecoveryAuthority authority = RecoveryAuthority.current().filter(stored -> stored.authorityKey.equals(committed)).orElse(null);
        return new RecoveryStatus(authority != null, authority == null ? null : authority.authorityKey,
                authority == null ? null : authority.wrappedKey, account.primarySigningKey, current.list().version(),
                config.recovery().vetoWindow().toSeconds(), authority == null ? null : authority.backupAdmin,
                Recovery.pending().map(this::view).orElse(null), Recovery.lastCompleted().map(this::view).orElse(null));
    }

    /**
     * Turns recovery on, or replaces its key: the list committing the new authority key and the key's wrap, stored
     * together. A pending recovery under the old key can never complete now, so it is voided.
     */
    public void enable(AuthenticatedDevice primary, SignedDeviceList signed, String wrappedKey) {
        Account.lockForListChange();
        try {
            B64u.decodeExact(wrappedKey, RecoveryKey.WRAPPED_SIZE);
        } catch (ProtocolException e) {
            throw new RecoveryRefused(RecoveryRefused.WRAP_INVALID);
        }
        directory.publishRecoveryKey(primary, signed);
        RecoveryAuthority authority = RecoveryAuthority.current().orElseGet(RecoveryAuthority::new);
        authority.authorityKey = signed.list().recoveryKey();
        authority.wrappedKey = wrappedKey;
        authority.listVersion = signed.list().version();
        authority.createdAt = clock.instant();
        authority.persist();
        Recovery.pending().ifPresent(recovery -> close(recovery, Recovery.VOID, primary.deviceId()));
    }

    /** A new browser's claim, signed by the authority key: it starts the veto window. */
    public RecoveryView start(RecoveryClaim.Signed signedClaim, String browser) {
        Account account = Account.lockForListChange();
        SignedDeviceList current = directory.currentList();
        verifyStart(account, current, signedClaim);
        if (Device.findById(signedClaim.claim().newPrimary().id()) != null) {
            throw new DeviceAlreadyLinked(DeviceAlreadyLinked.LINKED);
        }
        return begin(account, signedClaim, browser);
    }

    /**
     * The primary names an admin companion backup admin (§7.2): the list naming it, and the authority key's seed the
     * primary wrapped to that device's agreement key, stored together. An earlier backup admin's wrap is deleted by
     * {@link #onListChanged} as the list stops naming it.
     */
    public void markBackupAdmin(AuthenticatedDevice primary, SignedDeviceList signed, String wrappedKey) {
        Account.lockForListChange();
        try {
            B64u.decodeExact(wrappedKey, BackupAdminWrap.SIZE);
        } catch (ProtocolException e) {
            throw new RecoveryRefused(RecoveryRefused.BACKUP_WRAP_INVALID);
        }
        SignedDeviceList current = directory.currentList();
        RecoveryAuthority authority = RecoveryAuthority.current()
                .filter(stored -> stored.authorityKey.equals(current.list().recoveryKey()))
                .orElseThrow(() -> new RecoveryRefused(RecoveryRefused.NOT_ENABLED));
        directory.publishBackupAdmin(primary, signed);
        authority.backupAdmin = signed.list().backupAdmin();
        authority.backupWrappedKey = wrappedKey;
    }

    /**
     * The wrap of the authority key for the backup admin, for that device only: it is ciphertext, but nobody else has a
     * use for it.
     */
    @Transactional
    public BackupWrap backupWrap(AuthenticatedDevice caller) {
        RecoveryAuthority authority = backupAuthority(caller, directory.currentList());
        return new BackupWrap(authority.authorityKey, authority.backupWrappedKey, Account.require().primarySigningKey);
    }

    /**
     * The backup admin's claim (§7.3): signed by the authority key it unwrapped, naming itself, with its own keys, as
     * the new primary. It starts the same veto window as a claim made with the recovery key.
     */
    public RecoveryView startAsBackupAdmin(AuthenticatedDevice caller, RecoveryClaim.Signed signedClaim, String browser) {
        Account account = Account.lockForListChange();
        SignedDeviceList current = directory.currentList();
        backupAuthority(caller, current);
        DeviceEntry own = current.list().entry(caller.deviceId()).orElseThrow();
        DeviceEntry named = signedClaim.claim().newPrimary();
        if (!named.id().equals(own.id()) || !named.signingKey().equals(own.signingKey()) || !named.agreementKey().equals(own.agreementKey())) {
            throw new RecoveryRefused(RecoveryRefused.NOT_OWN_ENTRY);
        }
        verifyStart(account, current, signedClaim);
        return begin(account, signedClaim, browser);
    }

    /** The authority row, when {@code caller} is the backup admin the current list names and holds a wrap for. */
    private static RecoveryAuthority backupAuthority(AuthenticatedDevice caller, SignedDeviceList current) {
        return RecoveryAuthority.current()
                .filter(authority -> authority.authorityKey.equals(current.list().recoveryKey()))
                .filter(authority -> caller.deviceId().equals(authority.backupAdmin) && caller.deviceId().equals(current.list().backupAdmin()))
                .orElseThrow(() -> new RecoveryRefused(RecoveryRefused.BACKUP_ADMIN_REQUIRED));
    }

    /**
     * A list that no longer names the backup admin (unmarked, logged out, no longer admin) deletes its wrap, and voids
     * a claim it has pending: only the backup admin the list names may take over.
     */
    void onListChanged(@Observes DeviceEvents.ListChanged event) {
        if (!Device.BUSINESS.equals(event.owner())) {
            return;
        }
        SignedDeviceList current = directory.currentList();
        RecoveryAuthority.current().filter(authority -> authority.backupAdmin != null)
                .filter(authority -> !authority.backupAdmin.equals(current.list().backupAdmin()))
                .ifPresent(authority -> {
                    Recovery.pending().filter(recovery -> recovery.newPrimaryId.equals(authority.backupAdmin))
                            .ifPresent(recovery -> close(recovery, Recovery.VOID, null));
                    authority.backupAdmin = null;
                    authority.backupWrappedKey = null;
                });
    }

    private static void verifyStart(Account account, SignedDeviceList current, RecoveryClaim.Signed signedClaim) {
        // After an operator reset the old list still names the authority key, but its wrap is gone: nothing to recover.
        if (RecoveryAuthority.current().filter(authority -> authority.authorityKey.equals(current.list().recoveryKey())).isEmpty()) {
            throw new RecoveryRefused(RecoveryRefused.NOT_ENABLED);
        }
        try {
            DeviceListVerifier.verifyClaim(signedClaim, account.businessNumber, B64u.decode(account.primarySigningKey), current.list());
        } catch (DeviceListException e) {
            throw DeviceListInvalid.refused(e.reason().code());
        }
        if (Recovery.pending().isPresent()) {
            throw new RecoveryRefused(RecoveryRefused.ALREADY_PENDING);
        }
    }

    private RecoveryView begin(Account account, RecoveryClaim.Signed signedClaim, String browser) {
        DeviceEntry newPrimary = signedClaim.claim().newPrimary();
        Instant now = clock.instant();
        byte[] id = new byte[16];
        random.nextBytes(id);
        Recovery recovery = new Recovery();
        recovery.id = B64u.encode(id);
        recovery.document = write(signedClaim.toJson());
        recovery.newPrimaryId = newPrimary.id();
        recovery.replacedPrimaryId = account.primaryDeviceId;
        recovery.browser = browser;
        recovery.status = Recovery.PENDING;
        recovery.startedAt = now;
        recovery.takesEffectAt = now.plus(config.recovery().vetoWindow());
        recovery.persist();
        audit.record(AuditAction.RECOVERY_STARTED, null, newPrimary.id(), Map.of("recovery", recovery.id,
                "person", newPrimary.person(), "label", newPrimary.label(), "takesEffectAt", recovery.takesEffectAt.toString()));
        changed.fire(new DeviceEvents.RecoveryChanged(recovery.id, recovery.status));
        return view(recovery);
    }

    @Transactional
    public RecoveryView get(String id) {
        return view(find(id));
    }

    /** Any surviving device of the owner or an admin stops a recovery it did not ask for. */
    public void cancel(AuthenticatedDevice caller, String id) {
        if (!Role.ADMINS.contains(caller.role())) {
            throw new NotPermitted(NotPermitted.ROLE_REQUIRED);
        }
        Account.lockForListChange();
        Recovery recovery = find(id);
        if (!Recovery.PENDING.equals(recovery.status)) {
            throw new RecoveryRefused(RecoveryRefused.NOT_PENDING);
        }
        close(recovery, Recovery.CANCELLED, caller.deviceId());
        audit.record(AuditAction.RECOVERY_CANCELLED, caller.deviceId(), recovery.newPrimaryId, Map.of("recovery", recovery.id));
    }

    /**
     * After the veto window the new browser signs the takeover list: only itself, the claim's recovery key kept, as
     * the successor of the current list. It becomes the primary; every other business device is logged out, and the
     * old owner's passkeys are forgotten.
     */
    public void complete(String id, SignedDeviceList takeover) {
        Account account = Account.lockForListChange();
        Recovery recovery = find(id);
        if (!Recovery.PENDING.equals(recovery.status)) {
            throw new RecoveryRefused(RecoveryRefused.NOT_PENDING);
        }
        Instant now = clock.instant();
        if (now.isBefore(recovery.takesEffectAt)) {
            throw new RecoveryRefused(RecoveryRefused.VETO_RUNNING, Map.of("takesEffectAt", recovery.takesEffectAt.getEpochSecond()));
        }
        RecoveryClaim.Signed signedClaim = RecoveryClaim.Signed.fromJson(read(recovery.document));
        SignedDeviceList current = directory.currentList();
        try {
            DeviceListVerifier.verifyTakeover(takeover, signedClaim, account.businessNumber, B64u.decode(account.primarySigningKey),
                    current.list(), now.getEpochSecond());
        } catch (DeviceListException e) {
            throw DeviceListInvalid.refused(e.reason().code());
        }
        if (takeover.list().version() != current.list().version() + 1) {
            throw new DeviceListStale(current.list().version());
        }
        DeviceEntry newPrimary = signedClaim.claim().newPrimary();
        if (!takeover.list().devices().equals(java.util.List.of(newPrimary))
                || !signedClaim.claim().authorityKey().equals(takeover.list().recoveryKey())) {
            throw new RecoveryRefused(RecoveryRefused.TAKEOVER_MISMATCH);
        }

        // A backup admin takes over with its own device: it stays signed in and becomes the primary.
        Device backupAdmin = Device.findById(newPrimary.id());
        if (backupAdmin != null && (!backupAdmin.active() || !newPrimary.id().equals(current.list().backupAdmin()))) {
            throw new RecoveryRefused(RecoveryRefused.BACKUP_ADMIN_REQUIRED);
        }
        Set<String> loggedOutIds = Device.activeDevices(Device.BUSINESS).stream().map(device -> device.id)
                .filter(deviceId -> !deviceId.equals(newPrimary.id())).collect(Collectors.toSet());
        for (String deviceId : loggedOutIds) {
            Device device = Device.findById(deviceId);
            device.removedAt = now;
            device.removalReason = RECOVERED;
            auth.endAllSessions(deviceId);
        }
        // The old primary must be logged out in the database before the new one exists (one active primary).
        Device.flush();
        Device device = backupAdmin == null ? new Device() : backupAdmin;
        if (backupAdmin == null) {
            device.id = newPrimary.id();
            device.browser = recovery.browser;
            device.signingKey = newPrimary.signingKey();
            device.agreementKey = newPrimary.agreementKey();
            device.linkedAt = now;
        }
        device.primary = true;
        device.role = Role.OWNER;
        device.person = newPrimary.person();
        device.label = newPrimary.label();
        device.lastActiveAt = now;
        device.persist();
        account.primaryDeviceId = newPrimary.id();
        account.primarySigningKey = newPrimary.signingKey();
        // Closed before the takeover list is stored, so the list no longer naming a backup admin voids nothing.
        recovery.listVersion = takeover.list().version();
        close(recovery, Recovery.COMPLETED, newPrimary.id());
        directory.store(takeover);
        passkeys.forgetAll(RECOVERED);
        audit.record(AuditAction.RECOVERY_COMPLETED, newPrimary.id(), recovery.replacedPrimaryId, new TreeMap<>(Map.of(
                "recovery", recovery.id, "listVersion", takeover.list().version(), "loggedOut", loggedOutIds.stream().sorted().toList())));
        if (!loggedOutIds.isEmpty()) {
            loggedOut.fire(new DeviceEvents.LoggedOut(loggedOutIds, RECOVERED));
        }
    }

    private void close(Recovery recovery, String status, String by) {
        recovery.status = status;
        recovery.closedAt = clock.instant();
        recovery.closedBy = by;
        changed.fire(new DeviceEvents.RecoveryChanged(recovery.id, status));
    }

    private static Recovery find(String id) {
        Recovery recovery = Recovery.findById(id);
        if (recovery == null) {
            throw new RecoveryRefused(RecoveryRefused.NOT_FOUND);
        }
        return recovery;
    }

    private RecoveryView view(Recovery recovery) {
        return new RecoveryView(recovery.id, recovery.reset() ? "reset" : "recovery", recovery.reset() ? null : read(recovery.document),
                recovery.status, recovery.startedAt, recovery.takesEffectAt,
                recovery.closedAt, recovery.closedBy, recovery.listVersion);
    }

    private JsonNode read(String document) {
        try {
            return json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored recovery claim is not JSON", e);
        }
    }

    private String write(JsonNode document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
