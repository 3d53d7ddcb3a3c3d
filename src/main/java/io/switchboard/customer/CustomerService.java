package io.switchboard.customer;

import io.switchboard.account.Account;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.NotPermitted;
import io.switchboard.auth.SessionTokens;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStore;
import io.switchboard.conversation.Counterpart;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceAlreadyLinked;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceListInvalid;
import io.switchboard.device.DeviceListMismatch;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.DomainException;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.E164;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Customers sign up with a phone number they prove they own; their first browser becomes the
 * primary device of their own signed device list, exactly like the business's.
 */
@ApplicationScoped
@Transactional
public class CustomerService {

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final PhoneVerifier verifier;
    private final DeviceDirectory directory;
    private final AuthService auth;
    private final ConversationStore conversations;
    private final RateLimiter rateLimiter;

    CustomerService(Clock clock, SecureRandom random, SwitchboardConfig config, PhoneVerifier verifier, DeviceDirectory directory,
                    AuthService auth, ConversationStore conversations, RateLimiter rateLimiter) {
        this.conversations = conversations;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.verifier = verifier;
        this.directory = directory;
        this.auth = auth;
    }

    public record Started(String verificationId, long expiresAt) {
    }

    /**
     * Sends a code to {@code phone}. A number's hourly codes are counted per asking address first, so a
     * stranger uses up only their own share, and then in all, which bounds the texts the number gets.
     */
    public Started startVerification(String phone, String name, String clientAddress) {
        Account.require();
        if (!E164.isValid(phone)) {
            throw new VerificationRefused(VerificationRefused.PHONE_INVALID);
        }
        rateLimiter.check(RateLimiter.Purpose.PHONE_CODE_FROM_ADDRESS, phone + ' ' + clientAddress);
        rateLimiter.check(RateLimiter.Purpose.PHONE_CODE, phone);
        Instant now = clock.instant();
        String code = String.format("%06d", random.nextInt(1_000_000));
        PhoneVerification verification = new PhoneVerification();
        verification.id = newId();
        verification.phone = phone;
        verification.name = name;
        verification.codeHash = SessionTokens.hash(verification.id + ":" + code);
        verification.createdAt = now;
        verification.expiresAt = now.plus(config.customers().codeLifetime());
        verification.persist();
        verifier.send(phone, code);
        return new Started(verification.id, verification.expiresAt.getEpochSecond());
    }

    public record Registration(String code, String label, SignedDeviceList deviceList) {
    }

    /**
     * Checks the code and creates the customer with this browser as its primary device. A wrong
     * code is counted even though the request fails, hence no rollback on a {@link DomainException}.
     */
    @Transactional(dontRollbackOn = DomainException.class)
    public String register(String verificationId, Registration registration) {
        PhoneVerification verification = PhoneVerification.<PhoneVerification>findByIdOptional(verificationId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new VerificationRefused(VerificationRefused.NOT_FOUND));
        Instant now = clock.instant();
        if (verification.verifiedAt != null) {
            throw new VerificationRefused(VerificationRefused.USED);
        }
        if (!now.isBefore(verification.expiresAt)) {
            throw new VerificationRefused(VerificationRefused.EXPIRED);
        }
        if (verification.attempts >= config.customers().maxCodeAttempts()) {
            throw new VerificationAttemptsExceeded(Duration.between(now, verification.expiresAt));
        }
        if (registration.code() == null || !MessageDigest.isEqual(verification.codeHash,
                SessionTokens.hash(verification.id + ":" + registration.code().strip()))) {
            verification.attempts++;
            throw new WrongVerificationCode(config.customers().maxCodeAttempts() - verification.attempts);
        }
        if (Customer.byPhone(verification.phone).isPresent()) {
            throw new VerificationRefused(VerificationRefused.CUSTOMER_EXISTS);
        }
        SignedDeviceList signed = registration.deviceList();
        if (signed.list().version() != 1 || signed.list().devices().size() != 1) {
            throw DeviceListInvalid.notFirstListOf("this browser");
        }
        DeviceEntry entry = signed.list().devices().get(0);
        directory.verify(signed, verification.phone, entry.signingKey(), 0, Set.of());
        if (Device.findById(entry.id()) != null) {
            throw new DeviceAlreadyLinked(DeviceAlreadyLinked.REGISTERED);
        }

        Customer customer = new Customer();
        customer.id = newId();
        customer.phone = verification.phone;
        customer.name = verification.name;
        customer.primarySigningKey = entry.signingKey();
        customer.createdAt = now;
        customer.persist();

        Device device = new Device();
        device.id = entry.id();
        device.owner = customer.id;
        device.primary = true;
        device.role = Role.OWNER;
        device.person = entry.person();
        device.label = entry.label();
        device.browser = registration.label();
        device.signingKey = entry.signingKey();
        device.agreementKey = entry.agreementKey();
        device.linkedAt = now;
        device.lastActiveAt = now;
        device.persist();

        directory.store(customer.id, signed);
        conversations.openForCustomer(new Counterpart.Customer(customer.id, customer.phone, customer.name));
        verification.verifiedAt = now;
        return auth.openSession(device.id);
    }

