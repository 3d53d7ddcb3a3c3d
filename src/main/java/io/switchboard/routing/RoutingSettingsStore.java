package io.switchboard.routing;

import io.switchboard.routing.policy.Policy;
import io.switchboard.routing.policy.Rules;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What admins configure: teams and their rules, the topic menu, canned replies. */
@ApplicationScoped
class RoutingSettingsStore {

    private final Jdbc jdbc;

    RoutingSettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------------------------------
    // Teams

    List<Team> teams() {
        List<Object[]> rows = Sql.list(jdbc, """
                select t.id, t.name, t.policy, t.sticky, t.sticky_for_seconds,
                       coalesce((select string_agg(m.device_id, ',' order by m.device_id) from team_member m where m.team_id = t.id), '')
                from team t order by t.name""");
        return rows.stream().map(row -> new Team((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3],
                ((Number) row[4]).longValue(), Sql.split((String) row[5]))).toList();
    }

    boolean teamExists(String teamId) {
        return !Sql.list(jdbc, "select id from team where id = ?1", teamId).isEmpty();
    }

    /** How many of these ids name a team. */
    int countTeams(Set<String> teamIds) {
        return Sql.list(jdbc, "select id from team where id = any(cast(?1 as varchar[]))", Jdbc.array(teamIds)).size();
    }

    List<String> teamIds() {
        return Sql.list(jdbc, "select id from team");
    }

    /** Whether another team (not {@code exceptId}) has this name, whatever its case. */
    boolean teamNameTaken(String name, String exceptId) {
        return !Sql.list(jdbc, "select id from team where lower(name) = lower(?1) and id <> ?2", name, exceptId).isEmpty();
    }

    void createTeam(String id, String name, String policy, boolean sticky, long stickyForSeconds, Instant now) {
        Sql.update(jdbc, "insert into team (id, name, policy, sticky, sticky_for_seconds, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)",
                id, name, policy, sticky, stickyForSeconds, now);
    }

    void updateTeam(String id, String name, String policy, boolean sticky, long stickyForSeconds) {
        Sql.update(jdbc, "update team set name = ?2, policy = ?3, sticky = ?4, sticky_for_seconds = ?5 where id = ?1",
                id, name, policy, sticky, stickyForSeconds);
    }

    void deleteTeam(String id) {
        Sql.update(jdbc, "delete from team where id = ?1", id);
    }

    /** Each team's routing rules. */
    Map<String, Rules> teamRules() {
        Map<String, Rules> rules = new HashMap<>();
        List<Object[]> rows = Sql.list(jdbc, "select id, policy, sticky, sticky_for_seconds from team");
        for (Object[] row : rows) {
            rules.put((String) row[0], new Rules(Policy.fromWire((String) row[1]).orElseThrow(), (Boolean) row[2],
                    Duration.ofSeconds(((Number) row[3]).longValue())));
        }
        return rules;
    }

    // ------------------------------------------------------------------------------------------
    // Topics

    List<Topic> topics() {
        List<Object[]> rows = Sql.list(jdbc, "select id, label, team_id, priority from topic order by position");
        return rows.stream().map(row -> new Topic((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue()))
                .toList();
    }

    Optional<Topic> topic(String id) {
        List<Object[]> rows = Sql.list(jdbc, "select id, label, team_id, priority from topic where id = ?1", id);
        return rows.stream().findFirst()
                .map(row -> new Topic((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue()));
    }

    void putTopic(Topic topic, int position) {
        Sql.update(jdbc, """
                insert into topic (id, label, team_id, priority, position) values (?1, ?2, ?3, ?4, ?5)
                on conflict (id) do update set label = excluded.label, team_id = excluded.team_id,
                    priority = excluded.priority, position = excluded.position""",
                topic.id(), topic.label(), topic.teamId(), topic.priority(), position);
    }

    void deleteTopicsExcept(Collection<String> keptIds) {
        Sql.update(jdbc, "delete from topic where not (id = any(cast(?1 as varchar[])))", Jdbc.array(keptIds));
    }

    // ------------------------------------------------------------------------------------------
    // Canned replies

    List<CannedReply> cannedReplies() {
        List<Object[]> rows = Sql.list(jdbc, "select shortcut, text from canned_reply order by shortcut");
        return rows.stream().map(row -> new CannedReply((String) row[0], (String) row[1])).toList();
    }

    void putCannedReply(CannedReply reply, Instant now) {
        Sql.update(jdbc, """
                insert into canned_reply (shortcut, text, updated_at) values (?1, ?2, ?3)
                on conflict (shortcut) do update set text = excluded.text, updated_at = excluded.updated_at""",
                reply.shortcut(), reply.text(), now);
    }

    boolean deleteCannedReply(String shortcut) {
        return Sql.update(jdbc, "delete from canned_reply where shortcut = ?1", shortcut) > 0;
    }
}
