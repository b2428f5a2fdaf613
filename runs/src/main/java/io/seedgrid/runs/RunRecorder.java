package io.seedgrid.runs;

import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one run in storage as it goes, for every front end: created (QUEUED or RUNNING, with its
 * {@link RunManifest}) or taken over from a coordinator that is gone, each generation with its checkpoint, its top
 * strategies, and how it ended (COMPLETED, FAILED with the reason, INTERRUPTED). While it records, it holds the
 * run's lease and beats it every {@link LeaseTerms#beatEvery}; when it ends, it gives the lease up. If another
 * coordinator took the run over meanwhile (this one was silent too long), it writes nothing more and
 * {@link #generation} stops the run with {@link RunHeldException}.
 *
 * <pre>{@code
 * try (RunRecorder recorder = RunRecorder.builder(store.runs()).create(runId, manifest, RunStatus.RUNNING)) {
 *     RunResult result = run.run(stats -> { }, recorder::generation);
 *     recorder.results(result.top());
 *     recorder.completed();
 * } // closed without an ending: FAILED
 * }</pre>
 */
public final class RunRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private static final ScheduledThreadPoolExecutor BEATS = beats();

    private final RunStore store;
    private final String runId;
    private final Clock clock;
    private final RunLease lease;
    private final ScheduledFuture<?> beating;
    private final Thread interruptHook;
    private volatile boolean lost;
    private volatile boolean finished;

    private RunRecorder(Builder b, String runId, RunLease lease) {
        this.store = b.store;
        this.runId = runId;
        this.clock = b.clock;
        this.lease = lease;
        long period = b.terms.beatEvery().toMillis();
        this.beating = BEATS.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        if (b.interruptOnShutdown) {
            interruptHook = new Thread(
                    () -> {
                        if (!finished) {
                            finish(RunStatus.INTERRUPTED, "the process was stopped during the run");
                        }
                    },
                    "seedgrid-run-interrupted");
            Runtime.getRuntime().addShutdownHook(interruptHook);
        } else {
            interruptHook = null;
        }
    }

    public static Builder builder(RunStore store) {
        return new Builder(store);
    }

    public String runId() {
        return runId;
    }

    /** The lease this recorder holds (its owner and epoch). */
    public RunLease lease() {
        return lease;
    }

    /** Marks the run RUNNING (e.g. a queued run starting), with an optional message. */
    public void running(String message) {
        if (!lost) {
            store.updateRunStatus(runId, RunStatus.RUNNING, message);
        }
    }

    /**
     * Saves a completed generation with its checkpoint, from which the run can go on after a stop.
     *
     * @throws RunHeldException when another coordinator took the run over: this one must stop
     */
    public void generation(Checkpoint checkpoint) {
        if (lost) {
            throw new RunHeldException("run " + runId + " was taken over by another coordinator while this one was"
                    + " silent; this one stops");
        }
        GenerationStats g = checkpoint.stats();
        store.saveGeneration(
                runId,
                new GenerationRecord(
                        g.generation(),
                        g.bestFitness(),
                        g.meanFitness(),
                        g.evaluations(),
                        g.durationMillis(),
                        RunJson.checkpoint(checkpoint)));
    }

    /** Saves the run's top strategies (whole: replaces any saved before). */
    public void results(List<RankedStrategy> top) {
        if (!lost) {
            store.saveResults(runId, top.stream().map(RunJson::result).toList());
        }
    }

    public void completed() {
        finish(RunStatus.COMPLETED, null);
    }

    /** Ends the recording as COMPLETED with a note (e.g. jobs that failed over); null for none. */
    public void completed(String note) {
        finish(RunStatus.COMPLETED, note);
    }

    public void failed(Throwable cause) {
        finish(RunStatus.FAILED, String.valueOf(cause.getMessage()));
    }

    /** Ends the recording as INTERRUPTED: the run can be resumed from its last checkpoint. */
    public void interrupted(String why) {
        finish(RunStatus.INTERRUPTED, why);
    }

    /**
     * Stops recording without ending the run: its status stays as it is (e.g. QUEUED) and the lease is given up,
     * so the next coordinator may take it over at once.
     */
    public void release() {
        stop();
        giveUp();
    }

    /** Whether another coordinator took the run over from this one. */
    public boolean lost() {
        return lost;
    }

    private synchronized void finish(RunStatus status, String message) {
        if (finished) {
            return;
        }
        stop();
        if (lost) {
            return; // the run is another coordinator's now
        }
        try {
            store.updateRunStatus(runId, status, message);
        } catch (StorageException e) {
            LOG.warn("could not record run {} as {}: {}", runId, status, e.getMessage());
        }
        giveUp();
    }

    private synchronized void stop() {
        finished = true;
        beating.cancel(false);
    }

    private void giveUp() {
        try {
            store.beatRun(runId, lease, Instant.EPOCH);
        } catch (StorageException | IllegalStateException e) {
            LOG.warn("could not give up the lease of run {}: {}", runId, e.getMessage());
        }
    }

    private void beat() {
        if (finished || lost) {
            return;
        }
        try {
            if (!store.beatRun(runId, lease, clock.instant())) {
                lost = true;
                beating.cancel(false);
                LOG.warn("run {} was taken over by another coordinator; {} stops recording it", runId, lease.owner());
            }
        } catch (StorageException | IllegalStateException e) { // storage down, or closed: try again next time
            LOG.warn("could not beat the lease of run {}: {}", runId, e.getMessage());
        }
    }

    /** Ends an unended recording as FAILED, stops beating. */
    @Override
    public void close() {
        if (!finished) {
            finish(RunStatus.FAILED, "the run ended without a result");
        }
        stop();
        if (interruptHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(interruptHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private static ScheduledThreadPoolExecutor beats() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "seedgrid-run-lease");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    /**
     * How runs are recorded: on a store, by a {@link Coordinator} (default: a new one in this process), under
     * {@link LeaseTerms#DEFAULT}, on the system clock; optionally marking the run INTERRUPTED when the JVM stops
     * (a command line's Ctrl-C).
     */
    public static final class Builder {
        private final RunStore store;
        private Coordinator coordinator = Coordinator.inThisProcess();
        private LeaseTerms terms = LeaseTerms.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Clock createdBy;
        private boolean interruptOnShutdown;

        private Builder(RunStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder coordinator(Coordinator value) {
            coordinator = Objects.requireNonNull(value, "coordinator");
            return this;
        }

        public Builder leaseTerms(LeaseTerms value) {
            terms = Objects.requireNonNull(value, "terms");
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The clock that stamps when a run was created, when it is not the lease's (a replay stamps its runs with
         * replayed time while their leases keep the wall clock that other processes judge them by).
         */
        public Builder createdAt(Clock value) {
            createdBy = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Records the run as INTERRUPTED if the JVM stops before it ends (Ctrl-C, SIGTERM). */
        public Builder interruptOnShutdown() {
            interruptOnShutdown = true;
            return this;
        }

        /**
         * Creates run {@code runId} with {@code manifest} as its configuration, in {@code status}, holding its first
         * lease.
         *
         * @throws RunExistsException when the id is taken (ids from {@link RunIds} never are)
         */
        public RunRecorder create(String runId, RunManifest manifest, RunStatus status) {
            if (!status.unfinished()) {
                throw new IllegalArgumentException("a run is created QUEUED or RUNNING, not " + status);
            }
            Instant now = clock.instant();
            RunLease lease = RunLease.first(coordinator.id(), now);
            store.saveRun(new RunRecord(
                    runId,
                    createdBy == null ? now : createdBy.instant(),
                    manifest.symbol(),
                    manifest.timeframe(),
                    manifest.ga().randomSeed(),
                    status,
                    RunJson.manifest(manifest),
                    lease));
            return new RunRecorder(this, runId, lease);
        }

        /**
         * Takes over a stored run whose coordinator is gone, setting its status and message with the new lease, at
         * once.
         *
         * @throws IllegalArgumentException when it cannot be resumed (see {@link StoredRun#requireResumable})
         * @throws RunHeldException         when its coordinator still holds it, or another one took it over first
         */
        public RunRecorder takeOver(StoredRun run, RunStatus status, String message) {
            run.requireResumable(terms, clock.instant());
            RunRecord record = run.record();
            RunLease next = new RunLease(coordinator.id(), record.leaseEpoch() + 1, clock.instant());
            if (!store.takeOverRun(record.runId(), record.leaseEpoch(), next, status, message)) {
                throw new RunHeldException("run " + record.runId() + " was taken over by another coordinator just now");
            }
            return new RunRecorder(this, record.runId(), next);
        }
    }
}
