package io.seedgrid.storage;

import io.seedgrid.storage.internal.Texts;
import java.time.Instant;
import java.util.ArrayList;
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
    public boolean beatRun(String runId, RunLease lease, Instant at) {
        Checks.id("run id", runId);
        Objects.requireNonNull(lease, "lease");
        Instant beat = Checks.millis("at", at);
        return guard.call("beat run " + runId, () -> backend.beatRun(runId, lease, beat));
    }

    @Override
    public boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message) {
        Checks.id("run id", runId);
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(status, "status");
        if (expectedEpoch < 0 || next.epoch() != expectedEpoch + 1) {
            throw new IllegalArgumentException("the lease taking over from epoch " + expectedEpoch + " must have epoch "
                    + (expectedEpoch + 1) + " but has " + next.epoch());
        }
        return guard.call(
                "take over run " + runId, () -> backend.takeOverRun(runId, expectedEpoch, next, status, message));
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord generation) {
        Checks.id("run id", runId);
        Objects.requireNonNull(generation, "generation");
        guard.run(
                () -> backend.saveGeneration(runId, generation),
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
                throw new IllegalArgumentException(
                        "rank " + s.rank() + " appears twice in the results of run " + runId);
            }
        }
        List<StrategyRecord> sorted = top.stream()
                .sorted(Comparator.comparingInt(StrategyRecord::rank))
                .toList();
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
    public List<RunRecord> runsWithStatus(Set<RunStatus> statuses) {
        Objects.requireNonNull(statuses, "statuses");
        statuses.forEach(s -> Objects.requireNonNull(s, "status"));
        if (statuses.isEmpty()) {
            guard.open();
            return List.of();
        }
        Set<RunStatus> wanted = Set.copyOf(statuses);
        List<RunRecord> list = new ArrayList<>(guard.call("list runs by status", () -> backend.runsWithStatus(wanted)));
        list.sort(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
        return List.copyOf(list);
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
