package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.AccountService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.customer.Customer;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The customer side of third-party chats (docs/interop.md §4.9): a customer of this provider writes to the business
 * of a peer provider. This provider is then the user's provider of the profile: it asks the business's provider for
 * consent, relays the customer's envelopes to it through the outbox (ciphertext only, wrapped by the customer's
 * device for every device of both lists), and keeps the business's messages and marks for the customer's devices.
 * Nothing here reads what people write.
 */
@ApplicationScoped
@Transactional
public class RemoteChatService {

    private static final int PAGE = 200;

    private final RemoteChatStore chats;
    private final FederationService federation;
    private final ThirdPartyProvider provider;
    private final DeviceDirectory devices;
    private final AccountService account;
    private final Clock clock;
    private final SecureRandom random;
    private final ObjectMapper json;
    private final PeerOutbox outbox;
    private final Event<RemoteChatChanged> changed;

    RemoteChatService(RemoteChatStore chats, FederationService federation, ThirdPartyProvider provider, DeviceDirectory devices,
                      AccountService account, Clock clock, SecureRandom random, ObjectMapper json, PeerOutbox outbox,
                      Event<RemoteChatChanged> changed) {
        this.chats = chats;
        this.federation = federation;
        this.provider = provider;
        this.devices = devices;
        this.account = account;
        this.clock = clock;
        this.random = random;
        this.json = json;
        this.outbox = outbox;
        this.changed = changed;
    }

    /** What a customer's device sees of a remote chat; {@code deliveredSeq}/{@code readSeq} are the business side's marks. */
    public record Chat(String id, String domain, String businessNumber, String state, String roomId, long deliveredSeq, long readSeq) {
    }

    /** The business was found at the peer: the pair's chat, and consent asked for unless it is granted already. */
    Chat request(AuthenticatedDevice caller, Peer peer, UserUri business) {
        Customer customer = Customer.findById(caller.owner());
        RemoteChatStore.RemoteChat chat = chats.putRequested(newId(), peer.domain(), customer.id, business.phoneNumber(), clock.instant());
        if (chat.state() != Consent.State.GRANTED) {
            chats.setState(chat.id(), Consent.State.REQUESTED, null, clock.instant());
            provider.requestConsent(peer, new MimiWire.ConsentEntry("request", userUri(customer), business.toString(), null));
        }
        return view(chats.find(chat.id()).orElseThrow());
    }

