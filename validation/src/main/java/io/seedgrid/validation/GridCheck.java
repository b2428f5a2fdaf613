package io.seedgrid.validation;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.grid.GridEvaluator;
import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.GridUnavailableException;
import io.seedgrid.grid.NodeConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.SymbolSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * When cluster mode is configured: this process joins the grid as a client (it computes nothing, so only real server
 * nodes can answer), within the configured join timeout; the server nodes are listed; and a sample of genomes
 * evaluated on the grid must give the same fitness as locally, bit for bit, in the same order. Skipped when cluster
 * mode is not configured.
 */
final class GridCheck extends BaseCheck {
    GridCheck(int weight, boolean critical) {
        super("grid", "Grid: server nodes reachable, grid fitness equals local fitness", weight, critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        if (context.grid().isEmpty()) {
            return CheckOutcome.skipped("cluster mode is not configured (validate --mode cluster checks the grid)");
        }
        NodeConfig config = context.grid().get().toBuilder().client(true).build();
        ValidationSettings settings = context.settings();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("discovery", config.discovery());
        details.put("join_timeout_ms", config.joinTimeout().toMillis());
        Instant joining = context.clock().instant();
        Ignite ignite;
        try {
            ignite = GridNodes.start(config);
        } catch (GridUnavailableException e) {
            long waited = Duration.between(joining, context.clock().instant()).toMillis();
            details.put("join_ms", waited);
            return CheckOutcome.failed(e.getMessage(), "client gave up after " + seconds(waited), details);
        }
        try {
            long joined = Duration.between(joining, context.clock().instant()).toMillis();
            details.put("join_ms", joined);
            List<ClusterNode> servers = new ArrayList<>(GridNodes.servers(ignite));
            List<String> nodes = servers.stream()
                    .map(n -> GridNodes.name(n) + " (" + GridNodes.parallelJobs(n) + " jobs)")
                    .sorted()
                    .toList();
            details.put("server_nodes", nodes);
            if (servers.isEmpty()) {
                return CheckOutcome.failed("joined the grid but no server node is in it", "", details);
            }
            Bars bars = bars(context);
            details.put("data", bars.symbol() + " " + bars.timeframe().label() + " (" + bars.size() + " bars)");
            List<Seed> registered =
                    context.seeds().stream().filter(GridCheck::registered).toList();
            EvaluationSpec spec = EvolutionRun.builder(bars)
                    .seeds(registered.isEmpty() ? Seeds.all() : registered)
                    .build()
                    .spec();
            List<double[]> genomes = sample(spec, settings.gridSample(), settings.randomSeed());
            Instant localStart = context.clock().instant();
            List<Fitness> local;
            try (LocalEvaluator evaluator = new LocalEvaluator(spec.fitnessFunction(), SeedContext.of(bars), 1)) {
                local = evaluator.evaluate(genomes);
            }
            long localMillis =
                    Duration.between(localStart, context.clock().instant()).toMillis();
            Instant gridStart = context.clock().instant();
            List<Fitness> remote;
            Optional<BatchReport> batch;
            try (GridEvaluator evaluator = GridEvaluator.builder(ignite, spec, bars)
                    .timeout(settings.gridGenerationTimeout())
                    .build()) {
                remote = evaluator.evaluate(genomes);
                batch = evaluator.lastBatch();
            } catch (RuntimeException e) {
                return CheckOutcome.failed(
                        "evaluation on the grid failed: " + describe(e),
                        servers.size() + " server node(s): " + String.join(", ", nodes),
                        details);
            }
            long gridMillis =
                    Duration.between(gridStart, context.clock().instant()).toMillis();
            int differing = 0;
            int first = -1;
            for (int i = 0; i < genomes.size(); i++) {
                if (i >= remote.size() || !local.get(i).equals(remote.get(i))) {
                    differing++;
                    first = first < 0 ? i : first;
                }
            }
            details.put("sample", genomes.size());
            details.put("seeds", spec.seedNames());
            details.put("differing", differing);
            details.put("local_ms", localMillis);
            details.put("grid_ms", gridMillis);
            batch.ifPresent(b -> {
                details.put("evaluations_per_node", b.evaluationsPerNode());
                details.put("grid_overhead_ms", b.overheadMillis());
            });
            String perNode = batch.map(b -> b.evaluationsPerNode().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")))
                    .orElse("");
            String evidence = servers.size() + " server node(s): " + String.join(", ", nodes) + "; " + genomes.size()
                    + " genomes on " + bars.symbol() + ": grid " + (differing == 0 ? "equals" : "DIFFERS from")
                    + " local bit for bit (grid " + gridMillis + " ms [" + perNode + "], local " + localMillis + " ms)";
            if (remote.size() != genomes.size()) {
                return CheckOutcome.failed(
                        "the grid returned " + remote.size() + " results for " + genomes.size() + " genomes",
                        evidence,
                        details);
            }
            if (differing > 0) {
                return CheckOutcome.failed(
                        differing + " of " + genomes.size() + " genomes got a different fitness on "
                                + "the grid, first genome " + first + ": grid " + remote.get(first) + ", local "
                                + local.get(first),
                        evidence,
                        details);
            }
            return CheckOutcome.passed(evidence, details);
        } finally {
            ignite.close();
        }
    }

    /** The work series when the store is open and holds one, else bundled AAPL (the grid does not need storage). */
    private static Bars bars(ValidationContext context) {
        if (context.store().isPresent()) {
            Optional<SymbolSummary> work = context.workSeries();
            if (work.isPresent()) {
                return context.bars(work.get());
            }
        }
        return BundledData.load(BundledData.AAPL);
    }

    private static List<double[]> sample(EvaluationSpec spec, int count, long seed) {
        Random random = new Random(seed);
        int length = spec.codec().length();
        List<double[]> genomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] g = new double[length];
            for (int j = 0; j < length; j++) {
                g[j] = random.nextDouble();
            }
            genomes.add(g);
        }
        return genomes;
    }

    private static boolean registered(Seed seed) {
        try {
            return Seeds.byName(seed.name()) == seed;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
