package io.switchboard.linking;

import io.switchboard.account.Account;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.NotPermitted;
import io.switchboard.customer.Customer;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceAlreadyLinked;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceEvents;
import io.switchboard.device.DeviceListMismatch;
import io.switchboard.passkey.PasskeyService;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.DomainException;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.DeviceId;
import io.switchboard.protocol.E164;
import io.switchboard.protocol.PasskeyApproval;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linking a new browser as a companion (docs/protocol.md §6), of the business or of a customer (§6.3):
 * the same flow, approved by the primary of the list the device joins. The server only relays: it
 * cannot compute the link proof, so it cannot link a device of its own choosing or swap keys.
 */
@ApplicationScoped
@Transactional
public class LinkService {

    /** The refusal the waiting browser reads when the owner's tries with the pairing code ran out. */
    static final String WRONG_CODES = "Too many wrong pairing codes.";

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final DeviceDirectory directory;
    private final AuthService auth;
    private final AuditLog audit;
    private final PasskeyService passkeys;
    private final Event<DeviceEvents.LinkRequestChanged> changed;

    LinkService(Clock clock, SecureRandom random, SwitchboardConfig config, DeviceDirectory directory, AuthService auth,
                AuditLog audit, PasskeyService passkeys, Event<DeviceEvents.LinkRequestChanged> changed) {
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.directory = directory;
        this.auth = auth;
        this.audit = audit;
        this.passkeys = passkeys;
        this.changed = changed;
    }

    /** {@code forCustomer}: the request is for the customer whose phone number is {@code account}. */
    public record NewRequest(String method, boolean forCustomer, String account, String person, String label, String browser, String signingKey,
                             String agreementKey, String salt, String pake1) {
    }

    public record Created(String ref, String deviceId, long expiresAt) {
    }

    /**
     * Opens a link request. A refusal for the companion limit is audited and committed even
     * though the request fails, which is why this method does not roll back on a {@link DomainException}.
     */
    @Transactional(dontRollbackOn = DomainException.class)
    public Created open(NewRequest request) {
        Account account = Account.require();
        byte[] signingKey = key(request.signingKey(), "signingKey");
        key(request.agreementKey(), "agreementKey");
        if (request.forCustomer() && !E164.isValid(request.account())) {
            throw ValidationFailed.field("account", "must be the customer's phone number in international format");
        }
        if ("code".equals(request.method())) {
            if (!request.forCustomer() && !account.businessNumber.equals(request.account())) {
                throw new LinkRefused(LinkRefused.ACCOUNT_NOT_FOUND);
            }
            exactLength(request.salt(), 32, "salt");
            exactLength(request.pake1(), 48, "pake1");
        } else if (request.salt() != null || request.pake1() != null) {
            throw new ValidationFailed("A QR link request carries no pairing fields.");
        }
        String deviceId = DeviceId.of(signingKey);
        Device existing = Device.findById(deviceId);
        if (existing != null) {
            throw new DeviceAlreadyLinked(existing.active() ? DeviceAlreadyLinked.LINKED : DeviceAlreadyLinked.LOGGED_OUT);
        }
        // A customer's limit is checked at approval, so that opening a request never tells whether a number is a customer.
        String owner = request.forCustomer() ? Customer.byPhone(request.account()).map(customer -> customer.id).orElse(null)
                : Device.BUSINESS;
        if (!request.forCustomer()) {
            refuseOverLimit(Device.BUSINESS, null, deviceId, request.person());
        }

        LinkRequest link = new LinkRequest();
        link.ref = newRef();
        link.owner = owner;
        link.method = request.method();
        link.status = LinkRequest.Status.pending;
        link.deviceId = deviceId;
        link.person = request.person();
        link.label = request.label();
        link.browser = request.browser();
        link.signingKey = request.signingKey();
        link.agreementKey = request.agreementKey();
        link.salt = request.salt();
        link.pake1 = request.pake1();
        link.createdAt = clock.instant();
        link.expiresAt = link.createdAt.plus(config.linking().requestLifetime());
        link.persist();
        announce(link);
        return new Created(link.ref, deviceId, link.expiresAt.getEpochSecond());
    }

    public record PendingRequest(String ref, String method, String deviceId, String person, String label, String browser,
                                 String signingKey, String agreementKey, String salt, String pake1, String pake2,
                                 String confirm, int pakeAttempts, int maxPakeAttempts, String status, Instant createdAt,
                                 Instant expiresAt) {
        static PendingRequest of(LinkRequest link, int maxAttempts) {
            return new PendingRequest(link.ref, link.method, link.deviceId, link.person, link.label, link.browser,
                    link.signingKey, link.agreementKey, link.salt, link.pake1, link.pake2, link.confirm, link.pakeAttempts,
                    maxAttempts, link.status.name(), link.createdAt, link.expiresAt);
        }
    }

