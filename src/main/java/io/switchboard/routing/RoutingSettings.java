package io.switchboard.routing;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.error.ApiException;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.Role;
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

    private final RoutingStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Event<RoutingChanged> changed;
    private final Event<RoutingEvents.SettingsEvent> settingsChanged;

    RoutingSettings(RoutingStore store, Clock clock, SecureRandom random, Event<RoutingChanged> changed,
                    Event<RoutingEvents.SettingsEvent> settingsChanged) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.changed = changed;
        this.settingsChanged = settingsChanged;
    }

    private void settingsChanged(String what) {
        settingsChanged.fire(new RoutingEvents.SettingsEvent(what));
    }

    // ------------------------------------------------------------------------------------------
    // Agents

    @Transactional
    public AgentView setStatus(AuthenticatedDevice caller, String status) {
        store.ensureAgent(caller.deviceId());
        store.update("update agent set status = ?2 where device_id = ?1", caller.deviceId(), status);
        changed.fire(new RoutingChanged(Set.of(), Set.of(caller.deviceId()), false, "available".equals(status)));
        return agent(caller.deviceId());
    }

    @Transactional
    public AgentView updateAgent(String deviceId, int capacity, List<String> teamIds) {
        agent(deviceId);
        Set<String> teams = new HashSet<>(teamIds);
        List<String> known = store.list("select id from team where id = any(cast(?1 as varchar[]))",
                RoutingStore.toArrayLiteral(teams.toArray(String[]::new)));
        if (known.size() != teams.size()) {
            throw ApiException.notFound("team_not_found", "There is no such team.");
        }
        store.lockRouting();
        store.ensureAgent(deviceId);
        store.update("update agent set capacity = ?2 where device_id = ?1", deviceId, capacity);
        store.update("delete from team_member where device_id = ?1", deviceId);
        for (String team : teams) {
            store.update("insert into team_member (team_id, device_id) values (?1, ?2)", team, deviceId);
        }
        changed.fire(new RoutingChanged(Set.of(), Set.of(deviceId), false, true));
        return agent(deviceId);
    }

    private AgentView agent(String deviceId) {
        return store.agent(deviceId).orElseThrow(() -> ApiException.notFound("agent_not_found", "There is no such agent."));
    }

    // ------------------------------------------------------------------------------------------
    // Teams

    public record Team(String id, String name, String policy, boolean sticky, long stickyForSeconds, List<String> memberIds) {
    }

    @Transactional
    public List<Team> teams() {
        List<Object[]> rows = store.list("""
                select t.id, t.name, t.policy, t.sticky, t.sticky_for_seconds,
                       coalesce((select string_agg(m.device_id, ',' order by m.device_id) from team_member m where m.team_id = t.id), '')
                from team t order by t.name""");
        return rows.stream().map(row -> new Team((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3],
                ((Number) row[4]).longValue(), RoutingStore.labels((String) row[5]))).toList();
    }

    @Transactional
    public Team createTeam(String name, String policy, boolean sticky, long stickyForSeconds) {
        String id = newId();
        requirePolicy(policy);
        // Serialises team changes, so two admins creating the same name get a 409, not a unique-index failure.
        store.lockRouting();
        requireUniqueName(name, id);
        store.update("insert into team (id, name, policy, sticky, sticky_for_seconds, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)",
                id, name, policy, sticky, stickyForSeconds, clock.instant());
        settingsChanged("teams");
        return team(id);
    }

    @Transactional
    public Team updateTeam(String id, String name, String policy, boolean sticky, long stickyForSeconds) {
        team(id);
        requirePolicy(policy);
        store.lockRouting();
        requireUniqueName(name, id);
        store.update("update team set name = ?2, policy = ?3, sticky = ?4, sticky_for_seconds = ?5 where id = ?1",
                id, name, policy, sticky, stickyForSeconds);
        changed.fire(new RoutingChanged(Set.of(), Set.of(), true, true));
        settingsChanged("teams");
        return team(id);
    }

    @Transactional
    public void deleteTeam(String id) {
        team(id);
        store.lockRouting();
        List<String> affected = store.list("select id from conversation where team_id = ?1", id);
        store.update("update conversation set team_id = null, topic_id = null where team_id = ?1", id);
        store.update("delete from team where id = ?1", id);
        changed.fire(new RoutingChanged(new HashSet<>(affected), Set.of(), true, true));
        settingsChanged("teams");
    }

    private Team team(String id) {
        return teams().stream().filter(team -> team.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("team_not_found", "There is no such team."));
    }

    private static void requirePolicy(String policy) {
        if (Policy.fromWire(policy).isEmpty()) {
            throw ApiException.badRequest("validation_failed", "The policy must be manual, round_robin or least_loaded.");
        }
    }

    private void requireUniqueName(String name, String id) {
        if (!store.list("select id from team where lower(name) = lower(?1) and id <> ?2", name, id).isEmpty()) {
            throw ApiException.conflict("team_exists", "There is already a team called " + name + ".");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Topics

    public record Topic(String id, String label, String teamId, int priority) {
    }

    /** One entry of the topic menu customers choose from: what they may see of a {@link Topic}. */
    public record TopicChoice(String id, String label) {
    }

    @Transactional
    public List<Topic> topics() {
        List<Object[]> rows = store.list("select id, label, team_id, priority from topic order by position");
        return rows.stream().map(row -> new Topic((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue()))
                .toList();
    }

    /** Replaces the whole menu; topics keep their ids (and the conversations that picked them) when given. */
    @Transactional
    public List<Topic> replaceTopics(List<Topic> topics) {
        if (topics.size() > MAX_TOPICS) {
            throw ApiException.badRequest("validation_failed", "The menu has at most " + MAX_TOPICS + " topics.");
        }
        Set<String> teams = Set.copyOf(store.list("select id from team"));
        for (Topic topic : topics) {
            if (!teams.contains(topic.teamId())) {
                throw ApiException.notFound("team_not_found", "Topic \"" + topic.label() + "\" names a team that does not exist.");
            }
        }
        Set<String> kept = new HashSet<>();
        int position = 0;
        for (Topic topic : topics) {
            String id = topic.id() == null ? newId() : topic.id();
            if (!kept.add(id)) {
                throw ApiException.badRequest("validation_failed", "Each topic appears once.");
            }
            store.update("""
                    insert into topic (id, label, team_id, priority, position) values (?1, ?2, ?3, ?4, ?5)
                    on conflict (id) do update set label = excluded.label, team_id = excluded.team_id,
                        priority = excluded.priority, position = excluded.position""",
                    id, topic.label(), topic.teamId(), topic.priority(), position++);
        }
        store.update("delete from topic where not (id = any(cast(?1 as varchar[])))", RoutingStore.toArrayLiteral(kept.toArray(String[]::new)));
        settingsChanged("topics");
        return topics();
    }

    // ------------------------------------------------------------------------------------------
    // Canned replies

    public record CannedReply(String shortcut, String text) {
    }

    @Transactional
    public List<CannedReply> cannedReplies() {
        List<Object[]> rows = store.list("select shortcut, text from canned_reply order by shortcut");
        return rows.stream().map(row -> new CannedReply((String) row[0], (String) row[1])).toList();
    }

    @Transactional
    public CannedReply putCannedReply(String shortcut, String text) {
        store.update("""
                insert into canned_reply (shortcut, text, updated_at) values (?1, ?2, ?3)
                on conflict (shortcut) do update set text = excluded.text, updated_at = excluded.updated_at""",
                shortcut, text, clock.instant());
        settingsChanged("canned-replies");
        return new CannedReply(shortcut, text);
    }

    @Transactional
    public void deleteCannedReply(String shortcut) {
        if (store.update("delete from canned_reply where shortcut = ?1", shortcut) == 0) {
            throw ApiException.notFound("canned_reply_not_found", "There is no canned reply /" + shortcut + ".");
        }
        settingsChanged("canned-replies");
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64u.encode(bytes);
    }
}
