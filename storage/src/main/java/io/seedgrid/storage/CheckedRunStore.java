package io.seedgrid.storage;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The runs of a {@link CheckedStore}: arguments checked and normalised once, so backends can trust them. */
final class CheckedRunStore implements RunStore {
    private final Guard guard;
    private final RunStore backend;

    CheckedRunStore(Guard guard, RunStore backend) {
        this.guard = guard;
        this.backend = backend;
    }

    @Override
    public void saveRun(RunRecord run) {
        Objects.requireNonNull(run, "run");
        guard.run(() -> backend.saveRun(run), "save run " + run.runId());
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        Checks.id("run id", runId);
        Objects.requireNonNull(status, "status");
        guard.run(() -> backend.updateRunStatus(runId, status, message), "update run " + runId);
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord generation) {
        Checks.id("run id", runId);
        Objects.requireNonNull(generation, "generation");
        guard.run(() -> backend.saveGeneration(runId, generation),
                "save generation " + generation.generation() + " of run " + runId);
    }

    @Override
    public void saveResults(String runId, List<StrategyRecord> top) {
        Checks.id("run id", runId);
        Objects.requireNonNull(top, "top");
        Set<Integer> ranks = new HashSet<>();
        for (StrategyRecord s : top) {
            Objects.requireNonNull(s, "strategy record");
            if (!ranks.add(s.rank())) {
                throw new IllegalArgumentException("rank " + s.rank() + " appears twice in the results of run " + runId);
            }
        }
        List<StrategyRecord> sorted = top.stream().sorted(Comparator.comparingInt(StrategyRecord::rank)).toList();
        guard.run(() -> backend.saveResults(runId, sorted), "save results of run " + runId);
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        Checks.id("run id", runId);
        return guard.call("find run " + runId, () -> backend.findRun(runId));
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        Checks.limit(limit);
        return List.copyOf(guard.call("list runs", () -> backend.listRuns(limit)));
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        Checks.id("run id", runId);
        return List.copyOf(guard.call("read generations of run " + runId, () -> backend.generations(runId)));
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        Checks.id("run id", runId);
        return List.copyOf(guard.call("read results of run " + runId, () -> backend.results(runId)));
    }
}
