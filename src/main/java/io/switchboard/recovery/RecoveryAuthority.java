package io.switchboard.recovery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** The account authority key as the server keeps it: only wrapped under the owner's recovery key (protocol §7.2). */
@Entity
@Table(name = "recovery_authority")
public class RecoveryAuthority extends PanacheEntityBase {

    static final short SINGLETON_ID = 1;

    @Id
    public short id = SINGLETON_ID;

    /** b64u of the Ed25519 public key the list's {@code recoveryKey} commits to. */
    @Column(name = "authority_key")
    public String authorityKey;

    /** b64u of {@code nonce || AES-256-GCM(...)} (60 bytes): the authority key's seed, readable only with the recovery key. */
    @Column(name = "wrapped_key")
    public String wrappedKey;

    /** The list version that committed {@link #authorityKey}. */
    @Column(name = "list_version")
    public long listVersion;

    /** The admin companion the seed is wrapped for as well (§7.2), or null. */
    @Column(name = "backup_admin")
    public String backupAdmin;

    /** b64u of {@code enc || HPKE ciphertext} (80 bytes) to {@link #backupAdmin}'s agreement key, or null. */
    @Column(name = "backup_wrapped_key")
    public String backupWrappedKey;

    @Column(name = "created_at")
    public Instant createdAt;

    static Optional<RecoveryAuthority> current() {
        return findByIdOptional(SINGLETON_ID);
    }
}
