package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Blobs;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.DeviceList;
import io.switchboard.protocol.DeviceListException;
import io.switchboard.protocol.DeviceListVerifier;
import io.switchboard.protocol.DeviceLists;
import io.switchboard.protocol.EnvelopeException;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.Primitives;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.RecoveryClaim;
import io.switchboard.protocol.SignedDeviceList;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A Switchboard device as a library: keys, verified device lists, encrypt and send with automatic
 * retry when the lists changed, and a delivery connection with acknowledgements and reconnects.
 *
 * <p>Trust: the primary signing key of each account (the business's number, each customer's
 * number) is pinned the first time a list of that account is seen; later lists must be signed by
 * it and must not go back in version.
 */
public final class SwitchboardClient implements AutoCloseable {

    private static final int SEND_ATTEMPTS = 4;
    /** First wait before sending again after a 5xx; doubled on each further attempt. */
    private static final long SERVER_ERROR_BACKOFF_MS = 250;

    private final ApiClient api;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, byte[]> pinnedPrimaryKeys = new ConcurrentHashMap<>();
    private final Map<String, DeviceList> acceptedLists = new ConcurrentHashMap<>();
    private final Map<String, Lists> conversationLists = new ConcurrentHashMap<>();
    /** Earlier list versions that messages named, verified, by {@code account@version}. */
    private final Map<String, SignedDeviceList> pastLists = new ConcurrentHashMap<>();
    /** The owner of each conversation's customer list, which names its earlier versions on the server. */
    private final Map<String, String> customerIds = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> refusedRecipients = new ConcurrentHashMap<>();
    private final AtomicLong highestReceivedSeq = new AtomicLong();
    private volatile DeliveryConnection delivery;

    public SwitchboardClient(URI base, DeviceKeys keys) {
        this(new ApiClient(base, keys), Clock.systemUTC(), new SecureRandom());
    }

    public SwitchboardClient(ApiClient api, Clock clock, SecureRandom random) {
        this.api = api;
        this.clock = clock;
        this.random = random;
    }

    public ApiClient api() {
        return api;
    }

    public String deviceId() {
        return api.keys().deviceId();
    }

    /** Signs up a customer: asks for a code, gets it from {@code codeFor} (e.g. typed by a person), registers this device. */
    public static SwitchboardClient registerCustomer(URI base, DeviceKeys keys, String phone, String name, String label,
                                                     UnaryOperator<String> codeFor) {
        return registerCustomer(new ApiClient(base, keys), phone, name, label, codeFor);
    }

    public static SwitchboardClient registerCustomer(ApiClient api, String phone, String name, String label,
                                                     UnaryOperator<String> codeFor) {
        DeviceKeys keys = api.keys();
        SwitchboardClient client = new SwitchboardClient(api, Clock.systemUTC(), new SecureRandom());
        String verification = client.api.post("/api/customers/verifications", Map.of("phone", phone, "name", name))
                .get("verificationId").asText();
        long now = client.clock.instant().getEpochSecond();
        DeviceList list = DeviceList.of(phone, 1, now, now + Duration.ofDays(30).toSeconds(),
                List.of(DeviceEntry.of(keys.signingKey(), keys.agreementKey(), true, Role.OWNER.wire(), name, label)));
        client.api.post("/api/customers/verifications/" + verification + "/confirm",
                Map.of("code", codeFor.apply(phone), "deviceList", DeviceLists.sign(list, keys, Map.of()).toJson()));
        client.pinnedPrimaryKeys.put(phone, keys.signingKey());
        return client;
    }

    /** The customer's own conversation id (customers only). */
    public String myConversation() {
        return api.get("/api/customers/me").get("conversationId").asText();
    }

    /** Both verified lists of a conversation, the versions a message must name. */
    public record Lists(SignedDeviceList business, SignedDeviceList customer) {
    }

    public Lists lists(String conversation) {
        Lists cached = conversationLists.get(conversation);
        return cached != null ? cached : fetchLists(conversation);
    }

    private Lists fetchLists(String conversation) {
        JsonNode detail = api.get("/api/conversations/" + conversation);
        customerIds.put(conversation, detail.get("customerId").asText());
        return accept(conversation, detail.get("businessList"), detail.get("customerList"));
    }

    private Lists accept(String conversation, JsonNode businessJson, JsonNode customerJson) {
        Lists lists = new Lists(verify(DeviceLists.parse(businessJson)), verify(DeviceLists.parse(customerJson)));
        conversationLists.put(conversation, lists);
        return lists;
    }

