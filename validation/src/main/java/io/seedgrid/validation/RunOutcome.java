package io.seedgrid.validation;

import java.util.Objects;
import java.util.Optional;

/**
 * One validation as the runner finished it.
 *
 * @param report    the report
 * @param json      its JSON form (as stored and posted)
 * @param previous  the most recent report stored before this one, if the store could be read and held one
 * @param notStored why the report could not be stored, or empty when it was
 */
public record RunOutcome(
        ValidationReport report, String json, Optional<ReportSummary> previous, Optional<String> notStored) {
    public RunOutcome {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(notStored, "notStored");
    }

    public boolean stored() {
        return notStored.isEmpty();
    }
}
