package io.switchboard.passkey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One of the owner's passkeys: a WebAuthn credential with user verification. */
@Entity
@Table(name = "passkey")
public class Passkey extends PanacheEntityBase {

    /** The credential id, b64u. */
    @Id
    public String id;

    public String name;

    /** The attested credential data as the authenticator sent it (holds the COSE public key). */
    @Column(name = "credential_data")
    public byte[] credentialData;

    @Column(name = "sign_count")
    public long signCount;

    @Column(name = "uv_initialized")
    public boolean uvInitialized;

    @Column(name = "backup_eligible")
    public boolean backupEligible;

    @Column(name = "backup_state")
    public boolean backupState;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    static boolean anyRegistered() {
        return count() > 0;
    }
}
