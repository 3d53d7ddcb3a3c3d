package io.switchboard.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One accepted signed device list, stored byte for byte as the primary signed it. */
@Entity
@Table(name = "device_list")
public class DeviceListVersion extends PanacheEntityBase {

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

    public static Optional<DeviceListVersion> latest() {
        return find("order by version desc").firstResultOptional();
    }
}
