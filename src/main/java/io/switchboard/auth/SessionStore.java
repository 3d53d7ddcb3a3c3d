package io.switchboard.auth;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The {@code device_session} table ({@link DeviceSession}): only the hash of a cookie's token is stored.
 * Updates are plain statements outside Hibernate (an entity load in a transaction of its own cost a tenth of
 * the app's CPU under load, docs/performance.md); a request's session is read with its device, by
 * {@link LinkedDevices#findSession}. Inside a transaction the pool hands out the transaction's connection, so
 * the statements join it.
 */
@ApplicationScoped
class SessionStore {

    private final AgroalDataSource dataSource;

    SessionStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An entity, not a statement: the device it names may have been persisted in this transaction and not flushed yet. */
    void insert(byte[] tokenHash, String deviceId, Instant now, Instant expiresAt) {
        DeviceSession session = new DeviceSession();
        session.tokenHash = tokenHash;
        session.deviceId = deviceId;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = expiresAt;
        session.persist();
    }

    void touch(byte[] tokenHash, Instant now) {
        update("update device_session set last_seen_at = ? where token_hash = ?", Timestamp.from(now), tokenHash);
    }

    void delete(byte[] tokenHash) {
        update("delete from device_session where token_hash = ?", tokenHash);
    }

    /** The rows stay, expired: see {@link AuthService#endAllSessions}. */
    void expireAllOf(String deviceId, Instant now) {
        update("update device_session set expires_at = ? where device_id = ?", Timestamp.from(now), deviceId);
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
