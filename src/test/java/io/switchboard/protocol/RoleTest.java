package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleTest {

    @ParameterizedTest(name = "{0}: admin {1}, supervisor {2}, primary {3}, list companion {4}, granted by the primary {5}")
    @CsvSource({
            "owner,      true,  true,  true,  false, false",
            "admin,      true,  true,  false, true,  true",
            "supervisor, false, true,  false, true,  true",
            "agent,      false, false, false, true,  true",
            // A customer's companion: allowed in a signed list, never given by the business's primary.
            "member,     false, false, false, true,  false",
    })
    void whatEachRoleMayDo(String wire, boolean admin, boolean supervisor, boolean primary, boolean listCompanion, boolean grantable) {
        Role role = Role.fromWire(wire).orElseThrow();
        assertEquals(wire, role.wire());
        assertEquals(admin, role.isAdmin());
        assertEquals(supervisor, role.isSupervisor());
        assertEquals(primary, role.isPrimaryRole());
        assertEquals(listCompanion, role.isListCompanion());
        assertEquals(grantable, role.isGrantableByPrimary());
    }

    @Test
    void theRoleSetsFollowThePredicates() {
        assertEquals(Set.of(Role.OWNER, Role.ADMIN), Role.ADMINS);
        assertEquals(Set.of(Role.OWNER, Role.ADMIN, Role.SUPERVISOR), Role.SUPERVISORS);
    }

    @Test
    void unknownSpellingsAreNoRole() {
        assertEquals(Optional.empty(), Role.fromWire("Owner"));
        assertEquals(Optional.empty(), Role.fromWire("root"));
        assertTrue(Role.fromWire(null).isEmpty());
    }
}