    /** The pending requests this primary may act on (those for its own list), newest first. */
    @Transactional
    public List<PendingRequest> pending(AuthenticatedDevice primary) {
        requirePrimary(primary);
        return LinkRequest.<LinkRequest>list("owner = ?1 and status = ?2 and expiresAt > ?3 order by createdAt desc",
                        primary.owner(), LinkRequest.Status.pending, clock.instant()).stream()
                .map(link -> PendingRequest.of(link, config.linking().maxPairingAttempts()))
                .toList();
    }

    @Transactional
    public PendingRequest get(AuthenticatedDevice primary, String ref) {
        requirePrimary(primary);
        LinkRequest link = find(ref);
        requireOwnedBy(primary, link);
        return PendingRequest.of(link, config.linking().maxPairingAttempts());
    }

    /** The primary's half of the pairing-code exchange. Every call is one guess of the code. */
    @Transactional(dontRollbackOn = DomainException.class)
    public PendingRequest answerPairing(AuthenticatedDevice primary, String ref, String pake2) {
        requirePrimary(primary);
        LinkRequest link = pendingForUpdate(ref);
        requireOwnedBy(primary, link);
        if (!"code".equals(link.method)) {
            throw new LinkRefused(LinkRefused.NOT_A_PAIRING_REQUEST);
        }
        exactLength(pake2, 48, "pake2");
        if (link.pakeAttempts >= config.linking().maxPairingAttempts()) {
            link.status = LinkRequest.Status.refused;
            link.refusalReason = WRONG_CODES;
            audit.record(AuditAction.LINK_REFUSED, primary.deviceId(), link.deviceId, details(link.owner, "reason", "pairing-attempts-exceeded"));
            announce(link);
            throw new PairingAttemptsExceeded(java.time.Duration.between(clock.instant(), link.expiresAt));
        }
        link.pakeAttempts++;
        link.pake2 = pake2;
        link.confirm = null;
        announce(link);
        return PendingRequest.of(link, config.linking().maxPairingAttempts());
    }

    /** The new device's pairing confirmation, for the {@code pake2} it answered. */
    public void confirmPairing(String ref, String pake2, String confirm) {
        LinkRequest link = pendingForUpdate(ref);
        if (link.pake2 == null || !link.pake2.equals(pake2)) {
            throw new LinkRefused(LinkRefused.PAIRING_SUPERSEDED);
        }
        exactLength(confirm, 32, "confirm");
        link.confirm = confirm;
        announce(link);
    }

    public record Approval(String role, SignedDeviceList deviceList, String linkProof) {
    }

    /**
     * The primary approves: the new list must be the current active devices plus exactly the
     * requested device with the requested keys. It is published only once the companion countersigns.
     * A customer's companion is always a {@code member}.
     */
    @Transactional(dontRollbackOn = DomainException.class)
    public void approve(AuthenticatedDevice primary, String ref, Approval approval) {
        requirePrimary(primary);
        ListOwner owner = lockList(primary.owner());
        LinkRequest link = pendingForUpdate(ref);
        requireOwnedBy(primary, link);
        Role role = Role.fromWire(approval.role()).filter(owner.business() ? Role::isGrantableByPrimary : Role.MEMBER::equals)
                .orElseThrow(() -> new LinkRefused(owner.business() ? LinkRefused.BUSINESS_ROLE_INVALID
                        : LinkRefused.CUSTOMER_ROLE_INVALID));
        if ("code".equals(link.method) && link.confirm == null) {
            throw new LinkRefused(LinkRefused.PAIRING_UNCONFIRMED);
        }
        exactLength(approval.linkProof(), 32, "linkProof");
        refuseOverLimit(owner.id(), primary.deviceId(), link.deviceId, link.person);
        requireCurrentPlus(owner, approval.deviceList(), link, role);
        SignedDeviceList signed = owner.verifySuccessor(directory, approval.deviceList(), Set.of(link.deviceId));
        if (owner.business()) {
            passkeys.requireApproval(primary, PasskeyApproval.Change.LINK, PasskeyApproval.listSubject(signed.list()));
        }

        link.status = LinkRequest.Status.approved;
        link.role = role;
        link.approvedList = directory.write(signed);
        link.linkProof = approval.linkProof();
        link.challenge = auth.newChallengeFor(link.deviceId).challenge();
        link.expiresAt = clock.instant().plus(config.linking().requestLifetime());
        audit.record(AuditAction.LINK_APPROVED, primary.deviceId(), link.deviceId,
                details(link.owner, "method", link.method, "role", link.role.wire(), "person", link.person));
        announce(link);
    }

