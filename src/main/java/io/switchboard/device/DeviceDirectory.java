package io.switchboard.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.account.Account;
import io.switchboard.account.AccountNotSetUp;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.passkey.PasskeyService;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.PasskeyApproval;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The account's devices and its signed device lists. The server never signs a list; it checks
 * every list the primary sends against the one before it, then stores it as signed.
 */
@ApplicationScoped
@Transactional
public class DeviceDirectory {

    /** The removal reason of a device that logged itself out. */
    public static final String SELF = "self";

    private static final int PARSED_LISTS_KEPT = 10_000;

    private final Map<String, SignedDeviceList> parsedLists = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SignedDeviceList> eldest) {
            return size() > PARSED_LISTS_KEPT;
        }
    });
    private final Clock clock;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final AuthService auth;
    private final PasskeyService passkeys;
    private final Event<DeviceEvents.LoggedOut> loggedOut;
    private final Event<DeviceEvents.ListChanged> listChanged;
    private final Jdbc jdbc;

    DeviceDirectory(Clock clock, ObjectMapper json, AuditLog audit, AuthService auth, PasskeyService passkeys,
                    Event<DeviceEvents.LoggedOut> loggedOut, Event<DeviceEvents.ListChanged> listChanged, Jdbc jdbc) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.audit = audit;
        this.auth = auth;
        this.passkeys = passkeys;
        this.loggedOut = loggedOut;
        this.listChanged = listChanged;
    }

    @Transactional
    public SignedDeviceList currentList() {
        return DeviceListVersion.latestDocument(Device.BUSINESS).map(this::parse).orElseThrow(AccountNotSetUp::new);
    }

    /**
     * What checking one envelope needs from the device tables: both sides' current lists, the devices of each
     * side the server has not logged out, and the sender's signing key.
     */
    public record SendingState(SignedDeviceList businessList, SignedDeviceList counterpartList, Set<String> activeBusinessDevices,
                               Set<String> activeCounterpartDevices, String senderSigningKey) {
    }

    /**
     * {@link SendingState} in one round trip of plain JDBC: it is read for every message sent, where each query through
     * the ORM cost about as much as verifying the envelope's signature. Reads only rows written by native statements or
     * flushed long before (a list and its devices are stored by their own requests).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SendingState sendingState(String counterpartOwner, String senderDeviceId) {
        List<Object[]> rows = jdbc.list("""
                        select 'list', owner, document from (
                            select distinct on (owner) owner, document from device_list where owner in (?1, ?2) order by owner, version desc) lists
                        union all
                        select 'active', owner, id from device where owner in (?1, ?2) and removed_at is null
                        union all
                        select 'sender', owner, signing_key from device where id = ?3""", Device.BUSINESS, counterpartOwner, senderDeviceId);
        Map<String, String> documents = new java.util.HashMap<>();
        Set<String> business = new java.util.HashSet<>();
        Set<String> counterpart = new java.util.HashSet<>();
        String senderKey = null;
        for (Object[] row : rows) {
            String owner = (String) row[1];
            String value = (String) row[2];
            switch ((String) row[0]) {
                case "list" -> documents.put(owner, value);
                case "active" -> (owner.equals(Device.BUSINESS) ? business : counterpart).add(value);
                default -> senderKey = value;
            }
        }
        if (!documents.containsKey(Device.BUSINESS)) {
            throw new AccountNotSetUp();
        }
        if (!documents.containsKey(counterpartOwner) || senderKey == null) {
            throw new IllegalStateException("no device list for " + counterpartOwner + " or no device " + senderDeviceId);
        }
        return new SendingState(parse(documents.get(Device.BUSINESS)), parse(documents.get(counterpartOwner)), business, counterpart,
                senderKey);
    }

    /** The current list of a customer (or any owner that has one). */
    @Transactional
    public SignedDeviceList currentList(String owner) {
        return DeviceListVersion.latestDocument(owner).map(this::parse)
                .orElseThrow(() -> new IllegalStateException("no device list for " + owner));
    }

    /**
     * A stored list version exactly as the primary signed it (protocol §13.4: a message names the versions
     * it was sent under, and a device linked later verifies its sender on them). Anyone signed in may read
     * the business's lists; a customer's lists only the business and that customer's own devices.
     */
    @Transactional
    public String storedList(AuthenticatedDevice caller, String owner, long version) {
        boolean mayRead = owner.equals(Device.BUSINESS) || caller.business() || caller.owner().equals(owner);
        DeviceListVersion stored = mayRead ? DeviceListVersion.findById(new DeviceListVersion.Key(owner, version)) : null;
        if (stored == null) {
            throw new DeviceListNotFound();
        }
        return stored.document;
    }

    /**
     * Checks a list the primary signed as the successor of the current one. {@code pendingDeviceIds}
     * may lack their device signature (a companion being approved has not countersigned yet).
     */
    public SignedDeviceList verifySuccessor(SignedDeviceList signed, Set<String> pendingDeviceIds) {
        Account account = Account.require();
        return verifySuccessor(Device.BUSINESS, account.businessNumber, account.primarySigningKey, signed, pendingDeviceIds);
    }

    /** The same check for any owner's list: the business's, or a customer's signed under its phone number. */
    public SignedDeviceList verifySuccessor(String owner, String accountName, String primarySigningKey, SignedDeviceList signed,
                                            Set<String> pendingDeviceIds) {
        DeviceListVersion latest = verifyNextVersion(owner, accountName, primarySigningKey, signed, pendingDeviceIds);
        if (!Objects.equals(parse(latest.document).list().recoveryKey(), signed.list().recoveryKey())) {
            throw new DeviceListMismatch(DeviceListMismatch.RECOVERY_KEY_CHANGED, signed.list().primaryEntry().orElseThrow().id());
        }
        String backupAdmin = signed.list().backupAdmin();
        if (backupAdmin != null && !backupAdmin.equals(parse(latest.document).list().backupAdmin())) {
            throw new DeviceListMismatch(DeviceListMismatch.BACKUP_ADMIN_CHANGED, backupAdmin);
        }
        return signed;
    }

    private DeviceListVersion verifyNextVersion(String owner, String accountName, String primarySigningKey, SignedDeviceList signed,
                                                Set<String> pendingDeviceIds) {
        DeviceListVersion latest = DeviceListVersion.latest(owner).orElseThrow();
        verify(signed, accountName, primarySigningKey, latest.version, pendingDeviceIds);
        if (signed.list().version() != latest.version + 1) {
            throw new DeviceListStale(latest.version);
        }
        return latest;
    }

    /**
     * The primary turns recovery on or gives it a new authority key (protocol §7.2): the successor of the current
     * business list with the same devices and device signatures and another {@code recoveryKey}. It gives a new way
     * into the account, so it needs the owner's passkey like a list that logs a device out. The caller holds the
     * account lock.
     */
    public SignedDeviceList publishRecoveryKey(AuthenticatedDevice primary, SignedDeviceList signed) {
        Account account = Account.require();
        SignedDeviceList current = currentList();
        verifyNextVersion(Device.BUSINESS, account.businessNumber, account.primarySigningKey, signed, Set.of());
        if (!signed.list().devices().equals(current.list().devices()) || !signed.deviceSignatures().equals(current.deviceSignatures())) {
            throw new DeviceListMismatch(DeviceListMismatch.NOT_ONLY_RECOVERY_KEY, primary.deviceId());
        }
        if (signed.list().recoveryKey() == null || signed.list().recoveryKey().equals(current.list().recoveryKey())) {
            throw new DeviceListMismatch(DeviceListMismatch.RECOVERY_KEY_CHANGED, primary.deviceId());
        }
        if (signed.list().backupAdmin() != null) {
            throw new DeviceListMismatch(DeviceListMismatch.BACKUP_ADMIN_WITH_NEW_KEY, signed.list().backupAdmin());
        }
        passkeys.requireApproval(primary, PasskeyApproval.Change.LIST, PasskeyApproval.listSubject(signed.list()));
        store(signed);
        audit.record(AuditAction.DEVICE_LIST_SIGNED, primary.deviceId(), null,
                Map.of("version", signed.list().version(), "recoveryKey", signed.list().recoveryKey()));
        return signed;
    }

    /**
     * The primary names a backup admin (protocol §7.2): the successor of the current business list with the same
     * devices, device signatures and recovery key, and another {@code backupAdmin}, an active admin companion. It hands
     * that device the authority key, so it needs the owner's passkey like a role change. The caller holds the account
     * lock and stores the wrap.
     */
    public SignedDeviceList publishBackupAdmin(AuthenticatedDevice primary, SignedDeviceList signed) {
        Account account = Account.require();
        SignedDeviceList current = currentList();
        verifyNextVersion(Device.BUSINESS, account.businessNumber, account.primarySigningKey, signed, Set.of());
        String backupAdmin = signed.list().backupAdmin();
        if (!signed.list().devices().equals(current.list().devices()) || !signed.deviceSignatures().equals(current.deviceSignatures())
                || !Objects.equals(signed.list().recoveryKey(), current.list().recoveryKey())
                || backupAdmin == null || backupAdmin.equals(current.list().backupAdmin())) {
            throw new DeviceListMismatch(DeviceListMismatch.NOT_ONLY_BACKUP_ADMIN, primary.deviceId());
        }
        Device device = Device.findById(backupAdmin);
        if (device == null || !device.active()) {
            throw new DeviceListMismatch(DeviceListMismatch.LOGGED_OUT_DEVICE_LISTED, backupAdmin);
        }
        passkeys.requireApproval(primary, PasskeyApproval.Change.LIST, PasskeyApproval.listSubject(signed.list()));
        store(signed);
        audit.record(AuditAction.DEVICE_LIST_SIGNED, primary.deviceId(), backupAdmin,
                Map.of("version", signed.list().version(), "backupAdmin", backupAdmin));
        return signed;
    }

    public void verify(SignedDeviceList signed, String account, String primarySigningKey, long lastAcceptedVersion,
                       Set<String> pendingDeviceIds) {
        try {
            DeviceListVerifier.verify(signed, account, B64u.decode(primarySigningKey), lastAcceptedVersion,
                    clock.instant().getEpochSecond(), pendingDeviceIds);
        } catch (DeviceListException e) {
            throw DeviceListInvalid.refused(e.reason().code());
        }
    }

    /** Stores an accepted business list; the version is part of the primary key, so two racing writers cannot both win. */
    public void store(SignedDeviceList signed) {
        store(Device.BUSINESS, signed);
    }

    public void store(String owner, SignedDeviceList signed) {
        DeviceListVersion stored = new DeviceListVersion();
        stored.owner = owner;
        stored.version = signed.list().version();
        stored.document = write(signed);
        stored.issuedAt = Instant.ofEpochSecond(signed.list().issuedAt());
        stored.expiresAt = Instant.ofEpochSecond(signed.list().expiresAt());
        stored.storedAt = clock.instant();
        stored.persist();
        listChanged.fire(new DeviceEvents.ListChanged(owner, stored.version));
    }

    /**
     * A list from the primary that drops devices (logging them out), changes a companion's role, or only renews
     * the signature. Every kept entry must be otherwise unchanged and no logged-out device may stay on it.
     */
    public SignedDeviceList publish(AuthenticatedDevice primary, SignedDeviceList signed) {
        Account account = Account.lockForListChange();
        return publish(primary, Device.BUSINESS, account.businessNumber, account.primarySigningKey, signed);
    }

    /**
     * The same for any owner's list; the caller holds the owner's lock (the account row, or the customer's). A
     * customer's list only drops devices or renews: its companions stay {@code member}.
     */
    public SignedDeviceList publish(AuthenticatedDevice primary, String owner, String accountName, String primarySigningKey,
                                    SignedDeviceList signed) {
        boolean business = Device.BUSINESS.equals(owner);
        SignedDeviceList current = currentList(owner);
        verifySuccessor(owner, accountName, primarySigningKey, signed, Set.of());
        Map<String, DeviceEntry> currentEntries = current.list().devices().stream()
                .collect(Collectors.toMap(DeviceEntry::id, entry -> entry));
        Map<String, String> newRoles = new TreeMap<>();
        for (DeviceEntry entry : signed.list().devices()) {
            DeviceEntry before = currentEntries.get(entry.id());
            if (before == null || !entry.equals(withRole(before, entry.role()))) {
                throw new DeviceListMismatch(DeviceListMismatch.NOT_DROPS_OR_ROLES, entry.id());
            }
            if (!entry.role().equals(before.role())) {
                if (!business || before.primary() || Role.fromWire(entry.role()).filter(Role::isGrantableByPrimary).isEmpty()) {
                    throw new DeviceListMismatch(DeviceListMismatch.ROLE_NOT_GRANTABLE, entry.id());
                }
                newRoles.put(entry.id(), entry.role());
            }
            Device device = Device.findById(entry.id());
            if (device == null || !device.active()) {
                throw new DeviceListMismatch(DeviceListMismatch.LOGGED_OUT_DEVICE_LISTED, entry.id());
            }
        }
        Set<String> kept = signed.list().devices().stream().map(DeviceEntry::id).collect(Collectors.toSet());
        Set<String> dropped = currentEntries.keySet().stream().filter(id -> !kept.contains(id)).collect(Collectors.toSet());
        // Dropping devices that are logged out already (and renewing) takes nothing from anyone, so the primary
        // does it on its own; logging a device out or changing a role needs the owner's passkey.
        boolean logsOut = dropped.stream().map(id -> Device.<Device>findById(id)).anyMatch(device -> device != null && device.active());
        // Taking an active backup admin's power away is a change of role too; dropping a logged-out one takes nothing.
        String backupAdmin = current.list().backupAdmin();
        boolean unmarksBackupAdmin = backupAdmin != null && signed.list().backupAdmin() == null
                && Device.<Device>findByIdOptional(backupAdmin).filter(Device::active).isPresent();
        if (business && (logsOut || !newRoles.isEmpty() || unmarksBackupAdmin)) {
            passkeys.requireApproval(primary, PasskeyApproval.Change.LIST, PasskeyApproval.listSubject(signed.list()));
        }
        store(owner, signed);
        // Requests read the role from the device row, so the change holds from the next request on.
        newRoles.forEach((id, role) -> {
            Device.<Device>findById(id).role = Role.fromWire(role).orElseThrow();
            audit.record(AuditAction.ROLE_CHANGED, primary.deviceId(), id, withOwner(owner, Map.of("role", role)));
        });
        Instant now = clock.instant();
        for (String id : dropped) {
            Device device = Device.findById(id);
            if (device != null && device.active()) {
                device.removedAt = now;
                device.removalReason = "removed";
                auth.endAllSessions(id);
                audit.record(AuditAction.DEVICE_REMOVED, primary.deviceId(), id, withOwner(owner, Map.of("listVersion", signed.list().version())));
            }
        }
        audit.record(AuditAction.DEVICE_LIST_SIGNED, primary.deviceId(), null,
                withOwner(owner, Map.of("version", signed.list().version(), "removed", List.copyOf(dropped), "roles", newRoles)));
        if (!dropped.isEmpty()) {
            loggedOut.fire(new DeviceEvents.LoggedOut(dropped, "removed"));
        }
        return signed;
    }

    /** Audit details of a customer's list name the customer, as the link entries do. */
    private static Map<String, Object> withOwner(String owner, Map<String, Object> details) {
        if (Device.BUSINESS.equals(owner)) {
            return details;
        }
        Map<String, Object> named = new TreeMap<>(details);
        named.put("customer", owner);
        return named;
    }

    private static DeviceEntry withRole(DeviceEntry entry, String role) {
        return new DeviceEntry(entry.id(), entry.primary(), role, entry.person(), entry.label(), entry.signingKey(), entry.agreementKey());
    }

    /**
     * A companion logs itself out: it is removed at once, like a device the primary logged out, and the primary
     * drops it from the signed list on its next visit (as for any logged-out device).
     */
    public void logOutSelf(AuthenticatedDevice companion) {
        if (companion.primary()) {
            throw new PrimaryCannotLogOut();
        }
        Device device = Device.findById(companion.deviceId());
        device.removedAt = clock.instant();
        device.removalReason = SELF;
        auth.endAllSessions(device.id);
        audit.record(AuditAction.DEVICE_REMOVED, device.id, device.id, Map.of("reason", SELF));
        loggedOut.fire(new DeviceEvents.LoggedOut(Set.of(device.id), SELF));
    }

    /** What a device's "Linked devices" screen shows. */
    @Transactional
    public DevicesView view(AuthenticatedDevice caller) {
        Account account = Account.require();
        SignedDeviceList list = currentList();
        Set<String> listed = list.list().devices().stream().map(DeviceEntry::id).collect(Collectors.toSet());
        List<DeviceView> devices = Device.<Device>list("owner = ?1 order by primary desc, linkedAt", Device.BUSINESS).stream()
                .filter(device -> device.active() || listed.contains(device.id))
                .map(DeviceView::of)
                .toList();
        return new DevicesView(account.businessNumber, account.displayName, caller.deviceId(), caller.primary(), caller.role(),
                devices, list);
    }

    public record DevicesView(String businessNumber, String displayName, String myDeviceId, boolean iAmPrimary, Role myRole,
                              List<DeviceView> devices, SignedDeviceList deviceList) {
    }

    public record DeviceView(String id, boolean primary, Role role, String person, String label, String browser,
                             String signingKey, String agreementKey, Instant linkedAt, Instant lastActiveAt, String status,
                             String removalReason) {
        static DeviceView of(Device device) {
            return new DeviceView(device.id, device.primary, device.role, device.person, device.label, device.browser,
                    device.signingKey, device.agreementKey, device.linkedAt, device.lastActiveAt,
                    device.active() ? "active" : "logged-out", device.removalReason);
        }
    }

    /**
     * Every send needs both current lists, and reading one checks every key in it (§2): parsed lists are kept by
     * their exact document, so a list is parsed once per node and a changed document can never hit an old entry.
     */
    public SignedDeviceList parse(String document) {
        SignedDeviceList known = parsedLists.get(document);
        if (known != null) {
            return known;
        }
        try {
            SignedDeviceList parsed = json.readValue(document, SignedDeviceList.class);
            parsedLists.put(document, parsed);
            return parsed;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored device list is not valid JSON", e);
        }
    }

    public String write(SignedDeviceList signed) {
        try {
            return json.writeValueAsString(signed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device lists are plain JSON", e);
        }
    }
}
