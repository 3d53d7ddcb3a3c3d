package io.switchboard.supervision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.platform.Jdbc;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code supervision_settings} rows: the defaults ({@link #DEFAULT}) and each team's own. */
@ApplicationScoped
class SettingsStore {

    static final String DEFAULT = "default";

    private final Jdbc jdbc;
    private final ObjectMapper json;

    SettingsStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every stored row by scope. */
    Map<String, SupervisionSettings> all() {
        Map<String, SupervisionSettings> settings = new HashMap<>();
        for (Object[] row : jdbc.list("select scope, cast(settings as text) from supervision_settings")) {
            settings.put((String) row[0], read((String) row[1]));
        }
        return settings;
    }

    void put(String scope, SupervisionSettings settings, Instant at, String by) {
        jdbc.update("""
                insert into supervision_settings (scope, settings, updated_at, updated_by) values (?1, cast(?2 as jsonb), ?3, ?4)
                on conflict (scope) do update set settings = excluded.settings, updated_at = excluded.updated_at,
                                                  updated_by = excluded.updated_by""", scope, write(settings), at, by);
    }

    boolean delete(String scope) {
        return jdbc.update("delete from supervision_settings where scope = ?1", scope) > 0;
    }

    /** Team rows whose team is gone. */
    void deleteExcept(List<String> teamIds) {
        jdbc.update("delete from supervision_settings where scope <> ?1 and scope <> all(cast(?2 as varchar[]))",
                DEFAULT, Jdbc.array(teamIds));
    }

    private SupervisionSettings read(String text) {
        try {
            return json.readValue(text, SupervisionSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored supervision settings do not read back", e);
        }
    }

    private String write(SupervisionSettings settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
