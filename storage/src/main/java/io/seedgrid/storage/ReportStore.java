package io.seedgrid.storage;

import java.time.Instant;
import java.util.List;

/** Validation reports, JSON text kept verbatim. The rules of {@link Store} apply. */
public interface ReportStore {

    /** Saves a validation report, replacing a stored report with the same id. */
    void saveReport(String id, Instant at, String json);

    /** The {@code limit} most recent reports, newest first (ties by id). */
    List<ReportRecord> reports(int limit);
}