    /**
     * The owner refuses; {@code wrongCodes} when the owner's tries with the pairing code ran out, so the waiting
     * browser stops at once instead of counting down to the expiry.
     */
    public void refuse(AuthenticatedDevice primary, String ref, boolean wrongCodes) {
        requirePrimary(primary);
        LinkRequest link = pendingForUpdate(ref);
        requireOwnedBy(primary, link);
        link.status = LinkRequest.Status.refused;
        link.refusalReason = wrongCodes ? WRONG_CODES : "The owner declined this device.";
        audit.record(AuditAction.LINK_REFUSED, primary.deviceId(), link.deviceId,
                details(link.owner, "reason", wrongCodes ? "pairing-attempts-exceeded" : "declined"));
        announce(link);
    }

    public record Status(String status, long expiresAt, String pake2, Role role, SignedDeviceList deviceList, String linkProof,
                         String challenge, String refusalReason) {
    }

    /** What the waiting new device polls. The reference is its only credential: 128 random bits, shown only in its QR. */
    @Transactional
    public Status status(String ref) {
        LinkRequest link = find(ref);
        boolean approved = link.status == LinkRequest.Status.approved;
        if (link.status != LinkRequest.Status.completed && link.status != LinkRequest.Status.refused && link.expired(clock.instant())) {
            throw new LinkRefused(LinkRefused.EXPIRED);
        }
        return new Status(link.status.name(), link.expiresAt.getEpochSecond(), link.pake2, link.role,
                approved ? directory.parse(link.approvedList) : null, approved ? link.linkProof : null,
                approved ? link.challenge : null, link.refusalReason);
    }

    /** The companion countersigns its entry and signs its challenge: the list is published and it is in. */
    @Transactional(dontRollbackOn = DomainException.class)
    public String complete(String ref, String deviceSignature, String challengeSignature) {
        LinkRequest unlocked = find(ref);
        if (unlocked.owner == null) {
            throw new LinkRefused(LinkRefused.NOT_APPROVED);
        }
        ListOwner owner = lockList(unlocked.owner);
        LinkRequest link = LinkRequest.<LinkRequest>findByIdOptional(ref, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(LinkService::notFound);
        if (link.status != LinkRequest.Status.approved) {
            throw new LinkRefused(link.status == LinkRequest.Status.completed ? LinkRefused.ALREADY_USED
                    : LinkRefused.NOT_APPROVED);
        }
        if (link.expired(clock.instant())) {
            throw new LinkRefused(LinkRefused.EXPIRED);
        }
        SignedDeviceList approved = directory.parse(link.approvedList);
        Map<String, String> deviceSignatures = new HashMap<>(approved.deviceSignatures());
        deviceSignatures.put(link.deviceId, deviceSignature);
        SignedDeviceList complete = new SignedDeviceList(approved.list(), approved.signature(), deviceSignatures);
        owner.verifySuccessor(directory, complete, Set.of());
        auth.consumeChallenge(link.deviceId, link.challenge, link.signingKey, challengeSignature);
        refuseOverLimit(owner.id(), null, link.deviceId, link.person);

        Instant now = clock.instant();
        Device device = new Device();
        device.id = link.deviceId;
        device.owner = owner.id();
        device.primary = false;
        device.role = link.role;
        device.person = link.person;
        device.label = link.label;
        device.browser = link.browser;
        device.signingKey = link.signingKey;
        device.agreementKey = link.agreementKey;
        device.deviceSignature = deviceSignature;
        device.historyUntilSeq = ((Number) Device.getEntityManager().createNativeQuery("select coalesce(max(seq), 0) from message")
                .getSingleResult()).longValue();
        device.linkedAt = now;
        device.lastActiveAt = now;
        device.persist();
        directory.store(owner.id(), complete);
        link.status = LinkRequest.Status.completed;
        link.completedAt = now;
        audit.record(AuditAction.LINK_COMPLETED, link.deviceId, link.deviceId, details(link.owner, "method", link.method,
                "role", link.role.wire(), "person", link.person, "listVersion", complete.list().version()));
        announce(link);
        return auth.openSession(link.deviceId);
    }

    /** The owner of a list a device can join, with the account name and primary key the list is signed under. */
    private record ListOwner(String id, String account, String primarySigningKey) {
        boolean business() {
            return Device.BUSINESS.equals(id);
        }

        SignedDeviceList verifySuccessor(DeviceDirectory directory, SignedDeviceList signed, Set<String> pendingDeviceIds) {
            return directory.verifySuccessor(id, account, primarySigningKey, signed, pendingDeviceIds);
        }
    }

    /** Locks the owner's row for the rest of the transaction, so an approval and another list change never interleave. */
    private static ListOwner lockList(String ownerId) {
        if (Device.BUSINESS.equals(ownerId)) {
            Account account = Account.lockForListChange();
            return new ListOwner(ownerId, account.businessNumber, account.primarySigningKey);
        }
        Customer customer = Customer.<Customer>findByIdOptional(ownerId, LockModeType.PESSIMISTIC_WRITE).orElseThrow();
        return new ListOwner(ownerId, customer.phone, customer.primarySigningKey);
    }

    private static void requirePrimary(AuthenticatedDevice device) {
        if (!device.primary()) {
            throw new NotPermitted(NotPermitted.PRIMARY_REQUIRED);
        }
    }

    /** Someone else's request (another customer's, the business's, or one that matched nobody) is not there for this primary. */
    private static void requireOwnedBy(AuthenticatedDevice primary, LinkRequest link) {
        if (!primary.owner().equals(link.owner)) {
            throw notFound();
        }
    }

    /** Only the business's devices hear of the business's requests; a customer's first browser asks for its own. */
    private void announce(LinkRequest link) {
        if (Device.BUSINESS.equals(link.owner)) {
            changed.fire(new DeviceEvents.LinkRequestChanged(link.ref, link.status.name()));
        }
    }

    /** Audit details; a customer's link names the customer. */
    private static Map<String, Object> details(String owner, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            details.put((String) pairs[i], pairs[i + 1]);
        }
        if (!Device.BUSINESS.equals(owner)) {
            details.put("customer", owner);
        }
        return details;
    }