    /**
     * Verifies a list against the account's pinned primary key (pinning it on first sight) and the last accepted version.
     * A list under another key is followed only with the claim of a completed recovery (protocol §7.3) under the authority
     * key the accepted list committed to; an operator's reset (§7.4) stays refused, since nothing here asks a person.
     */
    private SignedDeviceList verify(SignedDeviceList signed) {
        String account = signed.list().account();
        byte[] pinned = pinnedPrimaryKeys.computeIfAbsent(account,
                ignored -> B64u.decode(signed.list().primaryEntry().orElseThrow().signingKey()));
        long now = clock.instant().getEpochSecond();
        try {
            DeviceListVerifier.verify(signed, account, pinned, acceptedLists.get(account), now);
        } catch (DeviceListException refused) {
            DeviceList accepted = acceptedLists.get(account);
            RecoveryClaim.Signed claim = refused.reason() == DeviceListException.Reason.WRONG_PRIMARY_KEY && accepted != null
                    ? recoveryClaim(account) : null;
            if (claim == null) {
                throw refused;
            }
            pinnedPrimaryKeys.put(account, DeviceListVerifier.verifyTakeover(signed, claim, account, pinned, accepted, now));
        }
        acceptedLists.merge(account, signed.list(), (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        return signed;
    }

    /** The claim of the last completed recovery, when it is the account's (only the business recovers), or null. */
    private RecoveryClaim.Signed recoveryClaim(String account) {
        JsonNode completed = api.get("/api/recovery").get("lastCompleted");
        if (completed == null || !completed.hasNonNull("claim") || !"recovery".equals(completed.path("kind").asText())) {
            return null;
        }
        RecoveryClaim.Signed claim = RecoveryClaim.Signed.fromJson(completed.get("claim"));
        return claim.claim().account().equals(account) ? claim : null;
    }

    /** The server's answer to a send. */
    /** A customer's wait (docs/protocol.md §14.3): {@code position} is 1-based and null unless waiting. */
    public record QueuePlace(String status, Integer position, Long estimatedWaitSeconds, boolean assigned) {
    }

    public QueuePlace queuePlace(String conversation) {
        JsonNode place = api.get("/api/conversations/" + conversation + "/queue");
        return new QueuePlace(place.path("status").asText(), place.path("position").isNumber() ? place.get("position").asInt() : null,
                place.path("estimatedWaitSeconds").isNumber() ? place.get("estimatedWaitSeconds").asLong() : null,
                place.path("assigned").asBoolean());
    }

    public record Sent(long seq, boolean duplicate, String clientMessageId) {
    }

    public Sent sendText(String conversation, String text) {
        return send(conversation, MessageHeader.KIND_TEXT, MessageContent.text(text));
    }

    public Sent sendNote(String conversation, String text) {
        return send(conversation, MessageHeader.KIND_NOTE, MessageContent.text(text));
    }

    /** A supervisor's whisper to the agent who has the conversation (§14.5): business devices only, like a note. */
    public Sent sendWhisper(String conversation, String text) {
        return send(conversation, MessageHeader.KIND_WHISPER, MessageContent.text(text));
    }

    /**
     * Sends a file as an attachment message of {@code kind} ({@code image}, {@code video}, {@code voice}
     * or {@code document}; protocol §13.3): encrypts it under a fresh blob key, uploads the blob to the
     * conversation, then sends {@code {"text": caption, "attachment": {...}}} with the key, and the
     * SHA-256 and size of the plaintext, inside the end-to-end encrypted content. No thumbnail.
     *
     * @param caption the message text; {@code null} for none
     */
    public Sent sendAttachment(String conversation, String kind, byte[] plaintext, String mime, String name, String caption) {
        if (!MessageContent.isAttachmentKind(kind)) {
            throw new IllegalArgumentException("an attachment is sent as one of " + MessageContent.ATTACHMENT_KINDS + ", not " + kind);
        }
        byte[] key = Blobs.generateKey(random);
        String blobId = uploadBlob(conversation, Blobs.encrypt(key, plaintext, random));
        MessageContent.Attachment attachment = MessageContent.Attachment.of(blobId, key, plaintext, mime, name);
        return send(conversation, kind, MessageContent.attachment(caption == null ? "" : caption, attachment));
    }

    /** Uploads an already encrypted blob ({@code nonce || AES-256-GCM}, {@link Blobs#encrypt}) to a conversation; returns its id. */
    public String uploadBlob(String conversation, byte[] encrypted) {
        return api.postBytes("/api/blobs?conversation=" + URLEncoder.encode(conversation, StandardCharsets.UTF_8), encrypted)
                .get("blobId").asText();
    }

    /** The attachment of a received message, fetched, decrypted and checked; see {@link #downloadAttachment(MessageContent.Attachment)}. */
    public byte[] downloadAttachment(ReceivedMessage message) {
        return downloadAttachment(message.attachment()
                .orElseThrow(() -> new IllegalArgumentException("a " + message.header().kind() + " message has no attachment")));
    }

    /**
     * Fetches the blob, decrypts it with the key from the content and checks that the plaintext has the
     * content's SHA-256 and size.
     *
     * @throws ProtocolException when the blob is not what the (signed, encrypted) message describes
     */
    public byte[] downloadAttachment(MessageContent.Attachment attachment) {
        return download(attachment.blobId(), attachment.keyBytes(), attachment.sha256Bytes(), attachment.size());
    }

    private byte[] download(String blobId, byte[] key, byte[] sha256, long size) {
        try {
            B64u.decodeExact(blobId, 16);
        } catch (ProtocolException e) {
            throw new ProtocolException("not a blob id this server issues: " + blobId, e);
        }
        byte[] blob = api.getBytes("/api/blobs/" + blobId);
        if (blob.length != size + Blobs.OVERHEAD) {
            throw new ProtocolException("the blob does not have the size the message names");
        }
        byte[] plaintext = Blobs.decrypt(key, blob);
        if (!MessageDigest.isEqual(Primitives.sha256(plaintext), sha256)) {
            throw new ProtocolException("the attachment does not have the SHA-256 the message names");
        }
        return plaintext;
    }

    /**
     * Encrypts for the current lists and sends. When the server answers that the lists changed (409
     * or 410), the new lists are verified and the message encrypted again with the same client
     * message id, so a retry after an unknown outcome is stored at most once. A 5xx (an overloaded
     * or restarting node) is retried the same way after a short pause.
     */
    public Sent send(String conversation, String kind, byte[] content) {
        String clientMessageId = MessageHeader.randomId(random);
        ApiCallException last = null;
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
            Lists lists = lists(conversation);
            MessageHeader header = MessageHeader.of(conversation, deviceId(), clientMessageId, lists.business().list().version(),
                    lists.customer().list().version(), kind, clock.instant().getEpochSecond());
            Map<String, byte[]> recipients = new TreeMap<>(Envelopes.recipients(header, lists.business().list(), lists.customer().list()));
            recipients.keySet().removeAll(refusedRecipients.getOrDefault(versionKey(lists), Set.of()));
            MessageEnvelope envelope = Envelopes.seal(api.keys(), header, content, recipients, random);
            try {
                JsonNode stored = api.post("/api/messages", envelope.toJson());
                return new Sent(stored.get("seq").asLong(), stored.get("duplicate").asBoolean(), clientMessageId);
            } catch (ApiCallException e) {
                last = e;
                if (e.status() == 410 || (e.status() == 409 && e.details().path("missingDeviceIds").size() > 0)) {
                    accept(conversation, e.details().get("businessList"), e.details().get("customerList"));
                } else if (e.status() == 409) {
                    // Devices still on a signed list but logged out by the server: leaving them out only narrows who can read.
                    Set<String> extra = new HashSet<>();
                    e.details().path("extraDeviceIds").forEach(id -> extra.add(id.asText()));
                    refusedRecipients.merge(versionKey(lists), extra, (a, b) -> {
                        Set<String> union = new HashSet<>(a);
                        union.addAll(b);
                        return union;
                    });
                } else if (e.status() >= 500) {
                    // The server stored nothing or stored it once under this id: sending again is safe.
                    pause(SERVER_ERROR_BACKOFF_MS << attempt);
                } else {
                    throw e;
                }
            }
        }
        throw last;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to send again", e);
        }
    }

