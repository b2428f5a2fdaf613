package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.NoEligibleSeedException;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.ResultJson;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evolution runs launched over HTTP: checked and gated when submitted (bad input is a 400 then, not a failed run
 * later), run on a bounded executor ({@code maxRunningRuns} at once, {@code maxQueuedRuns} waiting, beyond that
 * refused), recorded in storage as the command line records them (RUNNING, each generation, the top strategies,
 * COMPLETED or FAILED or INTERRUPTED), and the best accepted strategy saved to the registry.
 */
final class RunLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceConfig config;
    private final Store store;
    private final StrategyRegistry registry;
    private final ServiceMetrics metrics;
    private final ThreadPoolExecutor pool;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closing;

    /** A run this process accepted and has not finished. */
    private static final class Pending {
        final String runId;
        final RunRequest request;
        final Instant submitted;
        volatile boolean started;

        Pending(String runId, RunRequest request, Instant submitted) {
            this.runId = runId;
            this.request = request;
            this.submitted = submitted;
        }
    }

    RunLauncher(ServiceConfig config, Store store, StrategyRegistry registry, ServiceMetrics metrics) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.maxRunningRuns(), config.maxRunningRuns(), 0, TimeUnit.SECONDS,
                config.maxQueuedRuns() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(config.maxQueuedRuns()),
                r -> {
                    Thread t = new Thread(r, "seedgrid-api-run-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Checks the request against the data, gates the seeds and queues the run.
     *
     * @return the run id
     * @throws ApiException 400 naming the field, or 429 when the queue is full
     */
    String submit(RunRequest request) {
        Bars bars = bars(request);
        EvolutionRun run;
        try {
            EvolutionRun.Builder builder = EvolutionRun.builder(bars);
            request.slippageBps().ifPresentOrElse(builder::slippageBps, builder::slippageFromData);
            run = builder.seeds(request.seeds())
                    .config(new RunConfig(request.population(), request.generations(), request.mutation(),
                            request.crossover(), request.elite(), request.minFitness(), request.seed(), request.top()))
                    .fill(request.fill()).feeBps(request.feeBps()).allowShort(request.allowShort())
                    .outOfSampleFraction(request.outOfSampleFraction()).minTrades(request.minTrades())
                    // Timed per genome for the latency histogram; an interrupted run stops at its next batch.
                    .evaluators((spec, ctx) -> new LocalEvaluator(spec.fitnessFunction(), ctx,
                            config.evaluationThreads(), nanos -> {
                                metrics.evaluationSeconds.observe(nanos / 1e9);
                                metrics.evaluations.inc();
                            }))
                    .build();
        } catch (NoEligibleSeedException e) {
            throw ApiException.badRequest("seeds", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        Instant now = config.clock().instant();
        String runId = "api-" + RUN_TIME.format(now) + "-" + bars.symbol().replaceAll("[^A-Za-z0-9]", "_") + "-s"
                + request.seed() + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(3));
        Pending p = new Pending(runId, request, now);
        pending.put(runId, p);
        try {
            pool.execute(() -> execute(p, run, bars));
        } catch (RejectedExecutionException e) {
            pending.remove(runId);
            metrics.runs.labelValues("rejected").inc();
            throw new ApiException(429, null, closing ? "the service is shutting down"
                    : "busy: " + config.maxRunningRuns() + " run(s) computing and " + config.maxQueuedRuns()
                            + " waiting; try again later");
        }
        gauges();
        return runId;
    }

    private Bars bars(RunRequest request) {
        List<SymbolSummary> stored = store.bars().listSymbols().stream().filter(s -> s.symbol().equals(request.symbol()))
                .filter(s -> request.timeframe() == null || s.timeframe() == request.timeframe()).toList();
        if (stored.size() > 1) {
            throw ApiException.badRequest("timeframe", request.symbol() + " is stored in several timeframes "
                    + stored.stream().map(s -> s.timeframe().label()).toList() + ": choose one");
        }
        if (stored.size() == 1) {
            return store.bars().readBars(request.symbol(), stored.get(0).timeframe());
        }
        if (BundledData.contains(request.symbol())) {
            Bars bundled = BundledData.load(request.symbol());
            if (request.timeframe() != null && request.timeframe() != bundled.timeframe()) {
                throw ApiException.badRequest("timeframe", "bundled " + bundled.symbol() + " is "
                        + bundled.timeframe() + " data, not " + request.timeframe());
            }
            return bundled;
        }
        throw ApiException.badRequest("symbol", "no stored bars of '" + request.symbol() + "'"
                + (request.timeframe() != null ? " " + request.timeframe() : "")
                + " and no bundled data by that name (bundled: " + BundledData.symbols() + ")");
    }

    private void execute(Pending p, EvolutionRun run, Bars bars) {
        p.started = true;
        running.incrementAndGet();
        gauges();
        RunRequest r = p.request;
        boolean recorded = false;
        try {
            store.runs().saveRun(new RunRecord(p.runId, config.clock().instant(), bars.symbol(), bars.timeframe(), r.seed(),
                    RunStatus.RUNNING, ApiJson.write(recordedConfig(run, bars), false)));
            recorded = true;
            RunResult result = run.run(g -> {
                store.runs().saveGeneration(p.runId, new GenerationRecord(g.generation(), g.bestFitness(), g.meanFitness(),
                        g.evaluations(), g.durationMillis(), null));
                metrics.generations.inc();
            });
            BacktestSettings settings = result.spec().settings();
            List<StrategyRecord> top = new ArrayList<>();
            for (RankedStrategy s : result.top()) {
                top.add(new StrategyRecord(s.rank(), ResultJson.strategy(s.strategy(), settings),
                        ResultJson.metrics(s.fitness().inSample()), ResultJson.metrics(s.fitness().outOfSample()),
                        s.fitness().value(), s.accepted()));
            }
            store.runs().saveResults(p.runId, top);
            // registered before the run reads as COMPLETED, so whoever sees it completed sees what it saved
            Optional<RankedStrategy> best = result.bestAccepted();
            if (r.saveBest() && best.isPresent()) {
                RegisteredStrategy saved = registry.save(new NewStrategy(r.name() != null ? r.name()
                        : NewStrategy.defaultName(bars.symbol(), bars.timeframe()),
                        StrategyDefinition.of(best.get().strategy(), settings), bars, p.runId, best.get().rank(), "api",
                        result.top().size()));
                LOG.info("run {} completed; saved {}", p.runId, saved.id());
            }
            store.runs().updateRunStatus(p.runId, RunStatus.COMPLETED, null);
            metrics.runs.labelValues("completed").inc();
        } catch (RuntimeException | Error e) {
            boolean interrupted = closing || Thread.currentThread().isInterrupted();
            metrics.runs.labelValues(interrupted ? "interrupted" : "failed").inc();
            if (!interrupted) {
                metrics.errors.labelValues("run").inc();
                LOG.warn("run {} failed: {}", p.runId, e.toString());
            }
            if (recorded) {
                try {
                    store.runs().updateRunStatus(p.runId, interrupted ? RunStatus.INTERRUPTED : RunStatus.FAILED,
                            interrupted ? "the service stopped during the run" : String.valueOf(e.getMessage()));
                } catch (RuntimeException again) {
                    LOG.warn("could not record run {} as failed: {}", p.runId, again.getMessage());
                }
            }
        } finally {
            pending.remove(p.runId);
            running.decrementAndGet();
            gauges();
        }
    }

    /** What a stored run says about how it was made, in the command line's shape (so strategies can be saved). */
    private static Map<String, Object> recordedConfig(EvolutionRun run, Bars bars) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ga", run.config());
        EvaluationSpec spec = run.spec();
        config.put("fitness", spec);
        config.put("walk_forward", null);
        config.put("anchored", false);
        config.put("data", bars.symbol());
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("first_bar", bars.endTime(0).toString());
        range.put("last_bar", bars.endTime(bars.size() - 1).toString());
        range.put("count", bars.size());
        config.put("bars", range);
        config.put("source", "api");
        List<String> keptOut = run.gating().stream().filter(g -> !g.eligible()).map(GateDecision::seed).toList();
        config.put("kept_out", keptOut);
        return config;
    }

    private void gauges() {
        metrics.runsActive.set(running.get());
        metrics.runsQueued.set(pool.getQueue().size());
    }

    int runningCount() {
        return running.get();
    }

    int queuedCount() {
        return pool.getQueue().size();
    }

    /** A run's status and progress: from this process while queued, from storage once started. */
    Optional<Map<String, Object>> status(String runId) {
        Pending p = pending.get(runId);
        Optional<RunRecord> stored = store.runs().findRun(runId);
        if (stored.isEmpty()) {
            if (p == null) {
                return Optional.empty();
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("run_id", runId);
            v.put("status", p.started ? "STARTING" : "QUEUED");
            v.put("symbol", p.request.symbol());
            v.put("submitted", p.submitted);
            v.put("generations_total", p.request.generations());
            v.put("generations_done", 0);
            v.put("progress", 0.0);
            return Optional.of(v);
        }
        RunRecord run = stored.get();
        JsonNode config = ApiJson.tree(run.configJson());
        int total = config.path("ga").path("generations").asInt(0);
        List<GenerationRecord> gens = store.runs().generations(runId);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", runId);
        v.put("status", run.status());
        v.put("message", run.message());
        v.put("symbol", run.symbol());
        v.put("timeframe", run.timeframe().label());
        v.put("seed", run.seed());
        v.put("created", run.createdAt());
        v.put("updated", run.updatedAt());
        v.put("source", config.path("source").asText("cli"));
        v.put("generations_total", total > 0 ? total : null);
        v.put("generations_done", gens.size());
        v.put("progress", run.status() == RunStatus.COMPLETED ? 1.0
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
        v.put("saved_strategies", registry.list().stream().filter(s -> s.runId().filter(runId::equals).isPresent())
                .map(RegisteredStrategy::id).toList());
        return Optional.of(v);
    }

    /** Recent runs (storage) and queued ones (this process), newest first. */
    List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (store.runs().findRun(p.runId).isEmpty()) {
                status(p.runId).ifPresent(out::add);
            }
        }
        for (RunRecord r : store.runs().listRuns(limit)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("run_id", r.runId());
            v.put("status", r.status());
            v.put("symbol", r.symbol());
            v.put("timeframe", r.timeframe().label());
            v.put("created", r.createdAt());
            v.put("updated", r.updatedAt());
            out.add(v);
        }
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public void close() {
        closing = true;
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("evolution runs did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p : pending.values()) { // queued, never started: nothing was recorded
            LOG.info("run {} was queued and is dropped", p.runId);
        }
    }
}
