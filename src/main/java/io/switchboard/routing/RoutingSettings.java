package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Role;
import io.switchboard.routing.events.AgentPresenceChanged;
import io.switchboard.routing.events.AgentSettingsChanged;
import io.switchboard.routing.events.CannedRepliesChanged;
import io.switchboard.routing.events.RoutingEvent;
import io.switchboard.routing.events.TeamChanged;
import io.switchboard.routing.events.TopicMenuChanged;
import io.switchboard.routing.policy.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What admins configure for routing: teams and their policies, the topic menu, agents' capacity, canned replies. */
@ApplicationScoped
public class RoutingSettings {

    public static final Set<Role> ADMINS = Role.ADMINS;
    static final int MAX_TOPICS = 8;

    private final RoutingLock lock;
    private final RoutingSettingsStore store;
    private final AgentStore agents;
    private final RoutingStore conversations;
    private final Clock clock;
    private final SecureRandom random;
    private final Event<RoutingEvent> events;
    private final RoutingPermissions permissions;

    RoutingSettings(RoutingLock lock, RoutingSettingsStore store, AgentStore agents, RoutingStore conversations, Clock clock,
                    SecureRandom random, Event<RoutingEvent> events, RoutingPermissions permissions) {
        this.permissions = permissions;
        this.lock = lock;
        this.store = store;
        this.agents = agents;
        this.conversations = conversations;
        this.clock = clock;
        this.random = random;
        this.events = events;
    }

    // ------------------------------------------------------------------------------------------
    // Agents

    @Transactional
    public AgentView setStatus(AuthenticatedDevice caller, String status) {
        agents.ensureAgent(caller.deviceId());
        agents.setStatus(caller.deviceId(), status);
        events.fire(new AgentPresenceChanged(caller.deviceId(), "available".equals(status)
                ? AgentPresenceChanged.Change.AVAILABLE : AgentPresenceChanged.Change.AWAY));
        return agent(caller.deviceId());
    }

    @Transactional
    public AgentView updateAgent(String deviceId, int capacity, List<String> teamIds) {
        agent(deviceId);
        Set<String> teams = new HashSet<>(teamIds);
        if (store.countTeams(teams) != teams.size()) {
            throw RoutingSettingNotFound.team();
        }
        lock.hold();
        agents.ensureAgent(deviceId);
        agents.setCapacity(deviceId, capacity);
        agents.setTeams(deviceId, teams);
        events.fire(new AgentSettingsChanged(deviceId));
        return agent(deviceId);
    }

    /** A supervisor sets an agent of their scope available or away (from the board). */
    @Transactional
    public AgentView setStatusOf(AuthenticatedDevice caller, String deviceId, String status) {
        permissions.requireSupervisorOf(caller, agent(deviceId));
        agents.ensureAgent(deviceId);
        agents.setStatus(deviceId, status);
        events.fire(new AgentPresenceChanged(deviceId, "available".equals(status)
                ? AgentPresenceChanged.Change.AVAILABLE : AgentPresenceChanged.Change.AWAY));
        return agent(deviceId);
    }

    /**
     * A supervisor changes the capacity of an agent of their scope (from the board). Lowering it below
     * the agent's load takes nothing away: they just get no more until they are under it.
     */
    @Transactional
    public AgentView setCapacityOf(AuthenticatedDevice caller, String deviceId, int capacity) {
        permissions.requireSupervisorOf(caller, agent(deviceId));
        lock.hold();
        agents.ensureAgent(deviceId);
        agents.setCapacity(deviceId, capacity);
        events.fire(new AgentSettingsChanged(deviceId));
        return agent(deviceId);
    }

    private AgentView agent(String deviceId) {
        return agents.agent(deviceId).orElseThrow(RoutingSettingNotFound::agent);
    }

    // ------------------------------------------------------------------------------------------
    // Teams

    @Transactional
    public List<Team> teams() {
        return store.teams();
    }

    @Transactional
    public Team createTeam(String name, String policy, boolean sticky, long stickyForSeconds) {
        String id = newId();
        requirePolicy(policy);
        // Serialises team changes, so two admins creating the same name get a 409, not a unique-index failure.
        lock.hold();
        requireUniqueName(name, id);
        store.createTeam(id, name, policy, sticky, stickyForSeconds, clock.instant());
        events.fire(new TeamChanged(id, TeamChanged.Change.CREATED, Set.of()));
        return team(id);
    }

    @Transactional
    public Team updateTeam(String id, String name, String policy, boolean sticky, long stickyForSeconds) {
        team(id);
        requirePolicy(policy);
        lock.hold();
        requireUniqueName(name, id);
        store.updateTeam(id, name, policy, sticky, stickyForSeconds);
        events.fire(new TeamChanged(id, TeamChanged.Change.UPDATED, Set.of()));
        return team(id);
    }

    @Transactional
    public void deleteTeam(String id) {
        team(id);
        lock.hold();
        List<String> unteamed = conversations.releaseTeam(id);
        store.deleteTeam(id);
        events.fire(new TeamChanged(id, TeamChanged.Change.DELETED, Set.copyOf(unteamed)));
    }

    private Team team(String id) {
        return store.teams().stream().filter(team -> team.id().equals(id)).findFirst()
                .orElseThrow(RoutingSettingNotFound::team);
    }

    private static void requirePolicy(String policy) {
        if (Policy.fromWire(policy).isEmpty()) {
            throw new ValidationFailed("The policy must be manual, round_robin or least_loaded.");
        }
    }

    private void requireUniqueName(String name, String id) {
        if (store.teamNameTaken(name, id)) {
            throw new TeamNameTaken(name);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Topics

    /** One entry of the topic menu customers choose from: what they may see of a {@link Topic}. */
    public record TopicChoice(String id, String label) {
    }

    @Transactional
    public List<Topic> topics() {
        return store.topics();
    }

    /** Replaces the whole menu; topics keep their ids (and the conversations that picked them) when given. */
    @Transactional
    public List<Topic> replaceTopics(List<Topic> topics) {
        if (topics.size() > MAX_TOPICS) {
            throw new ValidationFailed("The menu has at most " + MAX_TOPICS + " topics.");
        }
        Set<String> teams = Set.copyOf(store.teamIds());
        for (Topic topic : topics) {
            if (!teams.contains(topic.teamId())) {
                throw RoutingSettingNotFound.teamOfTopic(topic.label());
            }
        }
        Set<String> kept = new HashSet<>();
        int position = 0;
        for (Topic topic : topics) {
            String id = topic.id() == null ? newId() : topic.id();
            if (!kept.add(id)) {
                throw new ValidationFailed("Each topic appears once.");
            }
            store.putTopic(new Topic(id, topic.label(), topic.teamId(), topic.priority()), position++);
        }
        store.deleteTopicsExcept(kept);
        events.fire(new TopicMenuChanged());
        return topics();
    }

    // ------------------------------------------------------------------------------------------
    // Canned replies

    @Transactional
    public List<CannedReply> cannedReplies() {
        return store.cannedReplies();
    }

    @Transactional
    public CannedReply putCannedReply(String shortcut, String text) {
        CannedReply reply = new CannedReply(shortcut, text);
        store.putCannedReply(reply, clock.instant());
        events.fire(new CannedRepliesChanged(shortcut));
        return reply;
    }

    @Transactional
    public void deleteCannedReply(String shortcut) {
        if (!store.deleteCannedReply(shortcut)) {
            throw RoutingSettingNotFound.cannedReply(shortcut);
        }
        events.fire(new CannedRepliesChanged(shortcut));
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64u.encode(bytes);
    }
}