    /**
     * History sync, the helper's side: re-wraps the content keys of messages a newly linked device of
     * this client's side (the business, or this customer) lacks. Only for devices on that side's list
     * this client verified, so a server cannot get keys wrapped for a device of its own. Returns the
     * number of wraps added.
     */
    public int rewrapHistory() {
        int added = 0;
        while (true) {
            JsonNode work = api.get("/api/history/work?limit=200");
            if (work.isEmpty()) {
                return added;
            }
            int before = added;
            for (JsonNode target : work) {
                String deviceId = target.get("deviceId").asText();
                DeviceEntry entry = verifiedOwnSideDevice(deviceId, target.get("messages").get(0).get("conversation").asText());
                Map<String, String> wraps = new TreeMap<>();
                for (JsonNode item : target.get("messages")) {
                    MessageHeader header = MessageHeader.fromJson(item.get("header"));
                    byte[] key = io.switchboard.protocol.ContentKey.unwrap(B64u.decode(item.get("wrap").asText()), header, api.keys());
                    wraps.put(item.get("seq").asText(), B64u.encode(Envelopes.rewrap(key, header, deviceId,
                            B64u.decode(entry.agreementKey()), random)));
                }
                added += api.post("/api/history/wraps", Map.of("deviceId", deviceId, "wraps", wraps)).get("added").asInt();
            }
            if (added == before) {
                return added;
            }
        }
    }