    private void requireCurrentPlus(ListOwner owner, SignedDeviceList signed, LinkRequest link, Role role) {
        SignedDeviceList current = directory.currentList(owner.id());
        List<DeviceEntry> expected = new ArrayList<>();
        for (DeviceEntry entry : current.list().devices()) {
            Device device = Device.findById(entry.id());
            if (device != null && device.active()) {
                expected.add(entry);
            }
        }
        expected.add(new DeviceEntry(link.deviceId, false, role.wire(), link.person, link.label, link.signingKey, link.agreementKey));
        List<DeviceEntry> actual = signed.list().devices();
        if (actual.size() != expected.size() || !actual.containsAll(expected)) {
            throw new DeviceListMismatch(DeviceListMismatch.NOT_CURRENT_PLUS_LINKED, link.deviceId);
        }
    }

    private void refuseOverLimit(String owner, String actorDeviceId, String deviceId, String person) {
        boolean business = Device.BUSINESS.equals(owner);
        int limit = business ? config.devices().maxCompanions() : config.customers().maxCompanions();
        long companions = business ? Device.activeBusinessCompanionCount()
                : Device.count("owner = ?1 and removedAt is null and primary = false", owner);
        if (companions >= limit) {
            audit.record(AuditAction.LINK_REFUSED, actorDeviceId, deviceId, details(owner, "reason", "companion-limit", "limit", limit,
                    "person", person));
            throw new CompanionLimitReached(limit);
        }
    }

    private LinkRequest find(String ref) {
        LinkRequest link = ref == null ? null : LinkRequest.findById(ref);
        if (link == null) {
            throw notFound();
        }
        return link;
    }

    private LinkRequest pendingForUpdate(String ref) {
        LinkRequest link = LinkRequest.<LinkRequest>findByIdOptional(ref, LockModeType.PESSIMISTIC_WRITE).orElseThrow(LinkService::notFound);
        if (link.status != LinkRequest.Status.pending) {
            throw new LinkRequestNotPending(link.status);
        }
        if (link.expired(clock.instant())) {
            throw new LinkRefused(LinkRefused.EXPIRED_ON_NEW_DEVICE);
        }
        return link;
    }

    private static LinkRefused notFound() {
        return new LinkRefused(LinkRefused.NOT_FOUND);
    }

    private String newRef() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64u.encode(bytes);
    }

    private static byte[] key(String value, String field) {
        return exactLength(value, 32, field);
    }

    private static byte[] exactLength(String value, int length, String field) {
        byte[] bytes;
        try {
            bytes = value == null ? null : B64u.decode(value);
        } catch (RuntimeException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != length) {
            throw ValidationFailed.field(field, "must be " + length + " bytes in base64url");
        }
        return bytes;
    }
}