    /** Whether a consent update from a peer concerns a customer here (rather than the business, {@link FederationService}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    boolean concernsCustomer(MimiWire.ConsentEntry entry) {
        UserUri requester = UserUri.parse(entry.requesterUri());
        return requester != null && !requester.phoneNumber().equals(account.info().businessNumber());
    }

    /** The business's provider granted (with the room it chose) or revoked a customer's request. */
    void consentUpdated(PeerRequest request, String requesterDomain, MimiWire.ConsentEntry entry) {
        Peer peer = federation.authenticate(request);
        if (!List.of("grant", "revoke").contains(entry.consentOperation())) {
            throw new FederationRefused(FederationRefused.INVALID_CONSENT);
        }
        UserUri requester = UserUri.parse(entry.requesterUri());
        UserUri business = UserUri.parse(entry.targetUri());
        String own = federation.ownDomain();
        if (requester == null || business == null || !requester.domain().equals(own) || !requesterDomain.equalsIgnoreCase(own)
                || !business.domain().equals(peer.domain())) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        RemoteChatStore.RemoteChat chat = Customer.byPhone(requester.phoneNumber())
                .flatMap(customer -> chats.byPair(peer.domain(), customer.id, business.phoneNumber()))
                .filter(found -> found.state() != Consent.State.REVOKED)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        if (entry.consentOperation().equals("revoke")) {
            chats.setState(chat.id(), Consent.State.REVOKED, null, clock.instant());
        } else if (entry.roomId() == null || (chat.roomId() != null && !chat.roomId().equals(entry.roomId()))) {
            throw new FederationRefused(FederationRefused.INVALID_CONSENT);
        } else {
            chats.setState(chat.id(), Consent.State.GRANTED, entry.roomId(), clock.instant());
        }
        changed(chat);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean hasRoom(String roomId) {
        return chats.byRoom(roomId).isPresent();
    }

    /** The business's provider carries one of its messages (stored once per seq) or its side's marks. */
    void notified(PeerRequest request, String roomId, MimiWire.Notification notification) {
        Peer peer = federation.authenticate(request);
        RemoteChatStore.RemoteChat chat = chats.byRoom(roomId)
                .filter(found -> found.peerDomain().equals(peer.domain()) && found.state() == Consent.State.GRANTED)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        if (notification.type().equals("receipt")) {
            chats.moveMarks(chat.id(), notification.deliveredSeq(), notification.readSeq());
            changed(chat);
            return;
        }
        if (notification.seq() == null || notification.seq() <= 0 || notification.envelope() == null) {
            throw new FederationRefused(FederationRefused.MESSAGE_INCOMPLETE);
        }
        MessageEnvelope envelope = envelope(json.valueToTree(notification.envelope()));
        if (!envelope.header().conversation().equals(roomId)) {
            throw new FederationRefused(FederationRefused.ENVELOPE_INVALID);
        }
        if (chats.addBusiness(chat.id(), notification.seq(), bytes(envelope.toJson()), clock.instant()) != null) {
            changed(chat);
        }
    }

    /** What the customer's device needs to write: the chat's room and the customer's own list (the business's comes from the peer). */
    record Writing(RemoteChatStore.RemoteChat chat, Peer peer, String customerUri, String businessUri, SignedDeviceList customerList) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Writing writing(AuthenticatedDevice caller, String chatId) {
        RemoteChatStore.RemoteChat chat = own(caller, chatId);
        Customer customer = Customer.findById(caller.owner());
        return new Writing(chat, federation.enabledPeer(chat.peerDomain()), userUri(customer),
                new UserUri(chat.peerDomain(), chat.businessNumber()).toString(), devices.currentList(customer.id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<Chat> list(AuthenticatedDevice caller) {
        return chats.ofCustomer(caller.owner()).stream().map(RemoteChatService::view).toList();
    }

    /** What a send answers: the message's place in the chat here, and whether its id was taken before. */
    public record Sent(long seq, boolean duplicate) {
    }

    /**
     * Takes a message of the customer's device for the business's provider: an envelope of this device, in the chat's
     * room, signed by it and wrapped for every device of the customer's current list (the business's devices are the
     * business's provider's to check). It is kept for the customer's other devices and queued for the peer, once per
     * message id.
     */
    Sent send(AuthenticatedDevice caller, String chatId, String messageId, JsonNode envelopeJson) {
        RemoteChatStore.RemoteChat chat = granted(caller, chatId);
        Peer peer = federation.enabledPeer(chat.peerDomain());
        byte[] id = B64u.decodeExact(messageId, 32);
        Long existing = chats.seqOf(id).orElse(null);
        if (existing != null) {
            return new Sent(existing, true);
        }
        MessageEnvelope envelope = envelope(envelopeJson);
        SignedDeviceList customerList = devices.currentList(caller.owner());
        DeviceEntry sender = customerList.list().entry(caller.deviceId())
                .orElseThrow(() -> new FederationRefused(FederationRefused.SENDER_NOT_LISTED));
        Set<String> customerDevices = customerList.list().devices().stream().map(DeviceEntry::id).collect(Collectors.toSet());
        if (!envelope.header().conversation().equals(chat.roomId()) || !envelope.header().sender().equals(sender.id())
                || envelope.header().customerListVersion() != customerList.list().version()
                || !envelope.wraps().keySet().containsAll(customerDevices)
                || !Envelopes.verify(envelope, B64u.decode(sender.signingKey()))) {
            throw new FederationRefused(FederationRefused.ENVELOPE_INVALID);
        }
        Customer customer = Customer.findById(caller.owner());
        ObjectNode carried = envelope.toJson();
        Long seq = chats.addOwn(chat.id(), id, caller.deviceId(), bytes(carried), clock.instant());
        if (seq == null) {
            // another of the customer's requests stored this message id in the meantime; it queued the call
            return new Sent(chats.seqOf(id).orElseThrow(), true);
        }
        provider.submit(peer, chat.roomId(), new MimiWire.Submission(messageId, userUri(customer), map(carried), map(customerList.toJson())), id);
        changed(chat);
        return new Sent(seq, false);
    }

    /** The chat's messages after {@code afterSeq}, each envelope with only the calling device's wrap. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Map<String, Object>> messages(AuthenticatedDevice caller, String chatId, long afterSeq) {
        RemoteChatStore.RemoteChat chat = own(caller, chatId);
        return chats.messages(chat.id(), afterSeq, PAGE).stream().map(message -> {
            ObjectNode envelope = (ObjectNode) tree(message.envelope());
            JsonNode mine = envelope.path("wraps").path(caller.deviceId());
            ObjectNode wraps = envelope.putObject("wraps");
            if (mine.isTextual()) {
                wraps.set(caller.deviceId(), mine);
            }
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("seq", message.seq());
            view.put("remoteSeq", message.remoteSeq());
            view.put("fromCustomer", message.fromCustomer());
            view.put("state", message.state());
            view.put("refusal", message.refusal());
            view.put("envelope", envelope);
            return view;
        }).toList();
    }

    /** The customer's devices received and read the business's messages up to these seqs (the business's count). */
    void receipt(AuthenticatedDevice caller, String chatId, long deliveredSeq, long readSeq) {
        RemoteChatStore.RemoteChat chat = granted(caller, chatId);
        provider.notify(federation.enabledPeer(chat.peerDomain()), chat.roomId(),
                Map.of("type", "receipt", "deliveredSeq", Math.max(deliveredSeq, readSeq), "readSeq", readSeq));
    }

    /** The customer takes the consent back: this provider refuses the next send, and the business's provider is told to. */
    void revoke(AuthenticatedDevice caller, String chatId) {
        RemoteChatStore.RemoteChat chat = own(caller, chatId);
        chats.setState(chat.id(), Consent.State.REVOKED, null, clock.instant());
        changed(chat);
        Customer customer = Customer.findById(caller.owner());
        peerIfEnabled(chat).ifPresent(peer -> provider.requestConsent(peer, new MimiWire.ConsentEntry("cancel", userUri(customer),
                new UserUri(chat.peerDomain(), chat.businessNumber()).toString(), chat.roomId())));
    }

    /** How a queued call ended: taken by the peer (with a submission's seq, if it said), or refused for good with a code. */
    record Settled(PeerOutbox.Call call, Long seq, String refusal) {
    }

    /**
     * Queued calls that ended, in one transaction: a submission the peer took gets its seq, one it refused shows the
     * refusal's code, and the calls are done.
     */
    void settle(List<Settled> settled) {
        for (Settled ended : settled) {
            byte[] messageId = ended.call().messageId();
            if (messageId != null && ended.refusal() == null) {
                chats.accepted(messageId, ended.seq() == null ? 0 : ended.seq()).ifPresent(changed::fire);
            } else if (messageId != null) {
                chats.refused(messageId, ended.refusal()).ifPresent(changed::fire);
            }
            outbox.done(ended.call().id());
        }
    }

    /** The customer's open pages read the chat again once this transaction committed. */
    private void changed(RemoteChatStore.RemoteChat chat) {
        changed.fire(new RemoteChatChanged(chat.customerId(), chat.id()));
    }

    private java.util.Optional<Peer> peerIfEnabled(RemoteChatStore.RemoteChat chat) {
        try {
            return java.util.Optional.of(federation.enabledPeer(chat.peerDomain()));
        } catch (FederationRefused off) {
            return java.util.Optional.empty();
        }
    }

    private RemoteChatStore.RemoteChat own(AuthenticatedDevice caller, String chatId) {
        return chats.find(chatId).filter(chat -> chat.customerId().equals(caller.owner()))
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
    }

    /** A chat of the caller whose consent stands; a revoked or never granted one is not found, as at the peer. */
    private RemoteChatStore.RemoteChat granted(AuthenticatedDevice caller, String chatId) {
        RemoteChatStore.RemoteChat chat = own(caller, chatId);
        if (chat.state() != Consent.State.GRANTED) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return chat;
    }

    private String userUri(Customer customer) {
        return new UserUri(federation.ownDomain(), customer.phone).toString();
    }

    static Chat view(RemoteChatStore.RemoteChat chat) {
        return new Chat(chat.id(), chat.peerDomain(), chat.businessNumber(), chat.state().column(), chat.roomId(), chat.deliveredSeq(),
                chat.readSeq());
    }

    private static MessageEnvelope envelope(JsonNode json) {
        try {
            return MessageEnvelope.fromJson(json);
        } catch (ProtocolException | IllegalArgumentException | NullPointerException e) {
            throw new FederationRefused(FederationRefused.ENVELOPE_INVALID);
        }
    }

    private String newId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return B64u.encode(id);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored envelope is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(JsonNode node) {
        return json.convertValue(node, Map.class);
    }
}