    private DeviceEntry verifiedOwnSideDevice(String deviceId, String anyConversation) {
        conversationLists.remove(anyConversation);
        Lists lists = lists(anyConversation);
        SignedDeviceList own = lists.business().list().entry(deviceId()).isPresent() ? lists.business() : lists.customer();
        return own.list().entry(deviceId)
                .orElseThrow(() -> new IllegalStateException("refusing to wrap keys for " + deviceId + ": not on my side's verified list"));
    }

    /**
     * Every message this device can read, oldest first, fetched by pull (history included). A
     * re-wrapped key that does not open is reported ({@code POST /api/history/bad-wraps}) and the
     * message left out, so another device of the business wraps it again.
     */
    public java.util.List<ReceivedMessage> fetchAll() {
        java.util.List<ReceivedMessage> all = new java.util.ArrayList<>();
        java.util.List<Long> badWraps = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get("/api/messages?after=" + after + "&limit=500").get("messages");
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode delivered : page) {
                after = delivered.get("seq").asLong();
                try {
                    all.add(open(after, delivered.get("conversation").asText(), Envelopes.parse(delivered.get("envelope"))));
                } catch (EnvelopeException e) {
                    if (e.reason() != EnvelopeException.Reason.BAD_WRAP) {
                        throw e;
                    }
                    badWraps.add(after);
                }
            }
        }
        if (!badWraps.isEmpty()) {
            api.post("/api/history/bad-wraps", Map.of("seqs", badWraps));
        }
        return all;
    }

    private static String versionKey(Lists lists) {
        return lists.business().list().account() + "@" + lists.business().list().version() + "/"
                + lists.customer().list().account() + "@" + lists.customer().list().version();
    }

    /**
     * Opens a message: the sender must be on the lists the header names (fetched again if this client
     * has older ones), its signature must verify, and this device must be able to unwrap the key.
     */
    public ReceivedMessage open(long seq, String conversation, MessageEnvelope envelope) {
        MessageHeader header = envelope.header();
        Lists lists = lists(conversation);
        if (lists.business().list().version() < header.businessListVersion()
                || lists.customer().list().version() < header.customerListVersion()) {
            conversationLists.remove(conversation);
            lists = lists(conversation);
        }
        lists = new Lists(listVersion(lists.business(), header.businessListVersion(), "/api/devices/lists/"),
                listVersion(lists.customer(), header.customerListVersion(),
                        "/api/customers/" + URLEncoder.encode(customerIds.get(conversation), StandardCharsets.UTF_8) + "/lists/"));
        DeviceEntry sender = (MessageHeader.isInternal(header.kind())
                ? lists.business().list().entry(header.sender()) : senderEntry(lists, header.sender()))
                .orElseThrow(() -> new IllegalStateException("the sender " + header.sender() + " may not send this message"));
        byte[] content = Envelopes.receive(envelope, B64u.decode(sender.signingKey()), api.keys());
        return new ReceivedMessage(seq, conversation, header, content);
    }

    /**
     * The list version a header names: the held one, or an earlier one fetched from {@code path} and verified under
     * the pinned primary key of the held one's account (protocol §13.4), so a device linked after a sender was removed
     * still verifies that sender's messages.
     */
    private SignedDeviceList listVersion(SignedDeviceList held, long version, String path) {
        if (held.list().version() == version) {
            return held;
        }
        String account = held.list().account();
        return pastLists.computeIfAbsent(account + "@" + version, key -> {
            SignedDeviceList past = DeviceLists.parse(api.get(path + version));
            DeviceListVerifier.verifyPast(past, account, pinnedPrimaryKeys.get(account), version);
            return past;
        });
    }

    private static Optional<DeviceEntry> senderEntry(Lists lists, String deviceId) {
        return lists.business().list().entry(deviceId).or(() -> lists.customer().list().entry(deviceId));
    }

    /**
     * Connects the delivery WebSocket and keeps it connected. {@code onMessage} is called once per
     * message in order, except for this device's own copies of what it sent; the message is
     * acknowledged after it returns.
     */
    public synchronized DeliveryConnection connect(Consumer<ReceivedMessage> onMessage) {
        if (delivery == null) {
            delivery = new DeliveryConnection(this, onMessage);
            delivery.start();
        }
        return delivery;
    }

    /**
     * The highest sequence number handed to a handler. It outlives connections so that a message
     * delivered again after a reconnect is not shown twice; an app keeps it with its stored messages.
     */
    public long highestReceivedSeq() {
        return highestReceivedSeq.get();
    }

    void received(long seq) {
        highestReceivedSeq.accumulateAndGet(seq, Math::max);
    }

    public synchronized void disconnect() {
        if (delivery != null) {
            delivery.close();
            delivery = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
