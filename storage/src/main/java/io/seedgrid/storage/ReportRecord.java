package io.seedgrid.storage;

import java.time.Instant;

/**
 * A validation report as stored.
 *
 * @param id   1 to 200 printable characters; saving the same id again replaces the report
 * @param at   when it was made (stored to the millisecond)
 * @param json the report, one JSON value, kept verbatim
 */
public record ReportRecord(String id, Instant at, String json) {
    public ReportRecord {
        Checks.id("report id", id);
        at = Checks.millis("at", at);
        Checks.json("report json", json);
    }
}
