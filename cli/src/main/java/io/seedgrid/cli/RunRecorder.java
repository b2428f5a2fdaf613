package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a run in the configured storage as it goes: RUNNING with its config at the start, each generation as it
 * completes, the top strategies and COMPLETED at the end, FAILED with the reason on an error, and INTERRUPTED when
 * the process is stopped (Ctrl-C) mid-run, so no run is lost without a trace.
 */
final class RunRecorder implements AutoCloseable {
    private final RunStore runs;
    private final String runId;
    private final PrintWriter warnings;
    private final Thread interruptHook;
    private volatile boolean finished;

    RunRecorder(RunStore runs, String runId, Instant created, Bars bars, long seed, Object config, PrintWriter warnings) {
        this(runs, runId, warnings);
        runs.saveRun(new RunRecord(runId, created, bars.symbol(), bars.timeframe(), seed, RunStatus.RUNNING,
                Json.write(config)));
    }

    /** Records the resumption of a stored run: RUNNING again, with the generation it goes on after. */
    static RunRecorder resume(RunStore runs, String runId, int afterGeneration, PrintWriter warnings) {
        runs.updateRunStatus(runId, RunStatus.RUNNING, "resumed after generation " + afterGeneration);
        return new RunRecorder(runs, runId, warnings);
    }

    private RunRecorder(RunStore runs, String runId, PrintWriter warnings) {
        this.runs = runs;
        this.runId = runId;
        this.warnings = warnings;
        this.interruptHook = new Thread(() -> {
            if (!finished) {
                finish(RunStatus.INTERRUPTED, "the process was stopped during the run");
            }
        }, "seedgrid-run-interrupted");
        Runtime.getRuntime().addShutdownHook(interruptHook);
    }

    /** Saves a completed generation with its checkpoint, from which {@code evolve --resume} goes on. */
    void generation(Checkpoint checkpoint) {
        GenerationStats g = checkpoint.stats();
        runs.saveGeneration(runId, new GenerationRecord(g.generation(), g.bestFitness(), g.meanFitness(),
                g.evaluations(), g.durationMillis(), Json.write(checkpoint)));
    }

    void completed(List<RankedStrategy> top) {
        List<StrategyRecord> records = new ArrayList<>();
        for (RankedStrategy r : top) {
            records.add(new StrategyRecord(r.rank(), Json.write(Views.strategy(r.strategy())),
                    Json.write(r.fitness().inSample()), Json.write(r.fitness().outOfSample()), r.fitness().value(),
                    r.accepted()));
        }
        runs.saveResults(runId, records);
        finish(RunStatus.COMPLETED, null);
    }

    void failed(Throwable cause) {
        finish(RunStatus.FAILED, String.valueOf(cause.getMessage()));
    }

    private synchronized void finish(RunStatus status, String message) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            runs.updateRunStatus(runId, status, message);
        } catch (StorageException e) {
            warnings.println("warning: could not record run " + runId + " as " + status + ": " + e.getMessage());
            warnings.flush();
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finish(RunStatus.FAILED, "the run ended without a result");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(interruptHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
