package io.seedgrid.service;

import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.NoEligibleSeedException;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.runs.Coordinator;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.LeaseTerms;
import io.seedgrid.runs.RunHeldException;
import io.seedgrid.runs.RunIds;
import io.seedgrid.runs.RunJson;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.runs.StoredRun;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evolution runs launched over HTTP: checked and gated when submitted (bad input is a 400 then, not a failed run
 * later), stored as QUEUED before the answer, run on a bounded executor ({@code maxRunningRuns} at once,
 * {@code maxQueuedRuns} waiting, beyond that refused), recorded by the {@link RunRecorder} every front end uses (each
 * generation with its checkpoint, the top strategies, how it ended), the best accepted strategy saved to the
 * registry. The service holds every run it accepted under a lease it beats; on start it takes over the runs of
 * services that are gone (marking running ones INTERRUPTED) and resumes them from their checkpoints, or runs the
 * queued ones; on close the running ones are INTERRUPTED and the queued ones stay QUEUED, for the next start.
 */
final class RunLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);
    private static final String STOPPED =
            "the service stopped during the run; it resumes when the service starts again";

    private final ServiceConfig config;
    private final Store store;
    private final StrategyRegistry registry;
    private final ServiceMetrics metrics;
    private final ExecutorService pool;
    private final RunRecorder.Builder recording;
    private final LeaseTerms terms = LeaseTerms.DEFAULT;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger(); // queued + running: what the capacity bounds
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closing;

    /** A run this service holds: queued until a slot is free, then running. */
    private static final class Job {
        final RunRecorder recorder;
        final EvolutionRun run;
        final Bars bars;
        final RunManifest manifest;
        final String startMessage;
        private boolean started;
        private boolean released;

        Job(RunRecorder recorder, EvolutionRun run, Bars bars, RunManifest manifest, String startMessage) {
            this.recorder = recorder;
            this.run = run;
            this.bars = bars;
            this.manifest = manifest;
            this.startMessage = startMessage;
        }

        synchronized boolean start() {
            started = !released;
            return started;
        }

        /** Gives a job that has not started back to storage (QUEUED, lease given up); false once it started. */
        synchronized boolean release() {
            if (started || released) {
                return false;
            }
            released = true;
            recorder.release();
            return true;
        }
    }

    RunLauncher(ServiceConfig config, Store store, StrategyRegistry registry, ServiceMetrics metrics) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.metrics = metrics;
        // runs and their leases keep real time (the configured clock is the registry's, which tests move)
        this.recording = RunRecorder.builder(store.runs())
                .coordinator(Coordinator.inThisProcess())
                .leaseTerms(terms)
                .clock(clock);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxRunningRuns(), r -> {
            Thread t = new Thread(r, "seedgrid-api-run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        recover();
    }

    /**
     * Checks the request against the data, gates the seeds, stores the run as QUEUED and queues it.
     *
     * @return the run id
     * @throws ApiException 400 naming the field, or 429 when the queue is full
     */
    String submit(RunRequest request) {
        Loaded data = bars(request);
        EvolutionRun run;
        try {
            EvolutionRun.Builder builder = EvolutionRun.builder(data.bars());
            request.slippageBps().ifPresentOrElse(builder::slippageBps, builder::slippageFromData);
            run = timed(builder.seeds(request.seeds())
                            .config(new RunConfig(
                                    request.population(),
                                    request.generations(),
                                    request.mutation(),
                                    request.crossover(),
                                    request.elite(),
                                    request.minFitness(),
                                    request.seed(),
                                    request.top()))
                            .fill(request.fill())
                            .feeBps(request.feeBps())
                            .allowShort(request.allowShort())
                            .outOfSampleFraction(request.outOfSampleFraction())
                            .minTrades(request.minTrades()))
                    .build();
        } catch (NoEligibleSeedException e) {
            throw ApiException.badRequest("seeds", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        if (!reserve()) {
            metrics.runs.labelValues("rejected").inc();
            throw new ApiException(
                    429,
                    null,
                    closing
                            ? "the service is shutting down"
                            : "busy: " + config.maxRunningRuns() + " run(s) computing and " + config.maxQueuedRuns()
                                    + " waiting; try again later");
        }
        try {
            RunManifest manifest = RunManifest.of(
                    RunManifest.Origin.API,
                    run,
                    data.source(),
                    data.bars(),
                    Optional.empty(),
                    request.saveBest() ? SavePlan.named(request.name()) : SavePlan.NONE);
            String runId = RunIds.next("api-", data.bars().symbol(), request.seed(), Optional.empty(), clock.instant());
            RunRecorder recorder = recording.create(runId, manifest, RunStatus.QUEUED); // stored before the 202
            queue(new Job(recorder, run, data.bars(), manifest, null));
            return runId;
        } catch (RuntimeException e) {
            accepted.decrementAndGet();
            gauges();
            throw e;
        }
    }

    /** One more run within {@code maxRunningRuns + maxQueuedRuns}, or false. */
    private boolean reserve() {
        int capacity = config.maxRunningRuns() + config.maxQueuedRuns();
        while (!closing) {
            int now = accepted.get();
            if (now >= capacity) {
                return false;
            }
            if (accepted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    private void queue(Job job) {
        jobs.put(job.recorder.runId(), job);
        pool.execute(() -> execute(job));
        gauges();
    }

    /** Where fitness runs: local threads, each genome timed for the latency histogram; stops at the next batch. */
    private EvolutionRun.Builder timed(EvolutionRun.Builder builder) {
        return builder.evaluators(
                (spec, ctx) -> new LocalEvaluator(spec.fitnessFunction(), ctx, config.evaluationThreads(), nanos -> {
                    metrics.evaluationSeconds.observe(nanos / 1e9);
                    metrics.evaluations.inc();
                }));
    }

    /** Bars and where they came from. */
    private record Loaded(DataSource source, Bars bars) {}

    private Loaded bars(RunRequest request) {
        List<SymbolSummary> stored = store.bars().listSymbols().stream()
                .filter(s -> s.symbol().equals(request.symbol()))
                .filter(s -> request.timeframe() == null || s.timeframe() == request.timeframe())
                .toList();
        if (stored.size() > 1) {
            throw ApiException.badRequest(
                    "timeframe",
                    request.symbol() + " is stored in several timeframes "
                            + stored.stream().map(s -> s.timeframe().label()).toList() + ": choose one");
        }
        if (stored.size() == 1) {
            DataSource source =
                    DataSource.stored(request.symbol(), stored.get(0).timeframe());
            return new Loaded(
                    source,
                    store.bars().readBars(request.symbol(), stored.get(0).timeframe()));
        }
        if (BundledData.contains(request.symbol())) {
            Bars bundled = BundledData.load(request.symbol());
            if (request.timeframe() != null && request.timeframe() != bundled.timeframe()) {
                throw ApiException.badRequest(
                        "timeframe",
                        "bundled " + bundled.symbol() + " is " + bundled.timeframe() + " data, not "
                                + request.timeframe());
            }
            return new Loaded(DataSource.bundled(bundled.symbol(), bundled.timeframe()), bundled);
        }
        throw ApiException.badRequest(
                "symbol",
                "no stored bars of '" + request.symbol() + "'"
                        + (request.timeframe() != null ? " " + request.timeframe() : "")
                        + " and no bundled data by that name (bundled: " + BundledData.symbols() + ")");
    }

    private void execute(Job job) {
        if (!job.start()) {
            return; // given back at close
        }
        running.incrementAndGet();
        gauges();
        RunRecorder recorder = job.recorder;
        String runId = recorder.runId();
        try {
            recorder.running(job.startMessage);
            RunResult result = job.run.run(g -> metrics.generations.inc(), recorder::generation);
            recorder.results(result.top());
            // registered before the run reads as COMPLETED, so whoever sees it completed sees what it saved
            Optional<RankedStrategy> best = result.bestAccepted();
            SavePlan save = job.manifest.save();
            if (save.register() && best.isPresent()) {
                RegisteredStrategy saved = registry.save(new NewStrategy(
                        save.name().orElseGet(() -> NewStrategy.defaultName(job.bars.symbol(), job.bars.timeframe())),
                        StrategyDefinition.of(
                                best.get().strategy(), result.spec().settings()),
                        job.bars,
                        runId,
                        best.get().rank(),
                        "api",
                        result.top().size()));
                LOG.info("run {} completed; saved {}", runId, saved.id());
            }
            recorder.completed();
            metrics.runs.labelValues("completed").inc();
        } catch (RunHeldException e) {
            LOG.warn("run {} stops here: {}", runId, e.getMessage());
        } catch (RuntimeException | Error e) {
            // clears the flag: interruptible file channels (the shared directory) refuse writes while it is set
            boolean interrupted = Thread.interrupted() | closing;
            metrics.runs.labelValues(interrupted ? "interrupted" : "failed").inc();
            if (interrupted) {
                recorder.interrupted(STOPPED);
            } else {
                metrics.errors.labelValues("run").inc();
                LOG.warn("run {} failed: {}", runId, e.toString());
                recorder.failed(e);
            }
        } finally {
            recorder.close();
            jobs.remove(runId);
            accepted.decrementAndGet();
            running.decrementAndGet();
            gauges();
        }
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Takes over the runs whose coordinator is gone: the service's own (queued, running or interrupted when their
     * service stopped) are marked INTERRUPTED (running ones) or stay QUEUED, and go into the queue to resume from
     * their checkpoints, oldest first, however full the queue is (they were accepted already); a command line's
     * run left RUNNING by a process that died is marked INTERRUPTED, for {@code seedgrid evolve --resume}.
     */
    private void recover() {
        List<RunRecord> candidates;
        try {
            candidates =
                    store.runs().runsWithStatus(EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.INTERRUPTED));
        } catch (StorageException e) {
            LOG.warn("cannot look for runs to resume: {}", e.getMessage());
            return;
        }
        Instant now = clock.instant();
        for (RunRecord record : candidates) {
            Optional<String> gone = terms.why(record, now);
            if (gone.isEmpty()) {
                continue; // its coordinator is there: not ours to take
            }
            try {
                StoredRun stored = StoredRun.load(store, record.runId());
                if (stored.manifest().origin() == RunManifest.Origin.API
                        && stored.manifest().walkForward().isEmpty()) {
                    adopt(stored, gone.get());
                } else if (record.status() == RunStatus.RUNNING) {
                    RunRecorder marked = recording.takeOver(
                            stored,
                            RunStatus.INTERRUPTED,
                            "its coordinator is gone (" + gone.get() + "); resume it with 'seedgrid evolve --resume "
                                    + record.runId() + "'");
                    marked.release();
                    LOG.info("run {} marked INTERRUPTED: {}", record.runId(), gone.get());
                }
            } catch (RunHeldException e) {
                LOG.info("run {} is someone else's: {}", record.runId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("run {} cannot be resumed: {}", record.runId(), e.getMessage());
            }
        }
    }

    private void adopt(StoredRun stored, String gone) {
        String runId = stored.runId();
        int after = stored.checkpoints().size();
        boolean wasQueued = stored.record().status() == RunStatus.QUEUED;
        RunRecorder recorder = recording.takeOver(
                stored,
                wasQueued ? RunStatus.QUEUED : RunStatus.INTERRUPTED,
                (wasQueued ? "queued; taken over from a service that is gone: " : "interrupted: ") + gone
                        + "; resumes when a slot is free");
        try {
            Bars bars = stored.loadBars(store.bars());
            EvolutionRun run = timed(stored.resumeBuilder(bars)).build();
            if (!run.spec().equals(stored.manifest().spec())) {
                throw new IllegalStateException("rebuilt on its bars, its fitness settings differ from those recorded");
            }
            accepted.incrementAndGet();
            queue(new Job(
                    recorder,
                    run,
                    bars,
                    stored.manifest(),
                    after == 0 ? "started after its service stopped" : "resumed after generation " + after));
            LOG.info("run {} {} (after generation {}): {}", runId, wasQueued ? "re-queued" : "resumes", after, gone);
        } catch (RuntimeException e) {
            recorder.failed(new IllegalStateException("cannot be resumed: " + e.getMessage(), e));
            recorder.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- views

    private void gauges() {
        int now = running.get();
        metrics.runsActive.set(now);
        metrics.runsQueued.set(Math.max(0, accepted.get() - now));
    }

    int runningCount() {
        return running.get();
    }

    int queuedCount() {
        return Math.max(0, accepted.get() - running.get());
    }

    /**
     * A run's status and progress, from storage. QUEUED and RUNNING mean someone holds the run: one whose
     * coordinator is gone reads INTERRUPTED, with the reason.
     */
    Optional<Map<String, Object>> status(String runId) {
        Optional<RunRecord> stored = store.runs().findRun(runId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = stored.get();
        Optional<RunManifest> manifest = manifest(run);
        int total = manifest.map(m -> m.ga().generations()).orElse(0);
        List<GenerationRecord> gens = store.runs().generations(runId);
        Map<String, Object> v = summary(run);
        v.put("seed", run.seed());
        v.put("source", manifest.map(m -> m.origin().label()).orElse(null));
        v.put("generations_total", total > 0 ? total : null);
        v.put("generations_done", gens.size());
        v.put(
                "progress",
                run.status() == RunStatus.COMPLETED
                        ? 1.0
                        : total > 0 ? Math.min(1.0, (double) gens.size() / total) : null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GenerationRecord g : gens) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("generation", g.generation());
            row.put("best_fitness", ApiJson.finite(g.bestFitness()));
            row.put("mean_fitness", ApiJson.finite(g.meanFitness()));
            row.put("evaluations", g.evaluations());
            row.put("duration_ms", g.durationMillis());
            rows.add(row);
        }
        v.put("generations", rows);
        List<Map<String, Object>> results = new ArrayList<>();
        for (StrategyRecord s : store.runs().results(runId)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", s.rank());
            row.put("fitness", ApiJson.finite(s.fitness()));
            row.put("accepted", s.accepted());
            row.put("strategy", ApiJson.tree(s.genesJson()));
            row.put("in_sample", s.inSampleJson() == null ? null : ApiJson.tree(s.inSampleJson()));
            row.put("out_of_sample", s.outOfSampleJson() == null ? null : ApiJson.tree(s.outOfSampleJson()));
            results.add(row);
        }
        v.put("results", results);
        v.put(
                "saved_strategies",
                registry.list().stream()
                        .filter(s -> s.runId().filter(runId::equals).isPresent())
                        .map(RegisteredStrategy::id)
                        .toList());
        return Optional.of(v);
    }

    /** The run's manifest, read as every reader of runs reads it; empty for a configuration that cannot be read. */
    static Optional<RunManifest> manifest(RunRecord run) {
        try {
            return Optional.of(RunJson.manifest(run));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** Where a run stands for its readers, with why: see {@link #standing}. */
    record Standing(RunStatus status, String message) {
        /** Whether no one will add to the run (until it is resumed). */
        boolean ended() {
            return !status.unfinished();
        }
    }

    /** Where {@code r} stands: as recorded, except that a QUEUED or RUNNING run no one holds is INTERRUPTED. */
    Standing standing(RunRecord r) {
        Optional<String> gone = r.status().unfinished() ? terms.why(r, clock.instant()) : Optional.empty();
        return gone.map(g -> new Standing(
                        RunStatus.INTERRUPTED, "recorded as " + r.status() + " but no one is working on it: " + g))
                .orElseGet(() -> new Standing(r.status(), r.message()));
    }

    /** Identity, where it stands (see {@link #standing}) and who holds it. */
    private Map<String, Object> summary(RunRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", r.runId());
        Standing standing = standing(r);
        v.put("status", standing.status());
        v.put("message", standing.message());
        v.put("symbol", r.symbol());
        v.put("timeframe", r.timeframe().label());
        v.put("created", r.createdAt());
        v.put("updated", r.updatedAt());
        v.put("coordinator", r.lease().map(l -> l.owner()).orElse(null));
        v.put(
                "last_beat",
                r.lease()
                        .map(l -> l.beatAt())
                        .filter(t -> !t.equals(Instant.EPOCH))
                        .orElse(null));
        return v;
    }

    /** Recent runs, newest first. */
    List<Map<String, Object>> recent(int limit) {
        return store.runs().listRuns(limit).stream().map(this::summary).toList();
    }

    /** Queued runs go back to storage as QUEUED; running ones stop at their next batch and are INTERRUPTED. */
    @Override
    public void close() {
        closing = true;
        for (Job job : jobs.values()) {
            if (job.release()) {
                LOG.info("run {} stays queued for the next start", job.recorder.runId());
            }
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("evolution runs did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.values().forEach(Job::release); // queued while closing: never started, back to storage too
    }
}
