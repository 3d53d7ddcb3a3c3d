package io.switchboard.blobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.customer.Customer;
import io.switchboard.platform.error.ApiException;
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
 * a blob to it, and only the devices that receive that conversation's messages may fetch it. The
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

    BlobService(BlobStore store, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    public record Uploaded(String blobId, long size) {
    }

    /** Refuses unless this device may send to the conversation, with the same answers as a message would get. */
    private static void checkMayUpload(AuthenticatedDevice device, String conversation) {
        if (conversation == null || conversation.isEmpty()) {
            throw ApiException.badRequest("conversation_required", "Name the conversation: POST /api/blobs?conversation=<id>.");
        }
        if (Customer.findById(conversation) == null) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        if (!device.business() && !device.owner().equals(conversation)) {
            throw ApiException.forbidden("conversation_forbidden", "This device is not part of this conversation.");
        }
    }

    /**
     * Stores the body as a new blob: to a temporary file first, renamed into place once complete, then
     * recorded. Nothing is kept when it is too large, too small, or the upload fails.
     */
    public Uploaded upload(AuthenticatedDevice device, String conversation, InputStream body) {
        // Before a byte is stored.
        QuarkusTransaction.joiningExisting().run(() -> checkMayUpload(device, conversation));
        BlobStore.Incoming incoming = store.receive(body, MIN_BYTES);
        byte[] idBytes = new byte[ID_BYTES];
        random.nextBytes(idBytes);
        String id = B64u.encode(idBytes);
        store.publish(incoming, id);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                StoredBlob blob = new StoredBlob();
                blob.id = id;
                blob.conversationId = conversation;
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

    /**
     * The file of a blob this device may read: any business device, or a device of the conversation's
     * customer. Every other case, including a blob that does not exist, is the same 404.
     */
    @Transactional
    public Path open(AuthenticatedDevice device, String id) {
        if (!wellFormed(id)) {
            throw notFound();
        }
        StoredBlob blob = StoredBlob.findById(id);
        if (blob == null || (!device.business() && !device.owner().equals(blob.conversationId))) {
            throw notFound();
        }
        return store.find(id).orElseThrow(BlobService::notFound);
    }

    private static boolean wellFormed(String id) {
        try {
            return id != null && B64u.decode(id).length == ID_BYTES;
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("blob_not_found", "There is no such attachment.");
    }
}
