package io.switchboard.device;

import io.agroal.api.AgroalDataSource;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.LinkedDevices;
import io.switchboard.protocol.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Answers sign-in and every session check from the device table. */
@ApplicationScoped
class DevicesForSignIn implements LinkedDevices {

    private static final RoleColumn ROLES = new RoleColumn();
    /** A device as sign-in reads it; none of these names is also a column of {@code device_session}. */
    private static final String COLUMNS = "owner, role, is_primary, signing_key, removed_at is null, removal_reason";

    private final AgroalDataSource dataSource;

    DevicesForSignIn(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<SigningDevice> find(String deviceId) {
        // A plain statement, not an entity: every authenticated request asks, also outside any transaction
        // (the WebSocket handshake). It reads committed rows, which is all sign-in and session checks need. A remote user's
        // device (federation) is not one: its user reaches this provider only through their own, never at this API.
        return select("select id, " + COLUMNS + " from device where id = ? and not remote", deviceId,
                row -> signingDevice(row, 1));
    }

    @Override
    public Optional<SessionDevice> findSession(byte[] tokenHash) {
        return select("select s.device_id, s.last_seen_at, s.expires_at, d.id, " + COLUMNS
                        + " from device_session s left join device d on d.id = s.device_id and not d.remote where s.token_hash = ?",
                tokenHash, row -> new SessionDevice(row.getString(1), row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant(),
                        row.getString(4) == null ? Optional.empty() : Optional.of(signingDevice(row, 4))));
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> Optional<T> select(String sql, Object key, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(reader.read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The device whose id is in column {@code first}, followed by {@link #COLUMNS}. */
    private static SigningDevice signingDevice(ResultSet row, int first) throws SQLException {
        String owner = row.getString(first + 1);
        Role role = ROLES.convertToEntityAttribute(row.getString(first + 2));
        return new SigningDevice(new AuthenticatedDevice(row.getString(first), owner, role, row.getBoolean(first + 3), Device.BUSINESS.equals(owner)),
                row.getString(first + 4), row.getBoolean(first + 5), row.getString(first + 6));
    }

    @Override
    public void markActive(String deviceId, Instant at) {
        Device.<Device>findByIdOptional(deviceId).ifPresent(device -> device.lastActiveAt = at);
    }
}
