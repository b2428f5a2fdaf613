package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.compute.ComputeTaskFuture;
import org.apache.ignite.compute.ComputeTaskTimeoutException;
import org.apache.ignite.lang.IgniteFutureTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates each generation on the server nodes of an Ignite cluster.
 *
 * <p>On construction the run's bars are published once, under a fresh run key, to a REPLICATED cache: every server
 * node holds a copy, nodes that join later get one by rebalancing, and each node builds one {@link SeedContext} per
 * run from it (an embedded server coordinator reuses the run's own context). Each {@link #evaluate} call is then ONE
 * compute task: the genomes are cut into contiguous slices, about {@code slicesPerJobSlot} per parallel job slot of
 * the cluster, each slice a small job carrying the run key, the {@link EvaluationSpec}, its genomes and its start
 * index (never bars). A job whose node leaves mid-flight is re-run on another node (failover); results are put back
 * in genome order, so the output is the same bit for bit as a local evaluation.
 *
 * <p>Expensive seed signals (the ML seeds' trained models) are computed once per cluster, not once per node: nodes
 * read and fill a cluster-wide cache of them ({@link SharedSignals}), and genomes that need the same signal never sent
 * before go into one job, so one node trains it once ({@link SignalGroups}). Results do not depend on it: a signal is
 * a pure function of bars and genes.
 *
 * <p>Jobs go only to server nodes of this JVM's {@link BuildFingerprint}; the cluster refuses other builds at join
 * ({@link FingerprintCheck}), and a node that got in anyway (an older build that does not check) is left out with
 * one warning.
 *
 * <p>Per call, {@link #lastBatch()} reports evaluations per node and the grid overhead: wall time of the round trip
 * minus the busiest node's backtest time divided by the jobs it ran at once (see {@link BatchReport});
 * {@link #lastGridBatch()} the jobs, their bytes and the signals trained and fetched per node.
 *
 * @apiNote Not thread-safe: one run calls it from one thread. Close it to drop the run's bars from the grid; the
 *          Ignite node is the caller's and stays up.
 */
public final class GridEvaluator implements GenomeEvaluator {
    /** Default time a generation may take on the grid. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    private static final Logger LOG = LoggerFactory.getLogger(GridEvaluator.class);

    private final Ignite ignite;
    private final EvaluationSpec spec;
    private final Duration timeout;
    private final int slicesPerJobSlot;
    private final String runKey;
    private final boolean shareSignals;
    private final SignalGroups signalGroups;
    private final String fingerprint = BuildFingerprint.local();
    private final Set<UUID> leftOut = ConcurrentHashMap.newKeySet();
    private volatile Optional<BatchReport> lastBatch = Optional.empty();
    private volatile Optional<GridBatch> lastGridBatch = Optional.empty();
    private boolean closed;
    private int failovers;

    private GridEvaluator(Builder b) {
        this.ignite = b.ignite;
        this.spec = b.spec;
        this.timeout = b.timeout;
        this.slicesPerJobSlot = b.slicesPerJobSlot;
        this.shareSignals = b.shareSignals;
        this.signalGroups = new SignalGroups(spec.codec());
        this.runKey = UUID.randomUUID().toString();
        requireServers();
        UUID self = ignite.cluster().localNode().id();
        long started = System.nanoTime();
        try {
            IgniteCache<String, byte[]> cache = ignite.getOrCreateCache(NodeRuns.cacheConfiguration());
            if (shareSignals) {
                ignite.getOrCreateCache(SharedSignals.cacheConfiguration());
            }
            cache.put(runKey, RunPayload.encode(self, b.bars));
        } catch (IgniteException e) {
            throw failure("cannot publish the run's bars to the grid", e);
        }
        if (b.context != null && !ignite.cluster().localNode().isClient()) {
            NodeRuns.slot(ignite, runKey).preset(b.context, self);
        }
        LOG.debug(
                "run {}: {} bars published to {} server node(s) in {} ms",
                runKey,
                b.bars.size(),
                GridNodes.servers(ignite).size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A builder for a run on {@code bars}. */
    public static Builder builder(Ignite ignite, EvaluationSpec spec, Bars bars) {
        return new Builder(ignite, spec, Objects.requireNonNull(bars, "bars"), null);
    }

    /** A builder for a run whose seed context exists already; an embedded server node evaluates on it directly. */
    public static Builder builder(Ignite ignite, EvaluationSpec spec, SeedContext context) {
        return new Builder(
                ignite, spec, Objects.requireNonNull(context, "context").bars(), context);
    }

    /** The evaluator factory {@code EvolutionRun.Builder.evaluators} takes: one grid evaluator per run. */
    public static BiFunction<EvaluationSpec, SeedContext, GenomeEvaluator> factory(Ignite ignite, Duration timeout) {
        return (spec, context) ->
                builder(ignite, spec, context).timeout(timeout).build();
    }

    /** The key the run's bars are stored under on the grid. */
    public String runKey() {
        return runKey;
    }

    @Override
    public List<Fitness> evaluate(List<double[]> genomes) {
        if (closed) {
            throw new IllegalStateException("evaluator closed");
        }
        if (genomes.isEmpty()) {
            return List.of();
        }
        ClusterGroup servers = requireServers();
        long started = System.nanoTime();
        int[] groups = signalGroups.group(genomes);
        if (!shareSignals) {
            groups = IntStream.range(0, genomes.size()).toArray(); // plain contiguous slices, as before sharing
        }
        EvaluateTask.Output output;
        ComputeTaskFuture<EvaluateTask.Output> future = null;
        try {
            future = ignite.compute(servers)
                    .withTimeout(timeout.toMillis())
                    .executeAsync(
                            new EvaluateTask(),
                            new EvaluateTask.Input(runKey, spec, genomes, groups, slicesPerJobSlot, shareSignals));
            // The task times itself out; the extra grace only guards against a future that never completes.
            output = future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ComputeTaskTimeoutException | IgniteFutureTimeoutException e) {
            cancel(future);
            throw timedOut(genomes.size(), e);
        } catch (IgniteException e) {
            cancel(future);
            if (causedBy(e, ComputeTaskTimeoutException.class)) {
                throw timedOut(genomes.size(), e);
            }
            throw failure("evaluation of " + genomes.size() + " genomes failed on the grid", e);
        }
        long wallNanos = System.nanoTime() - started;
        lastBatch = Optional.of(report(output, wallNanos));
        lastGridBatch = Optional.of(new GridBatch(
                output.jobs(),
                output.requestBytes(),
                output.resultBytes(),
                output.failovers(),
                signalGroups.fresh(),
                output.trainedPerNode(),
                output.fetchedPerNode()));
        if (output.failovers() > 0) {
            failovers += output.failovers();
            LOG.info(
                    "run {}: {} job(s) failed over to other nodes (a node left mid-generation)",
                    runKey,
                    output.failovers());
        }
        return output.fitness();
    }

    /** Overhead = wall - max over nodes of (node's summed backtest time / jobs it ran at once); never below 0. */
    static BatchReport report(EvaluateTask.Output output, long wallNanos) {
        double busiest = 0;
        for (Map.Entry<String, Long> e : output.computeNanos().entrySet()) {
            busiest = Math.max(
                    busiest, (double) e.getValue() / output.parallelism().getOrDefault(e.getKey(), 1));
        }
        long wall = wallNanos / 1_000_000;
        long compute = Math.min(wall, Math.round(busiest / 1_000_000));
        return new BatchReport(output.perNode(), wall, compute, Math.max(0, wall - compute), output.failovers());
    }

    /** Jobs re-run on another node because theirs left, over the evaluator's life. */
    public int failovers() {
        return failovers;
    }

    @Override
    public Optional<BatchReport> lastBatch() {
        return lastBatch;
    }

    /** The jobs, bytes and expensive seed signals of the last {@link #evaluate} call; empty before the first. */
    public Optional<GridBatch> lastGridBatch() {
        return lastGridBatch;
    }

    @Override
    public String describe() {
        Collection<ClusterNode> servers = computeServers().nodes();
        int slots = servers.stream().mapToInt(GridNodes::parallelJobs).sum();
        return "grid, " + servers.size() + (servers.size() == 1 ? " server node, " : " server nodes, ") + slots
                + " parallel jobs" + (ignite.cluster().localNode().isClient() ? ", client coordinator" : "");
    }

    /** Drops the run's bars and signals from the grid and its seed contexts from every node (best effort). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            IgniteCache<String, byte[]> cache = ignite.cache(NodeRuns.CACHE);
            if (cache != null) {
                cache.remove(runKey);
            }
            IgniteCache<String, double[]> signals = ignite.cache(SharedSignals.CACHE);
            if (signals != null && shareSignals) {
                Set<String> keys = new HashSet<>();
                signalGroups.sent().forEach(k -> keys.add(SharedSignals.key(runKey, k)));
                signals.removeAll(keys);
            }
            ClusterGroup servers = ignite.cluster().forServers();
            if (!servers.nodes().isEmpty()) {
                ignite.compute(servers).withTimeout(10_000).broadcast(new DropRun(runKey, false));
            }
        } catch (RuntimeException e) {
            LOG.debug("run {}: cleanup on the grid incomplete: {}", runKey, e.toString());
        } finally {
            NodeRuns.dropLocal(ignite, runKey);
        }
    }

    private ClusterGroup requireServers() {
        ClusterGroup servers;
        try {
            servers = computeServers();
            if (!servers.nodes().isEmpty()) {
                return servers;
            }
        } catch (IgniteException e) {
            throw failure("cannot reach the grid", e);
        }
        throw noNode(null);
    }

    /** The server nodes of this build; says once per node which ones are left out and why. */
    private ClusterGroup computeServers() {
        ClusterGroup all = ignite.cluster().forServers();
        for (ClusterNode node : all.nodes()) {
            Object theirs = node.attribute(NodeConfig.ATTR_FINGERPRINT);
            if (!fingerprint.equals(theirs) && leftOut.add(node.id())) {
                LOG.warn(
                        "run {}: no jobs for node {} ({}): its build fingerprint {} differs from this coordinator's {}",
                        runKey,
                        GridNodes.name(node),
                        node.id(),
                        theirs == null ? "(none)" : theirs,
                        fingerprint);
            }
        }
        return all.forAttribute(NodeConfig.ATTR_FINGERPRINT, fingerprint);
    }

    private EvaluationException failure(String what, IgniteException e) {
        if (causedBy(e, IgniteClientDisconnectedException.class) || noServerLeft()) {
            return noNode(e);
        }
        if (causedBy(e, ClusterTopologyException.class)) {
            return new EvaluationException(
                    what + ": a node left and its jobs could not fail over: " + GridNodes.rootMessage(e), e);
        }
        return new EvaluationException(what + ": " + GridNodes.rootMessage(e), e);
    }

    private EvaluationException noNode(Throwable cause) {
        if (!leftOut.isEmpty() && !noServerLeft()) {
            return new EvaluationException(
                    "no grid node of this build (" + fingerprint + ") is up to evaluate genomes: "
                            + "every server node runs another seedgrid build; run the same build everywhere",
                    cause);
        }
        return new EvaluationException(
                "no grid node is up to evaluate genomes: this "
                        + (isClient() ? "client" : "node") + " sees no server node in the cluster (start one with "
                        + "`seedgrid node`, or check --discovery)",
                cause);
    }

    private EvaluationException timedOut(int genomes, Throwable cause) {
        return new EvaluationException(
                "a generation of " + genomes + " genomes did not finish on the grid within "
                        + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")
                        + " (" + GridNodes.servers(ignite).size() + " server node(s) up); add nodes or "
                        + "raise the generation timeout",
                cause);
    }

    private boolean noServerLeft() {
        try {
            return ignite.cluster().forServers().nodes().isEmpty();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private boolean isClient() {
        try {
            return ignite.cluster().localNode().isClient();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static void cancel(ComputeTaskFuture<?> future) {
        if (future != null && !future.isDone()) {
            try {
                future.cancel();
            } catch (RuntimeException ignored) {
                // the task is gone already
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Settings of a grid evaluator. Required: the Ignite node, the spec, the bars. Defaults: timeout
     * {@link #DEFAULT_TIMEOUT} per generation, 2 slices per parallel job slot, shared signals.
     */
    public static final class Builder {
        private final Ignite ignite;
        private final EvaluationSpec spec;
        private final Bars bars;
        private final SeedContext context;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int slicesPerJobSlot = 2;
        private boolean shareSignals = true;

        private Builder(Ignite ignite, EvaluationSpec spec, Bars bars, SeedContext context) {
            this.ignite = Objects.requireNonNull(ignite, "ignite");
            this.spec = Objects.requireNonNull(spec, "spec");
            this.bars = bars;
            this.context = context;
        }

        /** How long one generation may take on the grid before the run fails. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("generation timeout must be positive but was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Slices per parallel job slot: more balances better and loses less on a failure, at more overhead. */
        public Builder slicesPerJobSlot(int slices) {
            if (slices < 1) {
                throw new IllegalArgumentException("slices per job slot must be >= 1 but was " + slices);
            }
            this.slicesPerJobSlot = slices;
            return this;
        }

        /**
         * Whether nodes share expensive seed signals through the cluster's cache (default) or each trains what it
         * meets, as before the cache: for measuring what sharing saves. Fitness is the same either way.
         */
        public Builder shareSignals(boolean share) {
            this.shareSignals = share;
            return this;
        }

        /**
         * Publishes the bars and returns the evaluator.
         *
         * @throws EvaluationException if no server node is up
         */
        public GridEvaluator build() {
            return new GridEvaluator(this);
        }
    }
}
