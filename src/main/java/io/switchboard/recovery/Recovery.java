package io.switchboard.recovery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One loud recovery (protocol §7.3): a signed claim naming a new primary, pending for the veto window. */
@Entity
@Table(name = "recovery_claim")
public class Recovery extends PanacheEntityBase {

    @Id
    public String id;

    /** The signed claim as the new browser sent it. */
    public String document;

    @Column(name = "new_primary_id")
    public String newPrimaryId;

    @Column(name = "replaced_primary_id")
    public String replacedPrimaryId;

    public String browser;

    /** {@link #PENDING}, {@link #CANCELLED}, {@link #COMPLETED} or {@link #VOID} (another authority key was committed since). */
    public String status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "takes_effect_at")
    public Instant takesEffectAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** The device that cancelled it, or the new primary that completed it. */
    @Column(name = "closed_by")
    public String closedBy;

    /** The takeover list's version, once completed. */
    @Column(name = "list_version")
    public Long listVersion;

    static Optional<Recovery> pending() {
        return find("status", PENDING).firstResultOptional();
    }

    static Optional<Recovery> lastCompleted() {
        return find("status = ?1 order by closedAt desc", COMPLETED).firstResultOptional();
    }

    static final String PENDING = "pending";
    static final String CANCELLED = "cancelled";
    static final String COMPLETED = "completed";
    static final String VOID = "void";
    /** The document of an operator reset (protocol §7.4), which has no claim: nobody could sign one. */
    static final String RESET_DOCUMENT = "{\"type\":\"switchboard/operator-reset/v1\"}";

    boolean reset() {
        return RESET_DOCUMENT.equals(document);
    }
}
