package io.switchboard.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    @Id
    public String id;

    @Column(name = "is_primary")
    public boolean primary;

    public String role;

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

    @Column(name = "removed_at")
    public Instant removedAt;

    @Column(name = "removal_reason")
    public String removalReason;

    public boolean active() {
        return removedAt == null;
    }

    public static List<Device> activeDevices() {
        return list("removedAt is null order by linkedAt");
    }

    public static long activeCompanionCount() {
        return count("removedAt is null and primary = false");
    }
}
