package io.seedgrid.strategies.live;

import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.runs.RunJson;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStore;
import io.seedgrid.strategies.RegisteredStrategy;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a re-evolution repeats, read from the {@link RunManifest} of the run that evolved a registered strategy (every
 * front end records one): its eligible seeds, GA settings, backtest settings, minimum trades, parsimony and acceptance.
 * A strategy saved without a run takes the defaults, with its own seeds and backtest settings (stored whole with it).
 */
final class RunSettings {
    private RunSettings() {}

    /** The settings that evolved {@code strategy}, as a change to a run's builder. */
    static UnaryOperator<EvolutionRun.Builder> of(RunStore runs, RegisteredStrategy strategy) {
        Optional<RunManifest> manifest = strategy.runId().flatMap(runs::findRun).map(RunJson::manifest);
        if (manifest.isPresent()) {
            return manifest.get()::applyTo;
        }
        return b -> b.seeds(strategy.definition().seedNames().stream()
                        .map(Seeds::byName)
                        .toList())
                .settings(strategy.definition().settings());
    }

    /** The strategy name a run re-evolved (empty for other runs, and for runs whose manifest cannot be read). */
    static Optional<String> reevolved(RunRecord run) {
        try {
            RunManifest m = RunJson.manifest(run);
            return m.origin() == RunManifest.Origin.LIFECYCLE ? m.save().name() : Optional.empty();
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
