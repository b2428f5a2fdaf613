package io.seedgrid.storage;

import java.util.List;
import java.util.Optional;

/** Evolution runs, with their generations (the checkpoints) and top strategies. The rules of {@link Store} apply. */
public interface RunStore {

    /** Saves a run, replacing any stored run with the same id. */
    void saveRun(RunRecord run);

    /**
     * Sets a run's status and message (null clears it) and stamps its update time.
     *
     * @throws StorageException when no run has this id
     */
    void updateRunStatus(String runId, RunStatus status, String message);

    /**
     * Saves one generation of a run, replacing a stored generation with the same number.
     *
     * @throws StorageException when no run has this id
     */
    void saveGeneration(String runId, GenerationRecord generation);

    /**
     * Replaces a run's top strategies with {@code top} (ranks must be unique); an empty list clears them.
     *
     * @throws StorageException when no run has this id
     */
    void saveResults(String runId, List<StrategyRecord> top);

    /** The run with this id, if stored. */
    Optional<RunRecord> findRun(String runId);

    /** The {@code limit} most recently created runs, newest first (ties by id). */
    List<RunRecord> listRuns(int limit);

    /** A run's generations in generation order; empty for an unknown run. */
    List<GenerationRecord> generations(String runId);

    /** A run's top strategies in rank order; empty for an unknown run. */
    List<StrategyRecord> results(String runId);
}
