package io.switchboard.blobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Blobs;
import io.switchboard.protocol.ProtocolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Encrypted attachment blobs (docs/protocol.md §13.3): whoever may send to a conversation may upload
 * a blob to it, and only the devices that receive that conversation's messages may fetch it. A customer's
 * chat with a business at a peer provider holds blobs too (federation decides who reads those). The
 * server never sees the key; it stores and serves opaque bytes.
 */
@ApplicationScoped
public class BlobService {

    /** A blob is at least a nonce and a tag. */
    public static final int MIN_BYTES = Blobs.OVERHEAD;
    static final int ID_BYTES = 16;

    private final BlobStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final ConversationAccess access;
    private final RateLimiter limiter;
    private final long maxBytesPerConversation;

    BlobService(BlobStore store, SecureRandom random, Clock clock, ConversationAccess access, RateLimiter limiter,
                SwitchboardConfig config) {
        this.store = store;
        this.limiter = limiter;
        this.maxBytesPerConversation = config.blobs().maxBytesPerConversation();
        this.random = random;
        this.clock = clock;
        this.access = access;
    }

    public record Uploaded(String blobId, long size) {
    }

    /**
     * Stores the body as a new blob of a conversation: to a temporary file first, renamed into place once complete, then
     * recorded. Nothing is kept when it is too large, too small, or the upload fails.
     */
    public Uploaded upload(AuthenticatedDevice device, String conversationId, InputStream body) {
        // Before a byte is stored, with the same answer a message to it would get.
        Conversation conversation = access.require(device, conversationId);
        return store(device, new Owner(conversation.id(), null), body);
    }

    /**
     * Stores the body as a new blob of a customer's chat with a business at a peer provider (docs/protocol.md §16.1), under
     * the same limits as a conversation's. The caller has checked that the device may write to that chat.
     */
    public Uploaded uploadToRemoteChat(AuthenticatedDevice device, String remoteChatId, InputStream body) {
        return store(device, new Owner(null, remoteChatId), body);
    }

    /** Whose a blob is: exactly one of a local conversation and a remote chat. */
    private record Owner(String conversationId, String remoteChatId) {

        long bytesUsed() {
            return conversationId != null ? StoredBlob.bytesOf(conversationId) : StoredBlob.bytesOfRemoteChat(remoteChatId);
        }
    }

    private Uploaded store(AuthenticatedDevice device, Owner owner, InputStream body) {
        limiter.check(RateLimiter.Purpose.BLOB_UPLOAD, device.deviceId());
        // Checked before and after receiving: uploads running at once may each pass the first check.
        requireRoom(owner, 1);
        BlobStore.Incoming incoming = store.receive(body, MIN_BYTES);
        try {
            requireRoom(owner, incoming.size());
        } catch (RuntimeException e) {
            store.discard(incoming);
            throw e;
        }
        byte[] idBytes = new byte[ID_BYTES];
        random.nextBytes(idBytes);
        String id = B64u.encode(idBytes);
        store.publish(incoming, id);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                StoredBlob blob = new StoredBlob();
                blob.id = id;
                blob.conversationId = owner.conversationId();
                blob.remoteChatId = owner.remoteChatId();
                blob.uploaderDeviceId = device.deviceId();
                blob.size = incoming.size();
                blob.createdAt = clock.instant();
                blob.persist();
            });
        } catch (RuntimeException e) {
            store.delete(id);
            throw e;
        }
        return new Uploaded(id, incoming.size());
    }

    private void requireRoom(Owner owner, long adding) {
        long used = QuarkusTransaction.requiringNew().call(owner::bytesUsed);
        if (used + adding > maxBytesPerConversation) {
            throw new ConversationStorageFull(maxBytesPerConversation);
        }
    }

    /**
     * The file of a blob in a conversation this device may touch ({@link ConversationAccess}). Every
     * other case, including a blob that does not exist, is the same {@link BlobNotFound}.
     */
    @Transactional
    public Path open(AuthenticatedDevice device, String id) {
        if (!wellFormed(id)) {
            throw new BlobNotFound();
        }
        StoredBlob blob = StoredBlob.findById(id);
        // a remote chat's blob is served to the customer's devices by federation (RemoteChats), never here
        if (blob == null || blob.conversationId == null || access.find(device, blob.conversationId).isEmpty()) {
            throw new BlobNotFound();
        }
        return store.find(id).orElseThrow(BlobNotFound::new);
    }

    /**
     * A stored blob and the conversation or remote chat it was uploaded to (one of the two is null), for a peer provider's
     * proxied download (docs/interop.md §4.7).
     */
    public record Found(String conversationId, String remoteChatId, long size, Path file) {
    }

    /** The blob with this id, whoever asks; the caller decides who may read it. */
    @Transactional
    public java.util.Optional<Found> find(String id) {
        if (!wellFormed(id)) {
            return java.util.Optional.empty();
        }
        StoredBlob blob = StoredBlob.findById(id);
        if (blob == null) {
            return java.util.Optional.empty();
        }
        return store.find(id).map(file -> new Found(blob.conversationId, blob.remoteChatId, blob.size, file));
    }

    private static boolean wellFormed(String id) {
        try {
            return id != null && B64u.decode(id).length == ID_BYTES;
        } catch (ProtocolException e) {
            return false;
        }
    }
}
