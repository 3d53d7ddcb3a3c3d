package io.switchboard.customer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A one-time code sent to a phone number; only its hash is kept. */
@Entity
@Table(name = "phone_verification")
public class PhoneVerification extends PanacheEntityBase {

    @Id
    public String id;

    public String phone;

    public String name;

    @Column(name = "code_hash")
    public byte[] codeHash;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;
}
