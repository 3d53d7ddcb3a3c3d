package io.switchboard.supervision;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Facts are written after the change committed, from a queue in memory: a node that stops between the
 * two loses them. At start, the cycles are brought back in line with the conversations they follow —
 * a cycle still running for a resolved conversation ends when the conversation was resolved, and a
 * conversation waiting or worked on without a running cycle gets one from when it was queued — so a
 * lost fact never leaves a clock running for ever or a reopen read as a resume.
 */
@ApplicationScoped
public class FactRepair {

    private static final Logger LOG = Logger.getLogger(FactRepair.class);

    private final CycleStore cycles;
    private final SupervisionSettingsService settings;

    FactRepair(CycleStore cycles, SupervisionSettingsService settings) {
        this.cycles = cycles;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        try {
            int repaired = repair();
            if (repaired > 0) {
                LOG.infof("supervision: %d cycles brought in line with their conversations", repaired);
            }
        } catch (RuntimeException e) {
            LOG.warnf("supervision facts could not be checked at start: %s", e.toString());
        }
    }

    /** Returns how many cycles it ended or started. */
    public int repair() {
        return QuarkusTransaction.requiringNew().call(() -> {
            SupervisionSettingsService.Effective effective = settings.effective();
            int repaired = 0;
            List<Cycle.Response> unanswered = new ArrayList<>();
            for (CycleStore.Orphan orphan : cycles.runningForResolved()) {
                Cycle cycle = orphan.cycle();
                CycleRules.resolved(cycle, null, orphan.resolvedAt(), effective.forTeam(cycle.teamId))
                        .ifPresent(response -> unanswered.add(response));
                cycles.save(cycle);
                for (Cycle.Response response : unanswered) {
                    cycles.insert(cycle, response, orphan.resolvedAt());
                }
                unanswered.clear();
                repaired++;
            }
            for (CycleStore.Unfollowed conversation : cycles.activeWithoutCycle()) {
                cycles.save(CycleRules.start(conversation.id(), conversation.lastNumber() + 1, conversation.teamId(), conversation.queuedAt(),
                        true));
                repaired++;
            }
            return repaired;
        });
    }
}
