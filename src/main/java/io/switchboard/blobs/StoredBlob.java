package io.switchboard.blobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What the server knows of an attachment blob: where it belongs (a local conversation, or a customer's chat with a business
 * at a peer provider: exactly one of the two), who uploaded it, how long it is. Never its key.
 */
@Entity
@Table(name = "blob")
public class StoredBlob extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "remote_chat_id")
    public String remoteChatId;

    @Column(name = "uploader_device_id")
    public String uploaderDeviceId;

    public long size;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Bytes of all blobs of a conversation. */
    static long bytesOf(String conversationId) {
        return sum("b.conversationId", conversationId);
    }

    /** Bytes of all blobs of a remote chat. */
    static long bytesOfRemoteChat(String remoteChatId) {
        return sum("b.remoteChatId", remoteChatId);
    }

    private static long sum(String owner, String id) {
        Number sum = (Number) getEntityManager().createQuery("select coalesce(sum(b.size), 0) from StoredBlob b where " + owner + " = ?1")
                .setParameter(1, id).getSingleResult();
        return sum.longValue();
    }
}
