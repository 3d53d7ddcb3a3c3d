package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;

/** Team names are unique, so people can tell teams apart in every list. */
public final class TeamNameTaken extends DomainException {

    TeamNameTaken(String name) {
        super(Kind.CONFLICT, "team_exists", "There is already a team called " + name + ".");
    }
}
