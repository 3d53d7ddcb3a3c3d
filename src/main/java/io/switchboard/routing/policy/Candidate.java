package io.switchboard.routing.policy;

import java.time.Instant;
import java.util.Set;

/**
 * An agent as the router sees them at one moment. {@code online} means a live connection right now:
 * an agent inside the grace period after disconnecting keeps their chats but gets no new ones.
 */
public record Candidate(String deviceId, String person, boolean available, boolean online, int load, int capacity,
                        Instant lastAssignedAt, Set<String> teamIds) {

    public boolean hasRoom() {
        return load < capacity;
    }

    /** The same agent after one more conversation was given to them at {@code now}. */
    public Candidate withAssignment(Instant now) {
        return new Candidate(deviceId, person, available, online, load + 1, capacity, now, teamIds);
    }
}
