/**
 * seedgrid runs: what an evolution run is once stored, the same for every front end (the command line's
 * {@code evolve}, the service's {@code POST /runs}).
 *
 * <ul>
 *   <li>{@link io.seedgrid.runs.RunManifest}: how a run was made (GA settings, fitness spec with its backtest
 *       settings whole, acceptance, data source and bar range, walk-forward plan, save plan, origin), stored as the
 *       run's configuration by {@link io.seedgrid.runs.RunJson}, the one codec of run records (manifest,
 *       checkpoints, results).</li>
 *   <li>{@link io.seedgrid.runs.RunRecorder}: records a run as it goes, holding its lease; ids come from
 *       {@link io.seedgrid.runs.RunIds} (unique by construction) and stores refuse to create a run twice.</li>
 *   <li>{@link io.seedgrid.runs.StoredRun}: a run read back, to resume it after its last checkpoint or to save its
 *       strategies.</li>
 * </ul>
 * It sits between storage and evolution (depending on both) and below every front end, so none of them builds run
 * JSON by hand.
 */
package io.seedgrid.runs;
