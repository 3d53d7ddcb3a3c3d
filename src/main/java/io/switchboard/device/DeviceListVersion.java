package io.switchboard.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One accepted signed device list, stored byte for byte as the primary signed it. */
@Entity
@Table(name = "device_list")
@IdClass(DeviceListVersion.Key.class)
public class DeviceListVersion extends PanacheEntityBase {

    /** {@link Device#BUSINESS} or a customer id. */
    @Id
    public String owner;

    @Id
    public long version;

    /** The signed device list JSON (list, signature, device signatures). */
    public String document;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "stored_at")
    public Instant storedAt;

    public static Optional<DeviceListVersion> latest(String owner) {
        return find("owner = ?1 order by version desc", owner).firstResultOptional();
    }

    /** The newest list's document alone: no entity to track, for the message path. */
    public static Optional<String> latestDocument(String owner) {
        return getEntityManager().createQuery("select l.document from DeviceListVersion l where l.owner = ?1 order by l.version desc",
                String.class).setParameter(1, owner).setMaxResults(1).getResultStream().findFirst();
    }

    public record Key(String owner, long version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
