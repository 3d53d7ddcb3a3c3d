package io.switchboard.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An unanswered sign-in challenge; deleted when answered, so it cannot be replayed. */
@Entity
@Table(name = "auth_challenge")
public class AuthChallengeRecord extends PanacheEntityBase {

    @Id
    public String challenge;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
