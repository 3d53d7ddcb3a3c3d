package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** The agent has as many conversations as their capacity allows. */
public final class AgentAtCapacity extends DomainException {

    private final int load;
    private final int capacity;

    AgentAtCapacity(AgentView agent) {
        super(Kind.CONFLICT, "at_capacity", agent.person() + " already has " + agent.load() + " of " + agent.capacity()
                + " conversations; resolve or transfer one first, or raise their capacity.");
        this.load = agent.load();
        this.capacity = agent.capacity();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("load", load, "capacity", capacity);
    }
}
