package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One evolution run as stored: identity, what it evolves on, its seed, where it stands, its configuration as JSON
 * text (kept verbatim; the runs module owns its shape) and the lease of the coordinator that holds it.
 *
 * @param runId      1 to 200 printable characters
 * @param createdAt  when the run was created (stored to the millisecond)
 * @param symbol     the market symbol evolved on
 * @param timeframe  the bar timeframe
 * @param seed       the random seed, so a run can be repeated
 * @param status     where the run stands
 * @param message    why it stands there (e.g. the failure), or null
 * @param updatedAt  when the status last changed (stored to the millisecond)
 * @param configJson the run configuration, one JSON value
 * @param lease      who coordinates it and when they last beat; empty for runs recorded before leases existed
 */
public record RunRecord(
        String runId,
        Instant createdAt,
        String symbol,
        Timeframe timeframe,
        long seed,
        RunStatus status,
        String message,
        Instant updatedAt,
        String configJson,
        Optional<RunLease> lease) {

    public RunRecord {
        Checks.id("run id", runId);
        createdAt = Checks.millis("createdAt", createdAt);
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(status, "status");
        updatedAt = updatedAt == null ? createdAt : Checks.millis("updatedAt", updatedAt);
        Checks.json("configJson", configJson);
        Objects.requireNonNull(lease, "lease");
    }

    /** A run as first saved, without a lease: no message, updated when created. */
    public RunRecord(
            String runId,
            Instant createdAt,
            String symbol,
            Timeframe timeframe,
            long seed,
            RunStatus status,
            String configJson) {
        this(runId, createdAt, symbol, timeframe, seed, status, null, createdAt, configJson, Optional.empty());
    }

    /** A run as first saved by the coordinator holding {@code lease}: no message, updated when created. */
    public RunRecord(
            String runId,
            Instant createdAt,
            String symbol,
            Timeframe timeframe,
            long seed,
            RunStatus status,
            String configJson,
            RunLease lease) {
        this(
                runId,
                createdAt,
                symbol,
                timeframe,
                seed,
                status,
                null,
                createdAt,
                configJson,
                Optional.of(Objects.requireNonNull(lease, "lease")));
    }

    /** This run with another status and message, updated at {@code at}. */
    public RunRecord withStatus(RunStatus newStatus, String newMessage, Instant at) {
        return new RunRecord(runId, createdAt, symbol, timeframe, seed, newStatus, newMessage, at, configJson, lease);
    }

    /** This run held under {@code newLease}. */
    public RunRecord withLease(RunLease newLease) {
        return new RunRecord(
                runId,
                createdAt,
                symbol,
                timeframe,
                seed,
                status,
                message,
                updatedAt,
                configJson,
                Optional.of(Objects.requireNonNull(newLease, "lease")));
    }

    /** The epoch of its lease, 0 when it has none: what {@link RunStore#takeOverRun} compares. */
    public long leaseEpoch() {
        return lease.map(RunLease::epoch).orElse(0L);
    }
}
