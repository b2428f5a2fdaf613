package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.Objects;

/**
 * One evolution run as stored: identity, what it evolves on, its seed, where it stands and its configuration as
 * JSON text (kept verbatim; the evolution module owns its shape).
 *
 * @param runId      1 to 200 printable characters
 * @param createdAt  when the run started (stored to the millisecond)
 * @param symbol     the market symbol evolved on
 * @param timeframe  the bar timeframe
 * @param seed       the random seed, so a run can be repeated
 * @param status     where the run stands
 * @param message    why it stands there (e.g. the failure), or null
 * @param updatedAt  when the status last changed (stored to the millisecond)
 * @param configJson the run configuration, one JSON value
 */
public record RunRecord(String runId, Instant createdAt, String symbol, Timeframe timeframe, long seed,
        RunStatus status, String message, Instant updatedAt, String configJson) {

    public RunRecord {
        Checks.id("run id", runId);
        createdAt = Checks.millis("createdAt", createdAt);
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(status, "status");
        updatedAt = updatedAt == null ? createdAt : Checks.millis("updatedAt", updatedAt);
        Checks.json("configJson", configJson);
    }

    /** A run as first saved: no message, updated when created. */
    public RunRecord(String runId, Instant createdAt, String symbol, Timeframe timeframe, long seed, RunStatus status,
            String configJson) {
        this(runId, createdAt, symbol, timeframe, seed, status, null, createdAt, configJson);
    }

    /** This run with another status and message, updated at {@code at}. */
    public RunRecord withStatus(RunStatus newStatus, String newMessage, Instant at) {
        return new RunRecord(runId, createdAt, symbol, timeframe, seed, newStatus, newMessage, at, configJson);
    }
}
