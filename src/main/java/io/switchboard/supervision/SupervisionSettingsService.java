package io.switchboard.supervision;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.routing.events.TeamChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;

/** Business hours, SLA targets and alert thresholds: admins write them, supervisors read those of their teams. */
@ApplicationScoped
public class SupervisionSettingsService {

    /** Fired when settings changed, so the board is computed again against them. */
    public record Changed(String scope) {
    }

    /** A team's settings as they apply, and whether they are its own or the defaults. */
    public record TeamSettings(String teamId, boolean own, SupervisionSettings settings) {
    }

    private final SettingsStore store;
    private final Scopes scopes;
    private final AuditLog audit;
    private final Clock clock;
    private final Event<Changed> changed;

    SupervisionSettingsService(SettingsStore store, Scopes scopes, AuditLog audit, Clock clock, Event<Changed> changed) {
        this.store = store;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
        this.changed = changed;
    }

    /** Every setting as it applies now, read once for a whole board or a burst of facts. */
    @Transactional
    public Effective effective() {
        return new Effective(store.all());
    }

    @Transactional
    public SupervisionSettings defaults(AuthenticatedDevice caller) {
        // The defaults are the conversations without a team's, which only unscoped supervisors see.
        if (!scopes.require(caller).covers(null)) {
            throw new SupervisionRefused(SupervisionRefused.OUT_OF_SCOPE);
        }
        return effective().defaults();
    }

    @Transactional
    public TeamSettings team(AuthenticatedDevice caller, String teamId) {
        scopes.requireTeam(caller, teamId);
        return teamSettings(teamId);
    }

    @Transactional
    public SupervisionSettings putDefaults(AuthenticatedDevice caller, SupervisionSettings settings) {
        requireSound(settings);
        store.put(SettingsStore.DEFAULT, settings, clock.instant(), caller.deviceId());
        audit.record(AuditAction.SUPERVISION_SETTINGS_CHANGED, caller.deviceId(), null, Map.of("scope", SettingsStore.DEFAULT));
        changed.fire(new Changed(SettingsStore.DEFAULT));
        return settings;
    }

    @Transactional
    public TeamSettings putTeam(AuthenticatedDevice caller, String teamId, SupervisionSettings settings) {
        scopes.requireExists(teamId);
        requireSound(settings);
        store.put(teamId, settings, clock.instant(), caller.deviceId());
        audit.record(AuditAction.SUPERVISION_SETTINGS_CHANGED, caller.deviceId(), null, Map.of("scope", teamId));
        changed.fire(new Changed(teamId));
        return teamSettings(teamId);
    }

    /** The team follows the defaults again. */
    @Transactional
    public TeamSettings deleteTeam(AuthenticatedDevice caller, String teamId) {
        scopes.requireExists(teamId);
        if (store.delete(teamId)) {
            audit.record(AuditAction.SUPERVISION_SETTINGS_CHANGED, caller.deviceId(), null, Map.of("scope", teamId, "removed", true));
            changed.fire(new Changed(teamId));
        }
        return teamSettings(teamId);
    }

    /** A deleted team's settings go with it. */
    void teamChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TeamChanged event) {
        if (event.change() == TeamChanged.Change.DELETED) {
            QuarkusTransaction.requiringNew().run(() -> store.delete(event.teamId()));
        }
    }

    private TeamSettings teamSettings(String teamId) {
        Effective effective = effective();
        return new TeamSettings(teamId, effective.hasOwn(teamId), effective.forTeam(teamId));
    }

    private static void requireSound(SupervisionSettings settings) {
        Map<String, String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new ValidationFailed(problems);
        }
    }

    /** The stored settings, and which apply to a team: its own, else the defaults, else {@link SupervisionSettings#DEFAULTS}. */
    public static final class Effective {
        private final Map<String, SupervisionSettings> stored;

        Effective(Map<String, SupervisionSettings> stored) {
            this.stored = Map.copyOf(stored);
        }

        public SupervisionSettings defaults() {
            return stored.getOrDefault(SettingsStore.DEFAULT, SupervisionSettings.DEFAULTS);
        }

        /** {@code null}: the conversations without a team, which follow the defaults. */
        public SupervisionSettings forTeam(String teamId) {
            return teamId == null ? defaults() : stored.getOrDefault(teamId, defaults());
        }

        boolean hasOwn(String teamId) {
            return stored.containsKey(teamId);
        }
    }
}
