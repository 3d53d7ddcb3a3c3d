package io.switchboard.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-in device; only the hash of the cookie's token is stored. */
@Entity
@Table(name = "device_session")
public class DeviceSession extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
