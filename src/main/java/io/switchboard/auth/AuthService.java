package io.switchboard.auth;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.auth.LinkedDevices.SigningDevice;
import io.switchboard.platform.PublicUrl;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.DomainException;
import io.switchboard.protocol.AuthChallenge;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.ProtocolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Challenge–response sign-in with the device's signing key, and the sessions that follow it.
 * There are no passwords: a session is only ever the result of a verified signature.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = DomainException.class)
public class AuthService {

    public static final String COOKIE = "sb_session";

    private final Clock clock;
    private final SecureRandom random;
    private final SwitchboardConfig config;
    private final PublicUrl publicUrl;
    private final LinkedDevices devices;
    private final RateLimiter rateLimiter;
    private final SessionStore sessions;

    AuthService(Clock clock, SecureRandom random, SwitchboardConfig config, PublicUrl publicUrl, LinkedDevices devices,
                RateLimiter rateLimiter, SessionStore sessions) {
        this.rateLimiter = rateLimiter;
        this.sessions = sessions;
        this.clock = clock;
        this.random = random;
        this.config = config;
        this.publicUrl = publicUrl;
        this.devices = devices;
    }

    public record Challenge(String challenge, long expiresAt) {
    }

    public Challenge issueChallenge(String deviceId) {
        requireActiveDevice(deviceId);
        return newChallengeFor(deviceId);
    }

    /** A challenge for a device that is not linked yet (the last step of linking signs one). */
    public Challenge newChallengeFor(String deviceId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        AuthChallengeRecord record = new AuthChallengeRecord();
        record.challenge = B64u.encode(bytes);
        record.deviceId = deviceId;
        record.expiresAt = clock.instant().plus(config.sessions().challengeLifetime());
        record.persist();
        AuthChallengeRecord.delete("expiresAt < ?1", clock.instant());
        return new Challenge(record.challenge, record.expiresAt.getEpochSecond());
    }

    /**
     * Verifies the answer to a challenge and opens a session; returns the session token for the cookie.
     * Only wrong answers count against the device's limit, so a right one is never refused.
     */
    public String signIn(String deviceId, String challenge, String signature) {
        SigningDevice device = requireActiveDevice(deviceId);
        try {
            consumeChallenge(deviceId, challenge, device.signingKey(), signature);
        } catch (Unauthenticated wrongAnswer) {
            rateLimiter.check(RateLimiter.Purpose.FAILED_SIGN_IN, deviceId);
            throw wrongAnswer;
        }
        devices.markActive(deviceId, clock.instant());
        return openSession(deviceId);
    }

    /** Checks a signature over a challenge issued to {@code deviceId} and burns the challenge either way. */
    public void consumeChallenge(String deviceId, String challenge, String signingKey, String signature) {
        AuthChallengeRecord record = AuthChallengeRecord.findById(challenge);
        if (record == null || !record.deviceId.equals(deviceId) || !clock.instant().isBefore(record.expiresAt)) {
            throw new Unauthenticated(Unauthenticated.CHALLENGE_INVALID);
        }
        record.delete();
        boolean valid;
        try {
            valid = AuthChallenge.verify(B64u.decode(signingKey), B64u.decode(challenge), deviceId, publicUrl.origin(),
                    B64u.decode(signature));
        } catch (ProtocolException | IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw new Unauthenticated(Unauthenticated.SIGNATURE_INVALID);
        }
    }

    public String openSession(String deviceId) {
        Instant now = clock.instant();
        String token = SessionTokens.newToken(random);
        sessions.insert(SessionTokens.hash(token), deviceId, now, now.plus(config.sessions().absoluteTimeout()));
        return token;
    }

    /**
     * Resolves a session cookie; refreshes the idle timer and the device's last-active time. Every request
     * comes through here, so the usual answer is two reads without a transaction; the rare writes (an expired
     * session, a refresh once per {@code activityResolution}) commit on their own.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public AuthenticatedDevice authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new Unauthenticated(Unauthenticated.NOT_SIGNED_IN);
        }
        byte[] tokenHash = SessionTokens.hash(token);
        LinkedDevices.SessionDevice session = devices.findSession(tokenHash)
                .orElseThrow(() -> new Unauthenticated(Unauthenticated.SESSION_ENDED));
        // The device's state first: a removed device's old cookie answers device_removed at once, so its client
        // does not sign in again only to learn it then (the session was ended at removal, see endAllSessions).
        SigningDevice device = session.device().orElse(null);
        if (device == null || !device.active()) {
            throw removed(device);
        }
        Instant now = clock.instant();
        if (!now.isBefore(session.expiresAt()) || !now.isBefore(session.lastSeenAt().plus(config.sessions().idleTimeout()))) {
            sessions.delete(tokenHash);
            throw new Unauthenticated(Unauthenticated.SESSION_EXPIRED);
        }
        if (!now.isBefore(session.lastSeenAt().plus(config.devices().activityResolution()))) {
            QuarkusTransaction.requiringNew().run(() -> {
                sessions.touch(tokenHash, now);
                devices.markActive(session.deviceId(), now);
            });
        }
        return device.identity();
    }

    public void endSession(String token) {
        if (token != null) {
            sessions.delete(SessionTokens.hash(token));
        }
    }

    /**
     * Ends every session of a device that is being logged out. The rows stay, expired, so the old cookie
     * answers {@code device_removed} (see {@link #authenticate}); should the device ever be active again,
     * they are expired and refused.
     */
    public void endAllSessions(String deviceId) {
        sessions.expireAllOf(deviceId, clock.instant());
    }

    private SigningDevice requireActiveDevice(String deviceId) {
        SigningDevice device = deviceId == null ? null : devices.find(deviceId).orElse(null);
        if (device == null || !device.active()) {
            throw removed(device);
        }
        return device;
    }

    private static Unauthenticated removed(SigningDevice device) {
        return device == null ? new Unauthenticated(Unauthenticated.DEVICE_UNKNOWN) : Unauthenticated.removed(device.removalReason());
    }
}
