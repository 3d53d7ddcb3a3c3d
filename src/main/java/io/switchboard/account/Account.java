package io.switchboard.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** The single business account this server serves. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    static final short SINGLETON_ID = 1;

    @Id
    public short id = SINGLETON_ID;

    @Column(name = "business_number")
    public String businessNumber;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "primary_device_id")
    public String primaryDeviceId;

    @Column(name = "primary_signing_key")
    public String primarySigningKey;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Account> current() {
        return findByIdOptional(SINGLETON_ID);
    }

    public static Account require() {
        return current().orElseThrow(AccountNotSetUp::new);
    }

    /**
     * Locks the account row for the rest of the transaction. Every change of the device list takes
     * this lock first, so an approval and a removal can never interleave.
     */
    public static Account lockForListChange() {
        return Account.<Account>findByIdOptional(SINGLETON_ID, LockModeType.PESSIMISTIC_WRITE).orElseThrow(AccountNotSetUp::new);
    }
}
