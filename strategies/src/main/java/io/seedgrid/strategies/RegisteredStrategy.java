package io.seedgrid.strategies;

import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.storage.StrategyStage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered strategy version as the registry reads it: identity, lineage, definition, the data it was evolved on,
 * its backtest metrics, where it stands now and its last recorded drift verdict.
 *
 * @param id          {@code name@version}
 * @param name        the strategy's name; its versions form one history
 * @param version     the semantic version within the name
 * @param createdAt   when it was registered
 * @param runId       the run it came from, if any
 * @param rank        its rank in that run (0 when not from a run)
 * @param parentId    the version it succeeds, if any
 * @param definition  seeds, genes, thresholds, backtest settings
 * @param evolvedOn   the data it was evolved on
 * @param inSample    in-sample backtest metrics
 * @param outOfSample out-of-sample backtest metrics
 * @param stage       where it stands
 * @param stageSince  when it got there
 * @param drift       the last drift verdict recorded (CANARY and PRODUCTION strategies), if any
 * @param evidence    out-of-sample significance, stress tests and buy-and-hold, as recorded at registration
 *                    (empty for versions registered before seedgrid recorded it)
 * @param trigger     why a re-evolution made it ({@code schedule}, {@code drift}, {@code decay}), if one did
 * @param share       the share of its name's capital it carries now: a CANARY its step's, the PRODUCTION version
 *                    the rest, any other 0; a consumer trades {@code share x position}
 */
public record RegisteredStrategy(
        String id,
        String name,
        SemVer version,
        Instant createdAt,
        Optional<String> runId,
        int rank,
        Optional<String> parentId,
        StrategyDefinition definition,
        EvolvedOn evolvedOn,
        Metrics inSample,
        Metrics outOfSample,
        StrategyStage stage,
        Instant stageSince,
        Optional<DriftReport> drift,
        Optional<OutOfSampleEvidence> evidence,
        Optional<String> trigger,
        double share) {

    public RegisteredStrategy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(evolvedOn, "evolvedOn");
        Objects.requireNonNull(inSample, "inSample");
        Objects.requireNonNull(outOfSample, "outOfSample");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(stageSince, "stageSince");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(trigger, "trigger");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must lie in [0, 1] but was " + share);
        }
    }

    /** Whether its signals are meant to be traded: CANARY or PRODUCTION. */
    public boolean live() {
        return stage == StrategyStage.CANARY || stage == StrategyStage.PRODUCTION;
    }

    /** Whether the live loop computes its signals on every bar: SHADOW, CANARY or PRODUCTION. */
    public boolean tracked() {
        return stage == StrategyStage.SHADOW || live();
    }

    /** Whether the last recorded drift check found it drifting. */
    public boolean drifting() {
        return drift.map(DriftReport::drifting).orElse(false);
    }
}
