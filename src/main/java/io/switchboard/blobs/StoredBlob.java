package io.switchboard.blobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What the server knows of an attachment blob: where it belongs, who uploaded it, how long it is. Never its key. */
@Entity
@Table(name = "blob")
public class StoredBlob extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "uploader_device_id")
    public String uploaderDeviceId;

    public long size;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Bytes of all blobs of a conversation. */
    static long bytesOf(String conversationId) {
        Number sum = (Number) getEntityManager().createQuery("select coalesce(sum(b.size), 0) from StoredBlob b where b.conversationId = ?1")
                .setParameter(1, conversationId).getSingleResult();
        return sum.longValue();
    }
}
