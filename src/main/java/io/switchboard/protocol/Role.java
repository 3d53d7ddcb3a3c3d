package io.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The role of a device in a signed device list (protocol §4, §13.1), and what each role may do. The
 * business's primary is the owner and its companions are agents, supervisors or admins; a customer's
 * primary is also an owner (of the customer's list) and its companions are members.
 */
public enum Role {
    OWNER("owner"),
    ADMIN("admin"),
    SUPERVISOR("supervisor"),
    AGENT("agent"),
    MEMBER("member");

    /** Roles that manage the business's settings (teams, topics, the audit log). */
    public static final Set<Role> ADMINS = where(Role::isAdmin);
    /** Roles that see and act on every conversation, not only their own or their teams'. */
    public static final Set<Role> SUPERVISORS = where(Role::isSupervisor);

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The role as it is spelled in device lists, the database and the API. */
    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<Role> fromWire(String wire) {
        return Arrays.stream(values()).filter(role -> role.wire.equals(wire)).findFirst();
    }

    /** The only role a list's primary device has. */
    public boolean isPrimaryRole() {
        return this == OWNER;
    }

    /**
     * A role a signed list may give a non-primary device, on either kind of list: the business's
     * companions and customers' members alike. Which kind of list fits which account is the server's check.
     */
    public boolean isListCompanion() {
        return this != OWNER;
    }

    /**
     * A role the business's primary may give a companion, when linking it (§6) or later by signing a list
     * that changes it: business companions only, so never {@link #MEMBER} (a customer's companion) nor a
     * second owner.
     */
    public boolean isGrantableByPrimary() {
        return this == ADMIN || this == SUPERVISOR || this == AGENT;
    }

    public boolean isAdmin() {
        return this == OWNER || this == ADMIN;
    }

    public boolean isSupervisor() {
        return isAdmin() || this == SUPERVISOR;
    }

    private static Set<Role> where(Predicate<Role> test) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : values()) {
            if (test.test(role)) {
                roles.add(role);
            }
        }
        return Collections.unmodifiableSet(roles);
    }
}
