package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.grid.BuildFingerprint;
import io.seedgrid.grid.GridBatch;
import io.seedgrid.grid.GridEvaluator;
import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.NodeConfig;
import io.seedgrid.grid.node.NodeProcess;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.SeedgridHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench-grid",
        mixinStandardHelpOptions = true,
        description = {
            "Times evolution per generation locally and on 1, 2, ... N-node grids on this machine: this process",
            "is the first node (it computes too), the others are separate JVMs it starts on 127.0.0.1 and stops",
            "at the end. Prints generation 1 (cold: every node computes its indicators) and the mean of the later",
            "generations (warm), the grid overhead per generation, and whether each grid run equals the local",
            "run bit for bit; then, per generation of each grid run: wall time, grid overhead, genomes, jobs,",
            "payload bytes out and back, ML seed signals new to the run, trained per node and read from the",
            "grid's signal cache. Before each setup a small unreported run warms the JVMs up (JIT).",
            "Uses its own ports (default 48500.., 48600..) so it never meets running nodes.",
            "Expect no speed-up past the number of cores: every node here shares them."
        })
final class BenchGridCommand implements Callable<Integer> {
    private static final int WARM_UP = 30;

    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Option(
            names = "--populations",
            split = ",",
            defaultValue = "50,500",
            paramLabel = "N[,N...]",
            description = "Population sizes to time. Default: ${DEFAULT-VALUE}.")
    List<Integer> populations;

    @Option(
            names = "--generations",
            defaultValue = "4",
            paramLabel = "N",
            description = "Generations per run (>= 2: the first is cold). Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(
            names = "--nodes",
            defaultValue = "3",
            paramLabel = "N",
            description = "Largest grid to time (1..N nodes). Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
            names = "--node-heap",
            defaultValue = "512m",
            paramLabel = "SIZE",
            description = "Heap of each extra node JVM. Default: ${DEFAULT-VALUE}.")
    String nodeHeap;

