package io.seedgrid.cli;

import io.seedgrid.alerts.Webhook;
import io.seedgrid.cli.report.HtmlReport;
import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.evolution.acceptance.Criterion;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvaluationProgress;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.evolution.run.SlippageBasis;
import io.seedgrid.evolution.walkforward.Fold;
import io.seedgrid.evolution.walkforward.WalkForward;
import io.seedgrid.evolution.walkforward.WalkForwardResult;
import io.seedgrid.runs.LeaseTerms;
import io.seedgrid.runs.RunHeldException;
import io.seedgrid.runs.RunIds;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.runs.StoredRun;
import io.seedgrid.runs.WalkForwardPlan;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.BarGaps;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.SeedgridHome;
import io.seedgrid.storage.Store;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.validation.Scheduler;
import java.io.Console;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(
        name = "evolve",
        mixinStandardHelpOptions = true,
        description = {
            "Evolves blended strategies of the seeds that pass data-sufficiency gating, and reports the best",
            "with in-sample and out-of-sample metrics. With no options: BTCUSD 1m bundled data, all eligible seeds,",
            "the guide's defaults. Writes report.json and report.html to a run folder it names."
        })
final class EvolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Mixin
    BacktestOptions settings;

    @Mixin
    StorageOptions storage;

    @Mixin
    AcceptanceOptions acceptance;

    @Option(
            names = "--seeds",
            paramLabel = "SEED[,SEED...]",
            description = "Seeds to blend (default: all; those without enough data are kept out, with the reason).")
    String seeds;

    @Option(
            names = "--population",
            defaultValue = "50",
            paramLabel = "N",
            description = "Population size. Default: ${DEFAULT-VALUE}.")
    int population;

    @Option(
            names = "--generations",
            defaultValue = "10",
            paramLabel = "N",
            description = "Generations. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(
            names = "--mutation",
            defaultValue = "0.1",
            paramLabel = "P",
            description = "Mutation probability per gene. Default: ${DEFAULT-VALUE}.")
    double mutation;

    @Option(
            names = "--crossover",
            defaultValue = "0.8",
            paramLabel = "P",
            description = "Crossover probability. Default: ${DEFAULT-VALUE}.")
    double crossover;

    @Option(
            names = "--elite",
            defaultValue = "0.2",
            paramLabel = "F",
            description = "Elite share kept each generation. Default: ${DEFAULT-VALUE}.")
    double elite;

    @Option(
            names = "--min-fitness",
            defaultValue = "0.5",
            paramLabel = "X",
            description = "In-sample fitness (Sharpe less penalties) a strategy needs to be accepted (one criterion "
                    + "among those below). Default: ${DEFAULT-VALUE}.")
    double minFitness;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Random seed: the same seed gives the same run, bit for bit. Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Option(
            names = "--top",
            defaultValue = "5",
            paramLabel = "N",
            description = "Strategies to report. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: one per core).")
    Integer threads;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for the run report (default: $SEEDGRID_HOME/runs/<run id>, or ./data/runs/<run id>).")
    Path out;

    @Option(
            names = "--walk-forward",
            paramLabel = "K",
            description =
                    "Walk-forward evolution: cut the bars into K+1 windows; fold i evolves on window i (or 0..i with "
                            + "--anchored) and trades its best strategy, unchanged, on window i+1. The stitched out-of-sample "
                            + "result is the headline.")
    Integer walkForward;

    @Option(
            names = "--anchored",
            description = "With --walk-forward: in-sample windows grow from the first bar " + "(default: they roll).")
    boolean anchored;

    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description = "Go on with a stored run, started here or over HTTP, after its last completed generation "
                    + "(its coordinator died or was stopped), on the bars and settings it recorded (--no-save and "
                    + "--name included; options that would change the run are refused); it ends as the uninterrupted "
                    + "run would have. Refused while the run's coordinator is alive (its lease in storage is fresh).")
    String resume;

    @Option(names = "--json", description = "Print the run summary as JSON on stdout; human output goes to stderr.")
    boolean json;

    @Option(names = "--plain", description = "One plain line per generation instead of a progress bar.")
    boolean plain;

    @Mixin
    ClusterRunOptions where;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description =
                    "Register the best accepted strategy under this name (default: SYMBOL-TIMEFRAME, e.g. AAPL-1d).")
    String strategyName;

    @Option(names = "--no-save", description = "Do not register the best accepted strategy in the strategy registry.")
    boolean noSave;

    @Option(
            names = "--every",
            paramLabel = "PERIOD",
            description = {
                "Re-evolve the registered strategy --name now, then every PERIOD (e.g. 1d) and whenever its",
                "PRODUCTION version drifts or decays, with the settings it was evolved with, on the newest",
                "stored bars; the best accepted result becomes its next version, in SHADOW. Runs until stopped."
            })
    String every;

    @Option(
            names = "--poll",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description =
                    "With --every: seconds between looks at the stored bars and signals. Default: ${DEFAULT-VALUE}.")
    double poll;

    @Option(names = "--max-polls", paramLabel = "N", hidden = true, description = "With --every: stop after N looks.")
    int maxPolls;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            description = "With --every: POST alerts (a failed run, a lost" + " grid node, drift) to this URL.")
    String webhook;

    @Mixin
    GateOptions gates;

    @Override
    public Integer call() throws Exception {
        PrintWriter progressOut =
                json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        try (Store store = storage.open();
                ClusterRunOptions.Grid grid = where.open(progressOut, threads != null)) {
            if (every != null) { // re-evolution on a schedule: the registered strategy's own settings
                if (strategyName == null) {
                    throw new IllegalArgumentException("--every needs --name: the registered strategy to re-evolve");
                }
                if (!(poll > 0 && poll <= 86_400)) {
                    throw new IllegalArgumentException("--poll must lie in (0, 86400] seconds but was " + poll);
                }
                return new EvolveSchedule(
                                store,
                                strategyName,
                                Scheduler.parsePeriod(every),
                                Duration.ofMillis(Math.round(poll * 1000)),
                                maxPolls,
                                gates.config(),
                                grid,
                                webhook == null
                                        ? Optional.empty()
                                        : Optional.of(new Webhook(Webhook.parse(webhook), Duration.ofSeconds(10))),
                                progressOut)
                        .run();
            }
            return call(store, grid);
        }
    }

    private int call(Store store, ClusterRunOptions.Grid grid) throws IOException {
        PrintWriter human =
                json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (resume != null) {
            return resume(store, grid, human);
        }
        Bars bars = data.load(store.bars());
        RunConfig config =
                new RunConfig(population, generations, mutation, crossover, elite, minFitness, randomSeed, top);
        Bars finer = data.beforeResample();
        UnaryOperator<EvolutionRun.Builder> runSettings = builder -> {
            settings.apply(builder.seeds(Seeds.parse(seeds)).config(config))
                    .parsimony(acceptance.parsimony)
                    .acceptance(acceptance.criteria());
            if (finer != null) {
                builder.spreadFrom(finer); // the spread is the market's: estimated on the bars before resampling
            }
            return where(builder, grid);
        };
        Instant created = Instant.now();
        Optional<WalkForwardPlan> plan =
                walkForward == null ? Optional.empty() : Optional.of(new WalkForwardPlan(walkForward, anchored));
        String runId = RunIds.next("", bars.symbol(), randomSeed, Optional.ofNullable(walkForward), created);
        Path folder = out != null ? out : SeedgridHome.resolve().resolve("runs").resolve(runId);
        SavePlan save = noSave ? SavePlan.NONE : SavePlan.named(strategyName);
        if (walkForward != null) {
            return walkForward(human, bars, runSettings, runId, created, folder, store, plan, save);
        }
        EvolutionRun run = runSettings.apply(EvolutionRun.builder(bars)).build();
        RunManifest manifest = RunManifest.of(RunManifest.Origin.CLI, run, data.source(), bars, plan, save);
        return evolve(
                human,
                store,
                bars,
                run,
                runId,
                created,
                folder,
                save,
                () -> recording(store).create(runId, manifest, RunStatus.RUNNING));
    }

    /** Runs are recorded with a lease this process beats; Ctrl-C records them INTERRUPTED. */
    private static RunRecorder.Builder recording(Store store) {
        return RunRecorder.builder(store.runs()).interruptOnShutdown();
    }

    /** Where backtests run: --threads local threads, or the grid with --mode cluster. */
    private EvolutionRun.Builder where(EvolutionRun.Builder builder, ClusterRunOptions.Grid grid) {
        if (threads != null) {
            builder.evaluators((evaluationSpec, context) ->
                    new LocalEvaluator(evaluationSpec.fitnessFunction(), context, threads));
        }
        grid.configure(builder); // --mode cluster: backtests on the grid (one node for all runs of the command)
        return builder;
    }

    /**
     * Goes on with a stored run after its last checkpointed generation, whichever front end started it, on the same
     * bars and settings it recorded (its save plan included); it ends with the result the run would have had without
     * stopping. A run whose coordinator still holds it is refused.
     */
    private int resume(Store store, ClusterRunOptions.Grid grid, PrintWriter human) throws IOException {
        refuseRunSettings();
        StoredRun stored;
        try {
            stored = StoredRun.load(store, resume);
            stored.requireResumable(LeaseTerms.DEFAULT, Instant.now());
        } catch (IllegalArgumentException | RunHeldException e) {
            throw new IllegalArgumentException(
                    "--resume: " + e.getMessage()
                            + (e.getMessage().startsWith("no run")
                                    ? " (see the run ids in its reports, or 'seedgrid health')"
                                    : ""),
                    e);
        }
        Bars bars;
        try {
            bars = stored.loadBars(store.bars());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(
                    "--resume: the bars of run " + resume + " cannot be found again: " + e.getMessage(), e);
        }
        EvolutionRun run = where(stored.resumeBuilder(bars), grid).build();
        if (!run.spec().equals(stored.manifest().spec())) {
            throw new IllegalArgumentException("--resume: rebuilt on its bars, run " + resume + " would be judged by"
                    + " other fitness settings than it recorded (" + run.spec() + " against "
                    + stored.manifest().spec()
                    + "); start it again");
        }
        int after = stored.checkpoints().size();
        RunRecorder recorder;
        try {
            recorder = recording(store).takeOver(stored, RunStatus.RUNNING, "resumed after generation " + after);
        } catch (RunHeldException e) {
            throw new IllegalArgumentException("--resume: " + e.getMessage(), e);
        }
        human.printf(
                "resuming run %s after generation %d of %d%n",
                resume, after, stored.manifest().ga().generations());
        Path folder = out != null ? out : SeedgridHome.resolve().resolve("runs").resolve(resume);
        return evolve(
                human,
                store,
                bars,
                run,
                resume,
                stored.record().createdAt(),
                folder,
                stored.manifest().save(),
                () -> recorder);
    }

    /** With --resume, the run's recorded settings decide: options that would change them are refused, not ignored. */
    private void refuseRunSettings() {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> given = new ArrayList<>();
        List<OptionSpec> options = new ArrayList<>();
        for (String mixin : List.of("data", "settings", "acceptance")) {
            options.addAll(spec.mixins().get(mixin).options());
        }
        for (String name : List.of(
                "--seeds",
                "--population",
                "--generations",
                "--mutation",
                "--crossover",
                "--elite",
                "--min-fitness",
                "--seed",
                "--top",
                "--walk-forward",
                "--anchored",
                "--name",
                "--no-save")) {
            options.add(spec.findOption(name));
        }
        for (OptionSpec o : options) {
            if (parsed.hasMatchedOption(o)) {
                given.add(o.longestName());
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--resume goes on with the settings run " + resume + " recorded (its"
                    + " data, backtest, GA, acceptance and save settings); drop " + String.join(", ", given));
        }
    }

    private int evolve(
            PrintWriter human,
            Store store,
            Bars bars,
            EvolutionRun run,
            String runId,
            Instant created,
            Path folder,
            SavePlan save,
            Supplier<RunRecorder> recording)
            throws IOException {
        RunConfig config = run.config();
        human.printf("seedgrid run %s: %s%n", runId, bars);
        for (GateDecision g : run.gating()) {
            if (!g.eligible()) {
                human.printf("  kept out: %s %s (%s)%n", g.seed(), g.recommendation(), g.reason());
            }
        }
        human.printf(
                "  seeds: %s%n  population %d, %d generations, mutation %.2f, crossover %.2f, elite %.0f%%, seed %d%n",
                String.join(", ", run.spec().seedNames()),
                config.populationSize(),
                config.generations(),
                config.mutationRate(),
                config.crossoverRate(),
                config.eliteFraction() * 100,
                config.randomSeed());
        printExecution(human, run.spec().settings(), run.slippage(), run.market());
        BarGaps gaps = BarGaps.of(bars);
        if (!gaps.isEmpty()) {
            human.printf("  WARNING: %s%n", gaps.summary()); // indicators read the bars across a gap as consecutive
        }
        human.flush();

        RunResult result;
        try (var progress = new GenerationProgress(human, config.generations(), plain);
                var recorder = recording.get()) {
            try {
                result = run.run(progress, recorder::generation, progress);
            } catch (RuntimeException e) {
                recorder.failed(e);
                throw e;
            }
            recorder.results(result.top());
            recorder.completed();
        }
        human.printf("%nRecorded as run %s in %s storage (%s).%n", runId, store.backend(), store.location());
        String saved = saveBest(store, runId, bars, result, save, human);

        writeReports(folder, runId, created, result, bars);

        human.printf(
                "%nDone in %.1f s: %d distinct strategies backtested (%s).%n",
                result.durationMillis() / 1000.0, result.distinctGenomes(), result.evaluator());
        human.printf(
                "%nTop strategies, distinct in behaviour (fitness = in-sample Sharpe less trade and parsimony"
                        + " penalties; %s):%n",
                result.spec().settings().describe());
        for (RankedStrategy r : result.top()) {
            printRanked(human, r);
        }
        printSelectionBias(human, result);
        printVerdict(human, result);
        human.printf("%nReport: %s%n       %s%n", folder.resolve("report.json"), folder.resolve("report.html"));
        human.flush();
        if (json) {
            Map<String, Object> view = Views.run(runId, created, result);
            view.put("saved_strategy", saved);
            spec.commandLine().getOut().println(Json.write(view));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /**
     * Registers the best strategy, if accepted, as a new DRAFT version in the strategy registry (unless --no-save);
     * returns its id, or null.
     */
    private String saveBest(Store store, String runId, Bars bars, RunResult result, SavePlan save, PrintWriter human) {
        var best = result.bestAccepted();
        if (!save.register() || best.isEmpty()) {
            if (save.register()) {
                human.printf(
                        "No strategy was accepted: nothing registered (seedgrid strategies save %s --rank N"
                                + " registers one anyway).%n",
                        runId);
            }
            return null;
        }
        RegisteredStrategy saved = StrategyRegistries.open(store)
                .save(new NewStrategy(
                        save.name().orElseGet(() -> NewStrategy.defaultName(bars.symbol(), bars.timeframe())),
                        StrategyDefinition.of(
                                best.get().strategy(), result.spec().settings()),
                        bars,
                        runId,
                        best.get().rank(),
                        GateOptions.actor(),
                        result.top().size()));
        human.printf(
                "Registered the best accepted strategy as %s (DRAFT%s): seedgrid strategies show %s%n",
                saved.id(), saved.parentId().map(p -> ", after " + p).orElse(""), saved.id());
        return saved.id();
    }

    private void writeReports(Path folder, String runId, Instant created, RunResult result, Bars bars)
            throws IOException {
        Files.createDirectories(folder);
        writeAtomically(folder.resolve("report.json"), Json.write(Views.run(runId, created, result)));
        writePopulationReturns(folder.resolve("population-returns.csv.gz"), result, bars);
        writeAtomically(folder.resolve("report.html"), HtmlReport.render(runId, result, bars));
    }

    /**
     * The final population's per-bar net returns (one column per distinct strategy, one row per bar), gzipped CSV:
     * the return matrix behind PBO, kept so the figures can be checked or recomputed.
     */
    private static void writePopulationReturns(Path target, RunResult result, Bars bars) throws IOException {
        double[][] columns = result.populationReturns();
        Path temp = Files.createTempFile(target.getParent(), ".returns", ".tmp");
        try (var out = new PrintWriter(
                new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(temp)), StandardCharsets.UTF_8))) {
            out.print("bar_end");
            for (int c = 0; c < columns.length; c++) {
                out.print(",s" + (c + 1));
            }
            out.println();
            for (int t = 0; t < bars.size(); t++) {
                out.print(bars.endTime(t));
                for (double[] column : columns) {
                    out.print(',');
                    out.print((float) column[t]);
                }
                out.println();
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private int walkForward(
            PrintWriter human,
            Bars bars,
            UnaryOperator<EvolutionRun.Builder> runSettings,
            String runId,
            Instant created,
            Path folder,
            Store store,
            Optional<WalkForwardPlan> plan,
            SavePlan save)
            throws IOException {
        if (anchored && walkForward == null) {
            throw new IllegalArgumentException("--anchored needs --walk-forward K");
        }
        var walk = new WalkForward(bars, walkForward, anchored, runSettings);
        human.printf(
                "seedgrid walk-forward run %s: %s, %d folds, %s windows%n  population %d, %d generations, seed %d%n",
                runId, bars, walkForward, anchored ? "anchored" : "rolling", population, generations, randomSeed);
        EvolutionRun firstFold = runSettings
                .apply(EvolutionRun.builder(bars))
                .inSampleWindow(anchored ? 0 : walk.boundary(0), walk.boundary(1))
                .build();
        printExecution(human, firstFold.spec().settings(), firstFold.slippage(), firstFold.market());
        if (firstFold.slippage().estimated()) {
            human.printf(
                    "  (each fold estimates its slippage from its own in-sample bars; the first fold's is shown)%n");
        }
        human.flush();
        WalkForwardResult result;
        try (var progress = new GenerationProgress(human, walkForward * generations, plain);
                var recorder = recording(store)
                        .create(
                                runId,
                                RunManifest.of(
                                        RunManifest.Origin.CLI,
                                        runSettings
                                                .apply(EvolutionRun.builder(bars))
                                                .build(),
                                        data.source(),
                                        bars,
                                        plan,
                                        save),
                                RunStatus.RUNNING)) {
            try {
                result = walk.run(new WalkForward.FoldListener() {
                    @Override
                    public void foldStarted(int fold, int from, int split, int end) {
                        if (plain) {
                            human.printf(
                                    "fold %d: in-sample bars [%d, %d), out of sample [%d, %d)%n",
                                    fold + 1, from, split, split, end);
                        }
                    }

                    @Override
                    public void generation(int fold, GenerationStats stats) {
                        progress.accept(stats);
                    }
                });
            } catch (RuntimeException e) {
                recorder.failed(e);
                throw e;
            }
            // One result per fold: each fold's winner, ranked by fold.
            recorder.results(result.folds().stream()
                    .map(f -> f.best().withRank(f.index() + 1))
                    .toList());
            recorder.completed();
        }
        Files.createDirectories(folder);
        writeAtomically(folder.resolve("report.json"), Json.write(Views.walkForward(runId, created, bars, result)));
        writeAtomically(folder.resolve("report.html"), HtmlReport.renderWalkForward(runId, bars, result));
        human.printf("%nFolds (each winner traded unchanged on the next window):%n");
        human.printf(
                "%-5s %-22s %-22s %9s %9s %8s %8s  %s%n",
                "fold",
                "in-sample from",
                "out of sample from",
                "IS Sharpe",
                "OOS Sharpe",
                "DSR",
                "PBO",
                "best strategy");
        for (Fold f : result.folds()) {
            var bias = f.run().selectionBias();
            human.printf(
                    "%-5d %-22s %-22s %9.3f %9.3f %8s %8s  %s%n",
                    f.index() + 1,
                    f.inSampleStart(),
                    f.outOfSampleStart(),
                    f.inSample().sharpe(),
                    f.outOfSample().sharpe(),
                    probability(bias.deflatedSharpe()),
                    probability(bias.pbo()),
                    f.best().strategy());
        }
        human.printf(
                "%nStitched out-of-sample result (the headline), %d bars from %s:%n",
                result.stitched().bars(), result.folds().get(0).outOfSampleStart());
        var m = result.stitched();
        human.printf(
                "  Sharpe %.3f, Sortino %.3f, return %.2f%%, max drawdown %.2f%%, %d trades, win rate %.1f%%, "
                        + "exposure %.1f%%%n",
                m.sharpe(),
                m.sortino(),
                m.totalReturn() * 100,
                m.maxDrawdown() * 100,
                m.trades(),
                m.winRate() * 100,
                m.exposure() * 100);
        human.printf(
                "%nDone in %.1f s.%nReport: %s%n       %s%n",
                result.durationMillis() / 1000.0, folder.resolve("report.json"), folder.resolve("report.html"));
        human.flush();
        if (json) {
            spec.commandLine().getOut().println(Json.write(Views.walkForward(runId, created, bars, result)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** When positions are filled and what trading costs, with the data's spread estimates and warnings. */
    static void printExecution(PrintWriter out, BacktestSettings s, SlippageBasis slippage, MarketDiagnosis market) {
        out.printf("  execution: %s%n  costs: %s%n", s.fill().meaning(), BacktestOptions.costs(s, slippage));
        out.printf(
                "  data: lag-1 autocorrelation %s, %s of bar returns zero, median move %s bps; spread estimates:"
                        + " %s%n",
                Views.number(market.lag1Autocorrelation(), 3),
                Views.percent(market.zeroReturnShare()),
                Views.number(market.medianAbsMoveBps(), 1),
                market.spreads().all().stream()
                        .map(e -> e.estimator() + " " + (e.defined() ? Views.number(e.spreadBps(), 1) : "undefined"))
                        .collect(Collectors.joining(", ")));
        market.warnings().forEach(w -> out.printf("  WARNING: %s%n", w));
    }

    /** One reported strategy: rank, verdict, genes, metrics beside buy-and-hold, every criterion, break-even cost. */
    static void printRanked(PrintWriter out, RankedStrategy r) {
        out.printf(
                "%n#%d %s fitness %.3f  %s%n",
                r.rank(),
                r.accepted() ? "ACCEPTED" : "NOT ACCEPTED",
                r.fitness().value(),
                r.strategy());
        var e = r.evidence();
        BacktestCommand.printMetrics(out, e.result(), e.buyAndHold());
        for (Criterion c : r.verdict().criteria()) {
            out.printf("  %s %s%n", c.passed() ? "pass" : "FAIL", c.detail());
        }
        out.printf(
                "  break-even cost (per unit traded, for a zero out-of-sample return): %s%n",
                Views.breakEven(e.breakEvenCostBps()));
    }

    /** The run's answer in one paragraph: what was accepted, or plainly that nothing was, and why. */
    private static void printVerdict(PrintWriter out, RunResult result) {
        var accepted = result.top().stream().filter(RankedStrategy::accepted).toList();
        if (!accepted.isEmpty()) {
            RankedStrategy a = accepted.get(0);
            out.printf(
                    "%nAccepted: %d of %d reported strategies; the best, #%d, has out-of-sample Sharpe %.3f (buy-and-hold"
                            + " %.3f), PSR %s, %d trades.%n",
                    accepted.size(),
                    result.top().size(),
                    a.rank(),
                    a.evidence().result().outOfSample().sharpe(),
                    a.evidence().buyAndHold().outOfSample().sharpe(),
                    Views.number(a.evidence().outOfSamplePsr(), 3),
                    a.evidence().result().outOfSample().trades());
            return;
        }
        out.printf("%nNo strategy accepted: %s%n", Views.noEdge(result));
    }

    /** DSR and PBO beside the best strategy's out-of-sample figures: how much of the winner may be luck. */
    private static void printSelectionBias(PrintWriter out, RunResult result) {
        var b = result.selectionBias();
        result.best()
                .ifPresent(best -> out.printf(
                        "%nBest in-sample strategy: out-of-sample Sharpe %.3f, return %.2f%%"
                                + " | deflated Sharpe %s naive, %s clustered (%s strict) | PBO %s (%d trials, %d distinct in the final"
                                + " population)%n",
                        best.fitness().outOfSample().sharpe(),
                        best.fitness().outOfSample().totalReturn() * 100,
                        probability(b.deflatedSharpe()),
                        probability(b.clusteredDeflatedSharpe()),
                        probability(b.strictDeflatedSharpe()),
                        probability(b.pbo()),
                        b.trials(),
                        b.pboStrategies()));
        out.printf(
                "  DSR: probability that the best in-sample Sharpe beats the best of skill-less trials: naive, as %d"
                        + " independent trials (%.2f annualised expected); clustered, as %s clusters of trials whose returns move"
                        + " together (%s annualised; strict also counts the winner's luck inside its cluster). PBO: share of CSCV splits (S=%d) where the in-sample winner ranks below"
                        + " the median out of sample. Neither gates acceptance unless --min-dsr is given.%n",
                b.trials(),
                b.expectedMaxSharpe(),
                b.clustered().map(c -> String.valueOf(c.clusters())).orElse("n/a"),
                probability(b.clusteredExpectedMaxSharpe()),
                b.pboBlocks());
        b.warnings().forEach(w -> out.printf("  warning: %s%n", w));
    }

    private static String probability(double p) {
        return Double.isFinite(p) ? String.format(Locale.ROOT, "%.3f", p) : "n/a";
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

    /**
     * Progress: a bar that moves with every backtest (genomes done in the current generation) on a terminal, plain
     * lines with --plain or when the output is not a terminal (a file, a pipe). The ETA counts only generations after
     * the first (which trains the models and is slower) and is unknown until two have finished.
     */
    private static final class GenerationProgress
            implements Consumer<GenerationStats>, EvaluationProgress, AutoCloseable {
        private static final int STEPS = 100; // bar steps per generation
        private final PrintWriter out;
        private final ProgressBar bar;
        private final int generations;
        private final List<Long> durations = new ArrayList<>();
        private volatile int completed;
        private volatile int generation;
        private volatile int batch;
        private final AtomicInteger done = new AtomicInteger();
        private volatile long batchStart = System.nanoTime();

        GenerationProgress(PrintWriter out, int generations, boolean plain) {
            this.out = out;
            this.generations = generations;
            this.bar = plain || !interactiveTerminal()
                    ? null
                    : new ProgressBarBuilder()
                            .setTaskName("evolving")
                            .setInitialMax((long) generations * STEPS)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUnit(" gen", STEPS)
                            .setEtaFunction(state -> eta())
                            .setConsumer(new DelegatingProgressBarConsumer(
                                    line -> {
                                        out.print("\r" + line);
                                        out.flush();
                                    },
                                    100))
                            .build();
        }

        /** Whether standard output is an interactive terminal (JDK 22+ can tell; before, a console means one). */
        private static boolean interactiveTerminal() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException olderJdk) {
                return true;
            }
        }

        /** Remaining time from the typical generation after the first; unknown before two have finished. */
        private Optional<Duration> eta() {
            List<Long> later;
            synchronized (durations) {
                if (durations.size() < 2) {
                    return Optional.empty();
                }
                later = new ArrayList<>(durations.subList(1, durations.size()));
            }
            later.sort(null);
            long typical = later.get(later.size() / 2);
            double current = batch == 0 ? 0 : Math.min(1, (double) done.get() / batch);
            double left = Math.max(0, generations - completed - current);
            return Optional.of(Duration.ofMillis((long) (left * typical)));
        }

        @Override
        public void batchStarted(int gen, int genomes) {
            generation = gen;
            batch = genomes;
            done.set(0);
            batchStart = System.nanoTime();
            if (bar == null) {
                out.printf("generation %d: backtesting %d new genomes...%n", gen, genomes);
                out.flush();
            } else {
                bar.setExtraMessage(String.format(Locale.ROOT, " gen %d: 0/%d genomes", gen, genomes));
            }
        }

        @Override
        public void evaluated(int count) {
            int now = done.addAndGet(count);
            if (bar != null && batch > 0) {
                bar.stepTo((long) completed * STEPS + (long) Math.min(STEPS - 1, (long) now * STEPS / batch));
                bar.setExtraMessage(String.format(Locale.ROOT, " gen %d: %d/%d genomes", generation, now, batch));
            }
        }

        @Override
        public void accept(GenerationStats g) {
            synchronized (durations) {
                durations.add(g.durationMillis());
            }
            completed++;
            batch = 0;
            if (bar == null) {
                out.printf(
                        "generation %d: best %.3f mean %.3f, %d new backtests, %d ms%s%n",
                        g.generation(),
                        g.bestFitness(),
                        g.meanFitness(),
                        g.evaluations(),
                        g.durationMillis(),
                        g.batch().map(b -> "; " + ClusterRunOptions.describe(b)).orElse(""));
                out.flush();
            } else {
                bar.stepTo((long) completed * STEPS);
                bar.setExtraMessage(String.format(
                                Locale.ROOT,
                                " gen %d best %.3f mean %.3f",
                                g.generation(),
                                g.bestFitness(),
                                g.meanFitness())
                        + g.batch()
                                .map(b -> "; " + ClusterRunOptions.describe(b))
                                .orElse(""));
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
