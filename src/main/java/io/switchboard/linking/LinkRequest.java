package io.switchboard.linking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.protocol.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A new browser asking to become a companion of the business or of a customer, by QR reference or by pairing code. */
@Entity
@Table(name = "link_request")
public class LinkRequest extends PanacheEntityBase {

    public enum Status { pending, approved, completed, refused }

    @Id
    public String ref;

    public String method;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    /** Whose list the device would join: the business, a customer's id, or null for a phone number no customer has. */
    public String owner;

    @Column(name = "device_id")
    public String deviceId;

    public String person;

    public String label;

    public String browser;

    @Column(name = "signing_key")
    public String signingKey;

    @Column(name = "agreement_key")
    public String agreementKey;

    public String salt;

    public String pake1;

    public String pake2;

    @Column(name = "pake_attempts")
    public int pakeAttempts;

    public String confirm;

    public Role role;

    @Column(name = "approved_list")
    public String approvedList;

    @Column(name = "link_proof")
    public String linkProof;

    public String challenge;

    @Column(name = "refusal_reason")
    public String refusalReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
