package io.seedgrid.runs;

import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A run read back from storage: its record, its manifest, and the checkpoints of the generations it completed (1,
 * 2, ... up to the first without one), from which it goes on as if it had never stopped.
 *
 * @param record      the stored run
 * @param manifest    how it was made
 * @param checkpoints its checkpoints in generation order, consecutive from generation 1
 */
public record StoredRun(RunRecord record, RunManifest manifest, List<Checkpoint> checkpoints) {

    public StoredRun {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(manifest, "manifest");
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * Reads run {@code runId}.
     *
     * @throws IllegalArgumentException when there is no such run, or its records cannot be read
     */
    public static StoredRun load(Store store, String runId) {
        RunRecord record = store.runs()
                .findRun(runId)
                .orElseThrow(() ->
                        new IllegalArgumentException("no run '" + runId + "' in " + store.backend() + " storage"));
        RunManifest manifest = RunJson.manifest(record);
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (GenerationRecord g : store.runs().generations(runId)) {
            if (g.populationJson() == null || g.generation() != checkpoints.size() + 1) {
                break; // a generation recorded without its checkpoint (or a gap): go on from the last one before
            }
            checkpoints.add(RunJson.checkpoint(g));
        }
        return new StoredRun(record, manifest, checkpoints);
    }

    public String runId() {
        return record.runId();
    }

    /**
     * Refuses what cannot be resumed: a completed run, a walk-forward run, and a run whose coordinator still holds
     * it (see {@link LeaseTerms#held}).
     *
     * @throws IllegalArgumentException for a completed or walk-forward run
     * @throws RunHeldException         when its coordinator is still there
     */
    public void requireResumable(LeaseTerms terms, Instant now) {
        if (record.status() == RunStatus.COMPLETED) {
            throw new IllegalArgumentException("run " + runId() + " already completed");
        }
        if (manifest.walkForward().isPresent()) {
            throw new IllegalArgumentException(
                    "run " + runId() + " is a walk-forward run, which cannot be resumed" + " yet; start it again");
        }
        if (terms.held(record, now)) {
            var lease = record.lease().orElseThrow();
            throw new RunHeldException("run " + runId() + " is still " + record.status() + ": its coordinator "
                    + lease.owner() + " beat "
                    + Math.max(0, now.toEpochMilli() - lease.beatAt().toEpochMilli()) / 1000
                    + " s ago; stop it first, or wait until its lease expires ("
                    + terms.expiresAfter().toSeconds()
                    + " s without a beat)");
        }
    }

    /** The bars it evolved on, loaded again (see {@link RunManifest#loadBars}). */
    public Bars loadBars(BarStore store) {
        return manifest.loadBars(store);
    }

    /**
     * The run going on after its checkpoints on {@code bars} (its own): the recorded settings whole; the caller
     * adds where fitness runs. It ends with the result the run would have had without stopping.
     */
    public EvolutionRun.Builder resumeBuilder(Bars bars) {
        return manifest.builder(bars).resumeFrom(checkpoints);
    }

    /** Its top strategies as recorded, in rank order. */
    public static List<RecordedResult> results(RunStore store, String runId) {
        List<RecordedResult> out = new ArrayList<>();
        for (StrategyRecord r : store.results(runId)) {
            out.add(RunJson.result(r));
        }
        return out;
    }
}
