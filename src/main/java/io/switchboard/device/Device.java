package io.switchboard.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.protocol.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A browser (or client) linked to the account: the primary or a companion. */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    /** The owner of the business's devices; a customer's devices are owned by the customer's id. */
    public static final String BUSINESS = "business";

    @Id
    public String id;

    public String owner = BUSINESS;

    @Column(name = "is_primary")
    public boolean primary;

    public Role role;

    public String person;

    public String label;

    public String browser;

    @Column(name = "signing_key")
    public String signingKey;

    @Column(name = "agreement_key")
    public String agreementKey;

    @Column(name = "device_signature")
    public String deviceSignature;

    @Column(name = "linked_at")
    public Instant linkedAt;

    @Column(name = "last_active_at")
    public Instant lastActiveAt;

    /** A device of a user at a peer provider (docs/interop.md §7): it never signs in here, see {@code DevicesForSignIn}. */
    public boolean remote;

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "removal_reason")
    public String removalReason;

    /** Messages up to this sequence number were stored before the device was linked: its history. */
    @Column(name = "history_until_seq")
    public long historyUntilSeq;

    public boolean active() {
        return removedAt == null;
    }

    public boolean business() {
        return BUSINESS.equals(owner);
    }

    public static List<Device> activeDevices(String owner) {
        return list("owner = ?1 and removedAt is null order by linkedAt", owner);
    }

    public static long activeBusinessCompanionCount() {
        return count("owner = ?1 and removedAt is null and primary = false", BUSINESS);
    }
}
