package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a registered strategy, as stored: immutable once created (its lifecycle lives in
 * {@link StrategyEventRecord}s). The JSON texts are kept verbatim; the strategies module owns their shape.
 *
 * @param id              1 to 200 printable characters, unique
 * @param name            the strategy's name, 1 to 200 printable characters; versions of one name form its history
 * @param version         the version within the name (e.g. {@code 1.2.0}), 1 to 64 printable characters; unique per
 *                        name
 * @param createdAt       when it was registered (stored to the millisecond)
 * @param runId           the evolution run it came from, or null
 * @param rank            its rank in that run's results (>= 1), or 0 when it did not come from a run
 * @param parentId        the id of the version it succeeds, or null for the first version of a name
 * @param symbol          the symbol it was evolved on
 * @param timeframe       the timeframe of those bars
 * @param definitionJson  seeds, genes, weights, thresholds and backtest settings, one JSON value
 * @param dataJson        the data it was evolved on (range, bar count, split), one JSON value
 * @param inSampleJson    in-sample metrics, one JSON value
 * @param outOfSampleJson out-of-sample metrics, one JSON value
 * @param baselineJson    what live behaviour is compared with (the backtest's per-bar returns), one JSON value
 */
public record StrategyVersionRecord(
        String id,
        String name,
        String version,
        Instant createdAt,
        String runId,
        int rank,
        String parentId,
        String symbol,
        Timeframe timeframe,
        String definitionJson,
        String dataJson,
        String inSampleJson,
        String outOfSampleJson,
        String baselineJson) {

    static final int MAX_VERSION_LENGTH = 64;

    public StrategyVersionRecord {
        Checks.id("strategy id", id);
        Checks.id("strategy name", name);
        Checks.id("strategy version", version);
        if (version.length() > MAX_VERSION_LENGTH) {
            throw new IllegalArgumentException(
                    "strategy version must be at most " + MAX_VERSION_LENGTH + " characters but was '" + version + "'");
        }
        createdAt = Checks.millis("createdAt", createdAt);
        if (runId != null) {
            Checks.id("run id", runId);
        }
        if (rank < 0 || (rank > 0) != (runId != null)) {
            throw new IllegalArgumentException(
                    "rank must be >= 1 with a run id and 0 without one but was " + rank + " (run id " + runId + ")");
        }
        if (parentId != null) {
            Checks.id("parent id", parentId);
            if (parentId.equals(id)) {
                throw new IllegalArgumentException("a strategy cannot be its own parent: " + id);
            }
        }
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        Checks.json("definitionJson", definitionJson);
        Checks.json("dataJson", dataJson);
        Checks.json("inSampleJson", inSampleJson);
        Checks.json("outOfSampleJson", outOfSampleJson);
        Checks.json("baselineJson", baselineJson);
    }
}
