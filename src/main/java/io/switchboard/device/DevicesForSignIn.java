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

    private final AgroalDataSource dataSource;

    DevicesForSignIn(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<SigningDevice> find(String deviceId) {
        // A plain statement, not an entity: every authenticated request asks, also outside any transaction
        // (the WebSocket handshake). It reads committed rows, which is all sign-in and session checks need. A remote user's
        // device (federation) is not one: its user reaches this provider only through their own, never at this API.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select owner, role, is_primary, signing_key, removed_at is null, removal_reason from device where id = ? and not remote")) {
            select.setString(1, deviceId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String owner = row.getString(1);
                Role role = ROLES.convertToEntityAttribute(row.getString(2));
                return Optional.of(new SigningDevice(
                        new AuthenticatedDevice(deviceId, owner, role, row.getBoolean(3), Device.BUSINESS.equals(owner)),
                        row.getString(4), row.getBoolean(5), row.getString(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void markActive(String deviceId, Instant at) {
        Device.<Device>findByIdOptional(deviceId).ifPresent(device -> device.lastActiveAt = at);
    }
}
