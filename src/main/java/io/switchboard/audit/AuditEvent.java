package io.switchboard.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String action;

    @Column(name = "actor_device_id")
    public String actorDeviceId;

    @Column(name = "subject_device_id")
    public String subjectDeviceId;

    /** A small JSON object with what else matters for this action (never message content). */
    public String details;
}
