package io.switchboard.passkey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A challenge the server issued to the primary: to register a passkey, or to approve one change. */
@Entity
@Table(name = "passkey_challenge")
public class PasskeyChallenge extends PanacheEntityBase {

    static final String REGISTRATION = "registration";
    static final String APPROVAL = "approval";

    /** The WebAuthn challenge, b64u. */
    @Id
    public String challenge;

    public String purpose;

    /** The change's wire name and subject (approval only). */
    public String change;

    public String subject;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** When an answer (right or wrong) was first checked: from then on the challenge is used up. */
    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "consumed_at")
    public Instant consumedAt;

    /** An unanswered, unexpired challenge of this purpose issued to this device, locked. */
    static Optional<PasskeyChallenge> answerable(String challenge, String purpose, String deviceId, Instant now) {
        return PasskeyChallenge.<PasskeyChallenge>findByIdOptional(challenge, LockModeType.PESSIMISTIC_WRITE)
                .filter(found -> found.purpose.equals(purpose) && found.deviceId.equals(deviceId)
                        && found.answeredAt == null && now.isBefore(found.expiresAt));
    }

    /** An approved, unconsumed, unexpired approval of exactly this change by this device, locked. */
    static Optional<PasskeyChallenge> approval(String deviceId, String change, String subject, Instant now) {
        return PasskeyChallenge.<PasskeyChallenge>find(
                        "purpose = ?1 and deviceId = ?2 and change = ?3 and subject = ?4 and approvedAt is not null"
                                + " and consumedAt is null and expiresAt > ?5", APPROVAL, deviceId, change, subject, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