    @Option(
            names = "--port",
            defaultValue = "48500",
            paramLabel = "PORT",
            description =
                    "First discovery port of the bench grid (communication: PORT+100). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--seeds",
            paramLabel = "SEED[,SEED...]",
            description = "Seeds to blend (default: all that pass gating).")
    String seeds;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--shared-signals",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = {
                "Nodes share trained ML seed signals through the grid's cache (the default). With "
                        + "--no-shared-signals each node trains every signal it meets, as before the cache: to measure "
                        + "what sharing saves."
            })
    boolean sharedSignals;

    @Override
    public Integer call() throws Exception {
        if (generations < 2 || nodes < 1 || populations.stream().anyMatch(p -> p < 2)) {
            throw new IllegalArgumentException("--generations must be >= 2, --nodes >= 1, populations >= 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        Bars bars = data.load();
        out.printf(
                "bench-grid on %s, %d generations, seed %d, %d cores, Java %s, build %s, ML signals %s%n  seeds: %s%n",
                bars,
                generations,
                seed,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                BuildFingerprint.local(),
                sharedSignals ? "shared" : "per node",
                String.join(", ", builder(bars, 2).build().spec().seedNames()));
        out.printf(
                "%-10s %-8s %12s %14s %16s %10s  %s%n",
                "setup",
                "pop",
                "gen 1 ms",
                "later gen ms",
                "overhead ms/gen",
                "= local",
                "evaluations per node (whole run)");
        out.flush();

        List<RunResult> local = new ArrayList<>();
        builder(bars, WARM_UP).build().run(g -> {}); // not shown: compiles the hot code of this JVM
        for (int population : populations) {
            RunResult r = builder(bars, population).build().run(g -> {});
            local.add(r);
            row(out, "local", population, r, true);
            out.printf(
                    "    per generation ms: %s%n",
                    r.generations().stream()
                            .map(g -> String.valueOf(g.durationMillis()))
                            .collect(Collectors.joining(" / ")));
            out.flush();
        }

        String discovery = "127.0.0.1:" + port + ".." + (port + 9);
        Path work = SeedgridHome.resolve().resolve("bench-grid");
        NodeConfig config = NodeConfig.builder()
                .name("bench-1")
                .discovery(discovery)
                .discoveryPort(port, 9)
                .communicationPort(port + 100, 99)
                .workDir(work.resolve("ignite"))
                .build();
        List<NodeProcess> children = new ArrayList<>();
        try (Ignite ignite = GridNodes.start(config)) {
            for (int n = 1; n <= nodes; n++) {
                if (n > 1) {
                    children.add(NodeProcess.start(
                            "bench-" + n,
                            List.of(
                                    "--discovery",
                                    discovery,
                                    "--discovery-port",
                                    String.valueOf(port),
                                    "--comm-port",
                                    String.valueOf(port + 100),
                                    "--work-dir",
                                    work.resolve("ignite").toString()),
                            nodeHeap,
                            work.resolve("bench-" + n + ".log")));
                    GridNodes.awaitServers(ignite, n, Duration.ofSeconds(120));
                }
                // Not shown: a small run that compiles the hot code of the new node's JVM.
                gridRun(ignite, bars, WARM_UP, new ArrayList<>());
                for (int i = 0; i < populations.size(); i++) {
                    List<Optional<GridBatch>> perGeneration = new ArrayList<>();
                    RunResult r = gridRun(ignite, bars, populations.get(i), perGeneration);
                    row(out, n + (n == 1 ? " node" : " nodes"), populations.get(i), r, same(local.get(i), r));
                    generations(out, r, perGeneration);
                }
            }
        } finally {
            for (NodeProcess child : children) {
                child.stop();
                child.close();
            }
        }
        out.printf(
                "%ngrid overhead per generation = round-trip wall time - the busiest node's backtest time / the jobs"
                        + " it ran at once%n(serialization, network, scheduling, failover, uneven slices). grid ms: the round"
                        + " trips (the rest of ms is evolution%non this process). KB out: the jobs' payload (settings, genomes);"
                        + " KB back: the serialized fitness. ML new: signals%nof the ML seeds the run meets for the first time;"
                        + " trained: per node (with shared signals, each new one once in the%ngrid); fetched: read from the"
                        + " grid's signal cache. Node logs: %s%n",
                work);
        out.flush();
        return 0;
    }

    private EvolutionRun.Builder builder(Bars bars, int population) {
        return EvolutionRun.builder(bars)
                .seeds(Seeds.parse(seeds))
                .config(RunConfig.DEFAULT
                        .withPopulationSize(population)
                        .withGenerations(generations)
                        .withRandomSeed(seed));
    }

    /** A run on the grid; {@code perGeneration} gets each generation's grid figures (empty: nothing evaluated). */
    private RunResult gridRun(Ignite ignite, Bars bars, int population, List<Optional<GridBatch>> perGeneration) {
        List<GridBatch> pending = new ArrayList<>();
        return builder(bars, population)
                .evaluators((s, context) -> new Recording(
                        GridEvaluator.builder(ignite, s, context)
                                .shareSignals(sharedSignals)
                                .build(),
                        pending))
                .build()
                .run(g -> {
                    perGeneration.add(pending.stream().reduce(GridBatch::plus));
                    pending.clear();
                });
    }

    private static void row(PrintWriter out, String setup, int population, RunResult r, boolean same) {
        List<GenerationStats> g = r.generations();
        double later = g.subList(1, g.size()).stream()
                .mapToLong(GenerationStats::durationMillis)
                .average()
                .orElse(0);
        BatchReport total = g.stream()
                .flatMap(s -> s.batch().stream())
                .reduce(BatchReport::plus)
                .orElse(null);
        String overhead = total == null ? "-" : String.format("%.0f", (double) total.overheadMillis() / g.size());
        out.printf(
                "%-10s %-8d %12d %14.0f %16s %10s  %s%n",
                setup,
                population,
                g.get(0).durationMillis(),
                later,
                overhead,
                same ? "yes" : "NO",
                total == null ? "-" : total.evaluationsPerNode());
        out.flush();
    }

    private static void generations(PrintWriter out, RunResult r, List<Optional<GridBatch>> perGeneration) {
        out.printf(
                "    %4s %8s %8s %12s %8s %5s %8s %8s %7s %8s  %s%n",
                "gen",
                "ms",
                "grid ms",
                "overhead ms",
                "genomes",
                "jobs",
                "KB out",
                "KB back",
                "ML new",
                "fetched",
                "ML trained per node");
        for (int i = 0; i < r.generations().size(); i++) {
            GenerationStats g = r.generations().get(i);
            Optional<GridBatch> grid = i < perGeneration.size() ? perGeneration.get(i) : Optional.empty();
            long overhead = g.batch().map(BatchReport::overheadMillis).orElse(0L);
            long wall = g.batch().map(BatchReport::wallMillis).orElse(0L);
            out.printf(
                    "    %4d %8d %8d %12d %8d %5s %8s %8s %7s %8s  %s%n",
                    g.generation(),
                    g.durationMillis(),
                    wall,
                    overhead,
                    g.evaluations(),
                    grid.map(b -> String.valueOf(b.jobs())).orElse("-"),
                    grid.map(b -> kb(b.requestBytes())).orElse("-"),
                    grid.map(b -> kb(b.resultBytes())).orElse("-"),
                    grid.map(b -> String.valueOf(b.newSignals())).orElse("-"),
                    grid.map(b -> String.valueOf(b.fetched())).orElse("-"),
                    grid.map(b -> perNode(b.trainedPerNode())).orElse("-"));
        }
        out.flush();
    }

    private static String kb(long bytes) {
        return String.format("%.1f", bytes / 1024.0);
    }

    private static String perNode(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Same per-generation best and mean, same top genomes and fitness. */
    private static boolean same(RunResult a, RunResult b) {
        if (a.generations().size() != b.generations().size()
                || a.top().size() != b.top().size()) {
            return false;
        }
        for (int i = 0; i < a.generations().size(); i++) {
            GenerationStats x = a.generations().get(i);
            GenerationStats y = b.generations().get(i);
            if (Double.compare(x.bestFitness(), y.bestFitness()) != 0
                    || Double.compare(x.meanFitness(), y.meanFitness()) != 0) {
                return false;
            }
        }
        for (int i = 0; i < a.top().size(); i++) {
            if (!Arrays.equals(a.top().get(i).genome(), b.top().get(i).genome())
                    || !a.top().get(i).fitness().equals(b.top().get(i).fitness())) {
                return false;
            }
        }
        return true;
    }

    /** A grid evaluator that keeps each call's grid figures for the generation's line. */
    private static final class Recording implements GenomeEvaluator {
        private final GridEvaluator inner;
        private final List<GridBatch> batches;

        Recording(GridEvaluator inner, List<GridBatch> batches) {
            this.inner = inner;
            this.batches = batches;
        }

        @Override
        public List<Fitness> evaluate(List<double[]> genomes) {
            List<Fitness> out = inner.evaluate(genomes);
            inner.lastGridBatch().ifPresent(batches::add);
            return out;
        }

        @Override
        public Optional<BatchReport> lastBatch() {
            return inner.lastBatch();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
