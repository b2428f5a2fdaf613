package io.seedgrid.cli;

import io.seedgrid.cli.report.HtmlReport;
import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.SeedgridHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = {"Evolves blended strategies of the seeds that pass data-sufficiency gating, and reports the best",
                "with in-sample and out-of-sample metrics. With no options: BTCUSD 1m bundled data, all eligible seeds,",
                "the guide's defaults. Writes report.json and report.html to a run folder it names."})
final class EvolveCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Mixin
    BacktestOptions settings;

    @Option(names = "--seeds", paramLabel = "SEED[,SEED...]",
            description = "Seeds to blend (default: all; those without enough data are kept out, with the reason).")
    String seeds;

    @Option(names = "--population", defaultValue = "50", paramLabel = "N", description = "Population size. Default: ${DEFAULT-VALUE}.")
    int population;

    @Option(names = "--generations", defaultValue = "10", paramLabel = "N", description = "Generations. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(names = "--mutation", defaultValue = "0.1", paramLabel = "P", description = "Mutation probability per gene. Default: ${DEFAULT-VALUE}.")
    double mutation;

    @Option(names = "--crossover", defaultValue = "0.8", paramLabel = "P", description = "Crossover probability. Default: ${DEFAULT-VALUE}.")
    double crossover;

    @Option(names = "--elite", defaultValue = "0.2", paramLabel = "F", description = "Elite share kept each generation. Default: ${DEFAULT-VALUE}.")
    double elite;

    @Option(names = "--min-fitness", defaultValue = "0.5", paramLabel = "X",
            description = "Fitness (in-sample Sharpe) a strategy needs to be accepted. Default: ${DEFAULT-VALUE}.")
    double minFitness;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Random seed: the same seed gives the same run, bit for bit. Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Option(names = "--top", defaultValue = "5", paramLabel = "N", description = "Strategies to report. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: one per core).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the run report (default: $SEEDGRID_HOME/runs/<run id>, or ./data/runs/<run id>).")
    Path out;

    @Option(names = "--json", description = "Print the run summary as JSON on stdout; human output goes to stderr.")
    boolean json;

    @Option(names = "--plain", description = "One plain line per generation instead of a progress bar.")
    boolean plain;

    @Mixin
    ClusterRunOptions where;

    @Override
    public Integer call() throws Exception {
        PrintWriter human = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Bars bars = data.load();
        RunConfig config = new RunConfig(population, generations, mutation, crossover, elite, minFitness, randomSeed, top);
        var builder = EvolutionRun.builder(bars).seeds(Seeds.parse(seeds)).config(config).costs(settings.costs())
                .allowShort(settings.allowShort).outOfSampleFraction(settings.outOfSampleFraction)
                .minTrades(settings.minTrades);
        if (threads != null) {
            builder.evaluators((evaluationSpec, context) -> new LocalEvaluator(evaluationSpec.fitnessFunction(), context, threads));
        }
        if (threads != null && where.mode == ClusterRunOptions.Mode.cluster) {
            throw new IllegalArgumentException("--threads is for --mode local; grid nodes run --parallel-jobs each");
        }
        AutoCloseable grid = where.apply(builder, human); // cluster mode: the node starts when the run does
        EvolutionRun run = builder.build();
        Instant created = Instant.now();
        String runId = RUN_TIME.format(created) + "-" + bars.symbol().replaceAll("[^A-Za-z0-9]", "_") + "-s" + randomSeed;

        human.printf("seedgrid run %s: %s%n", runId, bars);
        for (GateDecision g : run.gating()) {
            if (!g.eligible()) {
                human.printf("  kept out: %s %s (%s)%n", g.seed(), g.recommendation(), g.reason());
            }
        }
        human.printf("  seeds: %s%n  population %d, %d generations, mutation %.2f, crossover %.2f, elite %.0f%%, seed %d%n",
                String.join(", ", run.spec().seedNames()), population, generations, mutation, crossover, elite * 100, randomSeed);
        human.flush();

        RunResult result;
        try (var progress = new GenerationProgress(human, generations, plain)) {
            result = run.run(progress);
        } finally {
            grid.close();
        }

        Path folder = out != null ? out : SeedgridHome.resolve().resolve("runs").resolve(runId);
        writeReports(folder, runId, created, result, bars);

        human.printf("%nDone in %.1f s: %d distinct strategies backtested (%s).%n", result.durationMillis() / 1000.0,
                result.distinctGenomes(), result.evaluator());
        human.printf("%nTop strategies (fitness = in-sample Sharpe less trade penalty; accepted at >= %.2f):%n", minFitness);
        for (RankedStrategy r : result.top()) {
            human.printf("%n#%d %s fitness %.3f  %s%n", r.rank(), r.accepted() ? "ACCEPTED" : "not accepted",
                    r.fitness().value(), r.strategy());
            BacktestCommand.printMetrics(human, r.fitness().inSample(), r.fitness().outOfSample());
        }
        human.printf("%nReport: %s%n       %s%n", folder.resolve("report.json"), folder.resolve("report.html"));
        human.flush();
        if (json) {
            spec.commandLine().getOut().println(Json.write(Views.run(runId, created, result)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private void writeReports(Path folder, String runId, Instant created, RunResult result, Bars bars) throws IOException {
        Files.createDirectories(folder);
        double[] equity = null;
        int split = settings.backtest().splitIndex(bars.size());
        if (result.best().isPresent()) {
            double[] returns = result.spec().backtest().netReturns(result.best().get().strategy(), SeedContext.of(bars));
            equity = new double[returns.length];
            double e = 1;
            for (int t = 0; t < returns.length; t++) {
                e *= 1 + returns[t];
                equity[t] = e;
            }
        }
        writeAtomically(folder.resolve("report.json"), Json.write(Views.run(runId, created, result)));
        writeAtomically(folder.resolve("report.html"), HtmlReport.render(runId, result, equity, split));
    }

    /** Write to a temporary name and move into place, so a reader never sees half a report. */
    private static void writeAtomically(Path target, String text) {
        try {
            Path temp = Files.createTempFile(target.getParent(), ".report", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** A progress bar per generation (best/mean fitness), or plain lines with --plain. */
    private static final class GenerationProgress implements Consumer<GenerationStats>, AutoCloseable {
        private final PrintWriter out;
        private final ProgressBar bar;

        GenerationProgress(PrintWriter out, int generations, boolean plain) {
            this.out = out;
            this.bar = plain ? null : new ProgressBarBuilder().setTaskName("evolving").setInitialMax(generations)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" gen", 1).showSpeed()
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        out.print("\r" + line);
                        out.flush();
                    }, 100))
                    .build();
        }

        @Override
        public void accept(GenerationStats g) {
            if (bar == null) {
                out.printf("generation %d: best %.3f mean %.3f, %d new backtests, %d ms%s%n", g.generation(),
                        g.bestFitness(), g.meanFitness(), g.evaluations(), g.durationMillis(),
                        g.batch().map(b -> "; " + ClusterRunOptions.describe(b)).orElse(""));
                out.flush();
            } else {
                bar.step();
                bar.setExtraMessage(String.format(Locale.ROOT, "best %.3f mean %.3f", g.bestFitness(), g.meanFitness())
                        + g.batch().map(b -> "; " + ClusterRunOptions.describe(b)).orElse(""));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                out.println();
            }
        }
    }
}
