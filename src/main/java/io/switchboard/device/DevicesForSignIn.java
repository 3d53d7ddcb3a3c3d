package io.switchboard.device;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.LinkedDevices;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** Answers sign-in from the device table; runs inside sign-in's transaction. */
@ApplicationScoped
class DevicesForSignIn implements LinkedDevices {

    @Override
    public Optional<SigningDevice> find(String deviceId) {
        return Device.<Device>findByIdOptional(deviceId).map(device -> new SigningDevice(
                new AuthenticatedDevice(device.id, device.owner, device.role, device.primary, device.business()),
                device.signingKey, device.active(), device.removalReason));
    }

    @Override
    public void markActive(String deviceId, Instant at) {
        Device.<Device>findByIdOptional(deviceId).ifPresent(device -> device.lastActiveAt = at);
    }
}
