package io.switchboard.device;

import io.switchboard.protocol.Role;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Role} as its wire spelling, which is what the database's check constraint lists. */
@Converter(autoApply = true)
public class RoleColumn implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.wire();
    }

    @Override
    public Role convertToEntityAttribute(String wire) {
        return wire == null ? null : Role.fromWire(wire)
                .orElseThrow(() -> new IllegalStateException("the database holds an unknown role: " + wire));
    }
}
