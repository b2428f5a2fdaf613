package io.seedgrid.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Evolution runs, with their generations (the checkpoints) and top strategies. The rules of {@link Store} apply. */
public interface RunStore {

    /**
     * Creates a run. Never replaces anything: when a run with this id is stored already (whatever its state),
     * nothing is written and {@link RunExistsException} is thrown, so two coordinators can never share one record.
     * Atomic across processes on every backend.
     *
     * @throws RunExistsException when the id is taken
     */
    void saveRun(RunRecord run);

    /**
     * Sets a run's status and message (null clears it) and stamps its update time.
     *
     * @throws StorageException when no run has this id
     */
    void updateRunStatus(String runId, RunStatus status, String message);

    /**
     * A beat of the coordinator holding a run: stamps the last beat of the stored lease with {@code at}, provided
     * the stored lease is still {@code lease} (same owner and epoch). {@link Instant#EPOCH} gives the lease
     * up: it then reads as stale to everyone.
     *
     * @return true when stamped; false when the run has no lease or was taken over (another owner or epoch)
     * @throws StorageException when no run has this id
     */
    boolean beatRun(String runId, RunLease lease, Instant at);

    /**
     * Takes a run over, a compare-and-set on its lease: when the stored lease's epoch is still
     * {@code expectedEpoch} (0 for a run without a lease), the lease becomes {@code next} and the run's status and
     * message are set, together. Of several coordinators taking over the same lease, exactly one succeeds.
     *
     * @param next its epoch must be {@code expectedEpoch + 1}
     * @return true when taken over; false when the stored epoch is another (someone else took it first)
     * @throws StorageException when no run has this id
     */
    boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message);

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

    /** Every run whose status is one of {@code statuses}, oldest first (ties by id): e.g. the unfinished ones. */
    List<RunRecord> runsWithStatus(Set<RunStatus> statuses);

    /** A run's generations in generation order; empty for an unknown run. */
    List<GenerationRecord> generations(String runId);

    /** A run's top strategies in rank order; empty for an unknown run. */
    List<StrategyRecord> results(String runId);
}