    /**
     * A user of a peer provider who writes in a third-party chat (docs/interop.md §7) becomes a customer
     * here as if registered: their number, their primary-signed device list (verified the same way) and one
     * device per listed device, with the number as the only name the business sees. The peer provider
     * vouches for the number, in place of the code a local customer types. {@code customerId} is the
     * third-party room's id, which is also the conversation's. Called again for the same customer, it takes
     * the list if it is a newer one (see {@link #takeThirdPartyList}).
     *
     * @return the id of the customer's conversation
     */
    public String registerThirdParty(String customerId, String phone, SignedDeviceList signed) {
        Account.require();
        Customer existing = Customer.findById(customerId, LockModeType.PESSIMISTIC_WRITE);
        if (existing != null) {
            takeThirdPartyList(existing, signed);
            return conversations.ofCustomer(customerId).orElseThrow().id();
        }
        if (Customer.byPhone(phone).isPresent()) {
            throw new VerificationRefused(VerificationRefused.CUSTOMER_EXISTS);
        }
        DeviceEntry primary = signed.list().devices().stream().filter(DeviceEntry::primary).findFirst()
                .orElseThrow(() -> DeviceListInvalid.notFirstListOf("the third-party user"));
        directory.verify(signed, phone, primary.signingKey(), 0, Set.of());
        Instant now = clock.instant();
        Customer customer = new Customer();
        customer.id = customerId;
        customer.phone = phone;
        customer.name = phone;
        customer.primarySigningKey = primary.signingKey();
        customer.createdAt = now;
        customer.persist();
        for (DeviceEntry entry : signed.list().devices()) {
            addThirdPartyDevice(customer.id, entry, signed, now);
        }
        directory.store(customer.id, signed);
        return conversations.openForCustomer(new Counterpart.Customer(customer.id, customer.phone, customer.name)).id();
    }

    /**
     * A later list of a third-party user, sent by their provider with a message or on its own (docs/interop.md §4.5,
     * §4.6), verified as the first one was: signed by the pinned primary, under their number, not expired, and newer than
     * the current list — the current list again changes nothing. Its new devices get their row; the ones it drops are
     * logged out. A device keeps its keys, and one that left the list cannot come back.
     */
    private void takeThirdPartyList(Customer customer, SignedDeviceList signed) {
        SignedDeviceList current = directory.currentList(customer.id);
        if (Arrays.equals(signed.list().canonicalBytes(), current.list().canonicalBytes())) {
            return;
        }
        directory.verify(signed, customer.phone, customer.primarySigningKey, current.list().version(), Set.of());
        Map<String, DeviceEntry> before = current.list().devices().stream().collect(Collectors.toMap(DeviceEntry::id, entry -> entry));
        Instant now = clock.instant();
        for (DeviceEntry entry : signed.list().devices()) {
            DeviceEntry was = before.remove(entry.id());
            if (was == null) {
                addThirdPartyDevice(customer.id, entry, signed, now);
            } else if (!was.signingKey().equals(entry.signingKey()) || !was.agreementKey().equals(entry.agreementKey())) {
                throw new DeviceListMismatch(DeviceListMismatch.KEPT_DEVICE_CHANGED, entry.id());
            }
        }
        for (String dropped : before.keySet()) {
            Device device = Device.findById(dropped);
            if (device != null && device.active()) {
                device.removedAt = now;
                device.removalReason = "removed";
            }
        }
        directory.store(customer.id, signed);
    }

    private static void addThirdPartyDevice(String customerId, DeviceEntry entry, SignedDeviceList signed, Instant now) {
        if (Device.findById(entry.id()) != null) {
            throw new DeviceAlreadyLinked(DeviceAlreadyLinked.REGISTERED);
        }
        Device device = new Device();
        device.id = entry.id();
        device.owner = customerId;
        device.primary = entry.primary();
        device.role = entry.primary() ? Role.OWNER : Role.MEMBER;
        device.person = entry.person();
        device.label = entry.label();
        device.browser = "third-party";
        device.remote = true;
        device.signingKey = entry.signingKey();
        device.agreementKey = entry.agreementKey();
        device.deviceSignature = signed.deviceSignatures().get(entry.id());
        device.linkedAt = now;
        device.lastActiveAt = now;
        device.persist();
    }

    /**
     * The customer's first browser signs a list without some of its other browsers (protocol §7 for a customer):
     * they are logged out at once. Only the customer's primary may, as on the business side.
     */
    public SignedDeviceList publishList(AuthenticatedDevice caller, SignedDeviceList signed) {
        if (caller.business()) {
            throw new NotPermitted(NotPermitted.CUSTOMER_DEVICE_REQUIRED);
        }
        if (!caller.primary()) {
            throw new NotPermitted(NotPermitted.PRIMARY_REQUIRED);
        }
        Customer customer = Customer.<Customer>findByIdOptional(caller.owner(), LockModeType.PESSIMISTIC_WRITE).orElseThrow();
        return directory.publish(caller, customer.id, customer.phone, customer.primarySigningKey, signed);
    }

    /**
     * What a customer's browser needs to write to the business: its conversation and both signed lists.
     * Address the conversation by {@code conversationId}; {@code customerId} names the customer (the
     * owner of its devices and list), and only equals the conversation id for conversations opened so far.
     */
    public record Me(String customerId, String conversationId, String phone, String name, String businessNumber, String businessName,
                     SignedDeviceList customerList, SignedDeviceList businessList) {
    }

    @Transactional
    public Me me(String customerId) {
        Customer customer = Customer.findById(customerId);
        Conversation conversation = conversations.ofCustomer(customer.id).orElseThrow();
        Account account = Account.require();
        return new Me(customer.id, conversation.id(), customer.phone, customer.name, account.businessNumber, account.displayName,
                directory.currentList(customer.id), directory.currentList());
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64u.encode(bytes);
    }
}
