package io.switchboard.reports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fills the day cells of the report zones viewers asked for (docs/metrics.md, "Rollups"), a chunk
 * of facts per transaction, newest first, so the reports of recent weeks read cells soonest. Every
 * node may run it: the database serialises the chunks.
 */
@ApplicationScoped
class ReportZoneFiller {

    private final ReportStore store;

    ReportZoneFiller(ReportStore store) {
        this.store = store;
    }

    @Scheduled(every = "${switchboard.reports.zone-fill-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fill() {
        while (QuarkusTransaction.requiringNew().call(store::fillChunk)) {
            // until every zone is complete
        }
    }
}
