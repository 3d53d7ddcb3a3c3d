package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.account.AccountService;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationStore;
import io.switchboard.conversation.Receipts;
import io.switchboard.customer.CustomerService;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.E164;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What peers may do here (docs/interop.md §4–§6). Every request is first tied to an enabled peer by
 * its {@code From} and its TLS chain; anything that would tell a peer more than "found" or "not found"
 * about a number answers {@link FederationRefused#NOT_FOUND}, and nothing is stored for it.
 */
@ApplicationScoped
@Transactional
public class FederationService {

    /** The side of a third-party room that the user's provider speaks for (conversation receipts). */
    private static final String CUSTOMER_SIDE = "customer";

    private final PeerStore peers;
    private final ConsentStore consents;
    private final AccountService account;
    private final RateLimiter limiter;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final ObjectMapper json;
    private final Event<ConsentDecided> decisions;
    private final DeviceDirectory devices;
    private final ConversationStore conversations;
    private final Receipts receipts;
    private final CustomerService customers;

    FederationService(PeerStore peers, ConsentStore consents, AccountService account, RateLimiter limiter, SwitchboardConfig config,
                      Clock clock, SecureRandom random, ObjectMapper json, Event<ConsentDecided> decisions, DeviceDirectory devices,
                      ConversationStore conversations, Receipts receipts, CustomerService customers) {
        this.customers = customers;
        this.devices = devices;
        this.conversations = conversations;
        this.receipts = receipts;
        this.peers = peers;
        this.consents = consents;
        this.account = account;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.json = json;
        this.decisions = decisions;
    }

    /** The MIMI directory: where each endpoint of this provider is. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> directory(int port) {
        String base = "https://" + ownDomain() + (port == 443 ? "" : ":" + port) + "/v1/";
        Map<String, String> directory = new LinkedHashMap<>();
        directory.put("identifierQuery", base + "identifierQuery/{domain}");
        directory.put("requestConsent", base + "requestConsent/{targetDomain}");
        directory.put("updateConsent", base + "updateConsent/{requesterDomain}");
        directory.put("submitMessage", base + "submitMessage/{roomId}");
        directory.put("keyMaterial", base + "keyMaterial/{targetDomain}");
        directory.put("notify", base + "notify/{roomId}");
        directory.put("proxyDownload", base + "proxyDownload/{downloadUrl}");
        directory.put("reportAbuse", base + "reportAbuse/{roomId}");
        return directory;
    }

    /** Finds the business by its phone number; any other search, or a peer that may not ask, finds nothing. */
    public MimiWire.IdentifierResponse identifierQuery(PeerRequest request, String domain, MimiWire.IdentifierRequest query) {
        Peer peer = authenticate(request);
        limiter.check(RateLimiter.Purpose.IDENTIFIER_QUERY, peer.domain());
        if (query.queryElements().stream().anyMatch(element -> !element.searchType().equals("phone"))) {
            throw new FederationRefused(FederationRefused.UNSUPPORTED_FIELD);
        }
        List<String> numbers = query.queryElements().stream().map(MimiWire.QueryElement::searchValue).distinct().toList();
        if (!isOwnDomain(domain) || numbers.size() != 1 || !isBusinessNumber(numbers.get(0))) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return new MimiWire.IdentifierResponse("success", List.of(new UserUri(ownDomain(), numbers.get(0)).toString()));
    }

    /**
     * A user at the peer asks to chat with the business ({@code request}) or takes that back
     * ({@code cancel}). The business has opted in to every user of an enabled peer, so a request is
     * granted at once and the grant, with the room, goes back to the peer.
     */
    public void requestConsent(PeerRequest request, String targetDomain, MimiWire.ConsentEntry entry) {
        Peer peer = authenticate(request);
        if (!List.of("request", "cancel").contains(entry.consentOperation())) {
            throw new FederationRefused(FederationRefused.INVALID_CONSENT);
        }
        UserUri requester = userAt(entry.requesterUri(), peer.domain());
        UserUri target = businessUser(entry.targetUri(), targetDomain);
        if (entry.consentOperation().equals("cancel")) {
            consents.update(peer.domain(), requester.phoneNumber(), target.phoneNumber(), Consent.State.REVOKED, clock.instant());
            return;
        }
        Consent consent = consents.put(peer.domain(), requester.phoneNumber(), target.phoneNumber(), Consent.State.GRANTED, newRoomId(),
                clock.instant());
        decisions.fire(new ConsentDecided(peer, new MimiWire.ConsentEntry("grant", entry.requesterUri(), entry.targetUri(), consent.roomId())));
    }

    /** A user at the peer grants the business consent to write to them, or revokes or denies it. */
    public void updateConsent(PeerRequest request, String requesterDomain, MimiWire.ConsentEntry entry) {
        Peer peer = authenticate(request);
        if (!List.of("grant", "revoke").contains(entry.consentOperation())) {
            throw new FederationRefused(FederationRefused.INVALID_CONSENT);
        }
        UserUri requester = businessUser(entry.requesterUri(), requesterDomain);
        UserUri target = userAt(entry.targetUri(), peer.domain());
        Consent.State state = entry.consentOperation().equals("grant") ? Consent.State.GRANTED : Consent.State.REVOKED;
        Consent consent = consents.put(peer.domain(), target.phoneNumber(), requester.phoneNumber(), state, newRoomId(), clock.instant());
        if (state == Consent.State.GRANTED && entry.deviceList() != null) {
            // the user's key material: with it the business can write first, and the conversation opens now
            customers.registerThirdParty(consent.roomId(), target.phoneNumber(), SignedDeviceList.fromJson(json.valueToTree(entry.deviceList())));
        }
    }

    /** An enabled peer by its domain; any other domain is {@link FederationRefused#NOT_FOUND}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Peer enabledPeer(String domain) {
        return peers.find(domain.toLowerCase(Locale.ROOT)).filter(Peer::enabled)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
    }

    /**
     * The business asked a user of the peer for consent: the pair's room, kept as it is when already granted
     * and marked requested otherwise.
     */
    Consent requested(Peer peer, String phoneNumber) {
        String business = account.info().businessNumber();
        return consents.find(peer.domain(), phoneNumber, business).filter(consent -> consent.state() == Consent.State.GRANTED)
                .orElseGet(() -> consents.put(peer.domain(), phoneNumber, business, Consent.State.REQUESTED, newRoomId(), clock.instant()));
    }

    /** The business's own user URI. */
    String businessUri() {
        return new UserUri(ownDomain(), account.info().businessNumber()).toString();
    }

    /** A submission let in: the room's remote user, and whether its message id was taken before. */
    record Admitted(String remoteUser, boolean duplicate) {
    }

    /**
     * Lets a message in when its room is granted to this peer and its sender is the room's remote user;
     * anything else is {@link FederationRefused#NOT_FOUND}.
     */
    Admitted admit(PeerRequest request, String roomId, MimiWire.Submission submission) {
        Peer peer = authenticate(request);
        Consent consent = grantedRoom(peer, roomId);
        UserUri sender = UserUri.parse(submission.senderUri());
        if (sender == null || !sender.equals(new UserUri(peer.domain(), consent.remoteUser()))) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return new Admitted(consent.remoteUser(), consents.hasSubmission(messageId(submission)));
    }

    /** Records that the message id was taken, so a retry is answered as a duplicate. */
    void record(String roomId, MimiWire.Submission submission) {
        consents.addSubmission(messageId(submission), roomId, envelopeBytes(submission.envelope()), clock.instant());
    }

    /**
     * The business's key material for a user of the peer who has consent: its current signed device list
     * (docs/interop.md §7), which the user's devices verify before they encrypt for every listed device.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SignedDeviceList keyMaterial(PeerRequest request, String targetDomain, MimiWire.KeyMaterialRequest body) {
        Peer peer = authenticate(request);
        UserUri requester = UserUri.parse(body.requesterUri());
        UserUri target = UserUri.parse(body.targetUri());
        boolean granted = requester != null && target != null && requester.domain().equals(peer.domain()) && isOwnDomain(targetDomain)
                && target.domain().equals(ownDomain()) && isBusinessNumber(target.phoneNumber())
                && consents.find(peer.domain(), requester.phoneNumber(), target.phoneNumber())
                        .filter(consent -> consent.state() == Consent.State.GRANTED).isPresent();
        if (!granted) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return devices.currentList();
    }

    /**
     * The user's provider tells how far the user's devices received and read the room: the customer side's
     * marks move as if a local customer's browser had acknowledged and read. Or it sends the user's changed
     * device list, taken when it verifies as a newer one of theirs.
     */
    public void notify(PeerRequest request, String roomId, MimiWire.Notification notification) {
        Peer peer = authenticate(request);
        Consent consent = grantedRoom(peer, roomId);
        if (notification.type().equals("deviceList")) {
            if (notification.deviceList() == null) {
                throw new FederationRefused(FederationRefused.DEVICE_LIST_REQUIRED);
            }
            customers.registerThirdParty(roomId, consent.remoteUser(), SignedDeviceList.fromJson(json.valueToTree(notification.deviceList())));
            return;
        }
        if (!notification.type().equals("receipt")) {
            throw new FederationRefused(FederationRefused.MESSAGES_GO_TO_SUBMIT);
        }
        Conversation conversation = conversations.find(roomId).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        if (notification.deliveredSeq() > 0) {
            receipts.markDelivered(CUSTOMER_SIDE, Map.of(roomId, notification.deliveredSeq()));
        }
        if (notification.readSeq() > 0) {
            receipts.markRead(CUSTOMER_SIDE, conversation, notification.readSeq());
        }
    }

    /** A room whose consent is granted, with its enabled peer. */
    record Room(String id, Peer peer) {
    }

    /** The third-party room of this conversation if it may carry traffic now. */
    Optional<Room> openRoom(String conversationId) {
        return consents.findRoom(conversationId).filter(consent -> consent.state() == Consent.State.GRANTED)
                .flatMap(consent -> peers.find(consent.peerDomain()).filter(Peer::enabled))
                .map(peer -> new Room(conversationId, peer));
    }

    private Consent grantedRoom(Peer peer, String roomId) {
        return consents.findRoom(roomId)
                .filter(room -> room.peerDomain().equals(peer.domain()) && room.state() == Consent.State.GRANTED)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
    }

    private static byte[] messageId(MimiWire.Submission submission) {
        return B64u.decodeExact(submission.messageId(), 32);
    }

    /** The peer named in {@code From}, if it is enabled and the TLS chain proves its domain. */
    Peer authenticate(PeerRequest request) {
        String own = ownDomain();
        String host = Objects.requireNonNullElse(request.host(), "").toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
        String from = Objects.requireNonNullElse(request.from(), "").strip().toLowerCase(Locale.ROOT);
        if (!host.equals(own) || !from.startsWith("mimi@") || from.length() == "mimi@".length()) {
            throw new FederationRefused(FederationRefused.WRONG_HOST);
        }
        String domain = from.substring("mimi@".length());
        return peers.find(domain)
                .filter(Peer::enabled)
                .filter(peer -> PeerCertificates.proves(request.chain(), PeerCertificates.parse(peer.trustPem()), domain, clock.instant()))
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
    }

    String ownDomain() {
        return config.federation().domain().map(domain -> domain.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_ENABLED));
    }

    private boolean isOwnDomain(String domain) {
        return domain != null && domain.toLowerCase(Locale.ROOT).equals(ownDomain());
    }

    private boolean isBusinessNumber(String number) {
        return E164.isValid(number) && number.equals(account.info().businessNumber());
    }

    private UserUri userAt(String uri, String domain) {
        UserUri user = UserUri.parse(uri);
        if (user == null || !user.domain().equals(domain)) {
            throw new FederationRefused(FederationRefused.INVALID_CONSENT);
        }
        return user;
    }

    /** The business, named in a URI and in the path's domain; anyone else is not found. */
    private UserUri businessUser(String uri, String pathDomain) {
        UserUri user = UserUri.parse(uri);
        return Optional.ofNullable(user)
                .filter(found -> isOwnDomain(pathDomain) && found.domain().equals(ownDomain()) && isBusinessNumber(found.phoneNumber()))
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
    }

    private String newRoomId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return B64u.encode(id);
    }

    private byte[] envelopeBytes(Map<String, Object> envelope) {
        try {
            return json.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
