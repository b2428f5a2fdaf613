package io.seedgrid.storage;

import java.time.Instant;
import java.util.List;

/** The reports of a {@link CheckedStore}: arguments checked and normalised once, so backends can trust them. */
final class CheckedReportStore implements ReportStore {
    private final Guard guard;
    private final ReportStore backend;

    CheckedReportStore(Guard guard, ReportStore backend) {
        this.guard = guard;
        this.backend = backend;
    }

    @Override
    public void saveReport(String id, Instant at, String json) {
        ReportRecord r = new ReportRecord(id, at, json); // checks all three
        guard.run(() -> backend.saveReport(r.id(), r.at(), r.json()), "save report " + id);
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        Checks.limit(limit);
        return List.copyOf(guard.call("list reports", () -> backend.reports(limit)));
    }
}
