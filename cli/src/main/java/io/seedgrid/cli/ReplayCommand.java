package io.seedgrid.cli;

import io.seedgrid.alerts.Alert;
import io.seedgrid.alerts.Alerts;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.service.ApiJson;
import io.seedgrid.service.HttpAlerts;
import io.seedgrid.service.LifecycleMonitor;
import io.seedgrid.service.SeedgridService;
import io.seedgrid.service.SeedgridServices;
import io.seedgrid.service.ServiceConfig;
import io.seedgrid.storage.SeedgridHome;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.LiveReturns;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.live.LiveLoop;
import io.seedgrid.strategies.live.LoopSettings;
import io.seedgrid.strategies.live.Reevolution;
import io.seedgrid.strategies.live.Replay;
import io.seedgrid.strategies.live.ReplayClock;
import io.seedgrid.validation.Scheduler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Rehearses a strategy's life on past bars, exactly as it would live: the bars before --from are",
            "history in a replay store of its own (--into); the strategy NAME is evolved on them (unless the store",
            "has it already) and walks through TESTING and STAGING into SHADOW; then every later bar is fed in",
            "alone, as a live feed would bring it, through the live loop (store the bar, signals of every SHADOW,",
            "CANARY and PRODUCTION version, gates: shadows to CANARY, each canary step 10%% -> 25%% -> 50%% -> 100%%",
            "-> PRODUCTION or a rollback, drift; re-evolutions on --evolve-every and on drift or decay; alerts to",
            "--webhook). The clock is the replayed bars'. Afterwards look at the store with the usual commands",
            "(--duckdb FILE): strategies list|show|compare, signals."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Mixin
    StorageOptions storage;

    @Mixin
    BacktestOptions settings;

    @Mixin
    AcceptanceOptions acceptance;

    @Mixin
    GateOptions gates;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "The first replayed bar: the first ending at or after this (ISO instant or date). Default: the"
                            + " middle of the bars.")
    String from;

    @Option(
            names = "--bars",
            paramLabel = "N",
            defaultValue = "0",
            description = "Replay at most N bars (0: all after --from). Default: ${DEFAULT-VALUE}.")
    int bars;

    /** Pacing: --speed or --as-fast-as-possible (the default). */
    static final class Pace {
        @Option(
                names = "--speed",
                paramLabel = "X",
                description = "Replay at X times real time (a daily bar every 8.6 s at 10000).")
        Double speed;

        @Option(names = "--as-fast-as-possible", description = "No waiting between bars (the default).")
        boolean fast;
    }

    @ArgGroup(exclusive = true)
    Pace pace;

    @Option(
            names = "--into",
            paramLabel = "FILE",
            description =
                    "The replay store, a DuckDB file of its own (default: $SEEDGRID_HOME/replay/SYMBOL-TF.duckdb).")
    Path into;

    @Option(names = "--fresh", description = "Start the replay store afresh (delete it first).")
    boolean fresh;

    @Option(names = "--name", paramLabel = "NAME", description = "The strategy name (default: SYMBOL-TIMEFRAME).")
    String name;

    @Option(
            names = "--seeds",
            paramLabel = "SEED[,SEED...]",
            description = "Seeds of its first evolution (default: all).")
    String seeds;

    @Option(
            names = "--population",
            defaultValue = "20",
            paramLabel = "N",
            description = "Population of its evolutions. Default: ${DEFAULT-VALUE}.")
    int population;

    @Option(
            names = "--generations",
            defaultValue = "3",
            paramLabel = "N",
            description = "Generations of its evolutions. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Option(
            names = "--lenient",
            description = {
                "Take what short data can show: acceptance and the STAGING gates off (the drawdown limit,",
                "canary, shadow and drift gates stay). For rehearsing the life on the bundled data, whose held-out",
                "days prove no edge."
            })
    boolean lenient;

    @Option(
            names = "--evolve-every",
            paramLabel = "PERIOD",
            description = "Re-evolve the PRODUCTION version this often in replayed time (e.g. 30d), besides on drift or"
                    + " decay.")
    String evolveEvery;

    @Option(
            names = "--promote-shadows",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "A shadow that passes its gates goes to CANARY by itself (on by default in a replay, where no"
                    + " one is there to promote it; --no-promote-shadows leaves it to 'strategies promote').")
    boolean promoteShadows;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            defaultValue = "${env:" + Webhook.ENV_URL + "}",
            description = "POST each alert (JSON) to this URL when it fires and when it clears (default: env "
                    + Webhook.ENV_URL + ").")
    String webhook;

    @Option(
            names = "--serve",
            paramLabel = "PORT",
            description = "Serve the replay store over HTTP on 127.0.0.1:PORT while replaying (the dashboard, the API,"
                    + " /metrics with the alerts; writes need the token of " + ServiceConfig.TOKEN_ENV + ").")
    Integer serve;

    @Option(names = "--json", description = "Print the replay's summary as JSON on stdout; the life goes to stderr.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter human =
                json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        // every option checked before anything is read or written
        Duration every = evolveEvery == null ? null : Scheduler.parsePeriod(evolveEvery);
        Instant start = from == null ? null : SignalsCommand.parseTime("--from", from);
        double speed = Replay.requireSpeed(pace != null && pace.speed != null ? pace.speed : 0);
        Webhook alertsTo = webhook == null || webhook.isBlank()
                ? null
                : new Webhook(Webhook.parse(webhook), Duration.ofSeconds(10));
        Bars source;
        try (Store sourceStore = storage.open()) {
            source = data.load(sourceStore.bars());
        }
        String strategy = name != null ? name : NewStrategy.defaultName(source.symbol(), source.timeframe());
        Path file = into != null
                ? into
                : SeedgridHome.resolve()
                        .resolve("replay")
                        .resolve(source.symbol().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                                + source.timeframe().label() + ".duckdb");
        if (fresh) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        }
        GateConfig gateConfig = lenient
                ? gates.config().toBuilder()
                        .minOutOfSampleSharpe(-1e9)
                        .requireDataSufficiency(false)
                        .outOfSampleConfidence(0)
                        .minOutOfSampleTrades(0)
                        .requireRobustness(false)
                        .build()
                : gates.config();
        try (Store target = Stores.open(StorageConfig.local(file))) {
            ReplayClock clock = new ReplayClock(source.endTime(0));
            StrategyRegistry registry = StrategyRegistries.open(target, clock, gateConfig);
            Reevolution reevolution = new Reevolution(target, registry, clock, UnaryOperator.identity(), "replay");
            LoopSettings loopSettings = LoopSettings.builder()
                    .promoteShadows(promoteShadows)
                    .reevolveEvery(every)
                    .names(Set.of(strategy))
                    .actor("replay")
                    .build();
            LiveLoop.Builder loopBuilder = LiveLoop.builder(target, registry, clock)
                    .settings(loopSettings)
                    .reevolution(reevolution)
                    .log(line -> {});
            if (alertsTo != null) {
                loopBuilder.webhook(alertsTo);
            }
            List<String> alertLines = new ArrayList<>();
            loopBuilder.alertListener(new Alerts.Listener() {
                @Override
                public void changed(Alert alert) {
                    alertLines.add(alert.line());
                }

                @Override
                public void delivered(Alert alert, Webhook.Delivery delivery) {
                    if (!delivery.ok()) {
                        alertLines.add(delivery.line());
                    }
                }
            });
            LiveLoop loop = loopBuilder.build();
            Replay.Builder rb =
                    Replay.builder(source, target, clock, loop).bars(bars).speed(speed);
            if (start != null) {
                rb.from(start);
            }
            Replay replay = rb.build();
            int first = replay.firstIndex();
            boolean resumed =
                    target.bars().readBars(source.symbol(), source.timeframe()).size() > 0;
            if (!resumed) {
                replay.writeHistory();
            } else if (target.bars()
                            .readBars(source.symbol(), source.timeframe(), source.endTime(first), null)
                            .size()
                    > 0) {
                throw new IllegalArgumentException(
                        "the replay store " + file + " has bars from " + source.endTime(first)
                                + " on already: replay into another --into, or start it afresh with --fresh");
            } else {
                clock.set(source.endTime(first - 1));
            }
            human.printf(
                    "replay of %s into %s: %d bars of history to %s, then %s%n",
                    source,
                    file,
                    first,
                    source.endTime(first - 1),
                    bars > 0 ? bars + " bars one at a time" : "every later bar, one at a time");
            human.flush();
            if (registry.find(strategy).isEmpty()) {
                RunConfig config =
                        new RunConfig(population, generations, 0.1, 0.8, 0.2, lenient ? -1e9 : 0.5, randomSeed, 5);
                AcceptanceCriteria criteria = lenient
                        ? AcceptanceCriteria.builder()
                                .minFitness(-1e9)
                                .minOutOfSampleSharpe(-1e9)
                                .confidence(0)
                                .minOutOfSampleTrades(0)
                                .requireDelayRobust(false)
                                .costFactor(1)
                                .beatBuyAndHold(false)
                                .build()
                        : acceptance.criteria();
                UnaryOperator<EvolutionRun.Builder> firstSettings =
                        b -> settings.apply(b.seeds(Seeds.parse(seeds)).config(config))
                                .parsimony(acceptance.parsimony)
                                .acceptance(criteria);
                Reevolution.Outcome o =
                        reevolution.first(strategy, source.symbol(), source.timeframe(), first, firstSettings);
                human.printf("%s  %s%n", clock.instant(), o.message());
                human.flush();
                if (o.status() != Reevolution.Status.SHADOW) {
                    human.printf(
                            "Nothing to replay: %s has no version in SHADOW (%s). Try other --seeds, more"
                                    + " --generations, or --lenient.%n",
                            strategy, o.status());
                    human.flush();
                    return 0;
                }
            }
            SeedgridService service = serve == null
                    ? null
                    : SeedgridServices.start(
                            ServiceConfig.builder()
                                    .port(serve)
                                    .apiToken(ServeCommand.environment.apply(ServiceConfig.TOKEN_ENV))
                                    .clock(clock)
                                    .gates(gateConfig)
                                    .monitor(new LifecycleMonitor(loop, Optional.empty(), HttpAlerts.DEFAULT))
                                    .build(),
                            target);
            Thread hook = new Thread(replay::stop, "seedgrid-replay-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            Replay.Summary summary;
            try {
                if (service != null) {
                    human.printf("serving the replay store on %s%n", service.url());
                    human.flush();
                }
                summary = replay.run(t -> {
                    t.shadowsMoved()
                            .forEach(id -> human.printf("%s  %s passed its shadow gates: CANARY%n", t.at(), id));
                    t.reviews().forEach(r -> human.printf("%s  %s%n", t.at(), r.message()));
                    t.started()
                            .forEach((n, trigger) ->
                                    human.printf("%s  re-evolving %s (%s)%n", t.at(), n, trigger.label()));
                    t.finished().forEach(o -> human.printf("%s  %s%n", t.at(), o.message()));
                    alertLines.forEach(line -> human.printf("%s  %s%n", t.at(), line));
                    alertLines.clear();
                    human.flush();
                });
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
                if (service != null) {
                    service.close();
                }
            }
            List<RegisteredStrategy> versions = registry.list();
            Map<String, LiveReturns> lives = new LinkedHashMap<>();
            versions.forEach(s -> lives.put(s.id(), registry.liveReturns(s.id())));
            Metrics hold = buyAndHold(
                    source,
                    versions.get(0).definition().settings(),
                    first,
                    summary.ticks().size());
            Map<String, Object> view = summary(file, source, summary, registry, versions, lives, hold, loop);
            human.printf(
                    "%nReplayed %d bars to %s%s.%n",
                    summary.ticks().size(), clock.instant(), summary.stopped() ? " (stopped)" : "");
            for (RegisteredStrategy s : versions) {
                LiveReturns live = lives.get(s.id());
                Metrics m = Metrics.ofReturns(live.returns(), 0, 0, 0, source.barsPerYear());
                human.printf(
                        Locale.ROOT,
                        "  %-24s %-10s share %4.0f%%  %s%s%n",
                        s.id(),
                        s.stage(),
                        s.share() * 100,
                        live.size() == 0
                                ? "no live bars"
                                : String.format(
                                        Locale.ROOT,
                                        "%d live bars: return %.2f%%," + " Sharpe %.2f, max drawdown %.2f%%",
                                        live.size(),
                                        m.totalReturn() * 100,
                                        m.sharpe(),
                                        m.maxDrawdown() * 100),
                        s.trigger().map(t -> " (" + t + ")").orElse(""));
            }
            human.printf(
                    Locale.ROOT,
                    "  %-47s %d bars: return %.2f%%, Sharpe %.2f, max drawdown %.2f%%%n",
                    "buy and hold " + source.symbol(),
                    summary.ticks().size(),
                    hold.totalReturn() * 100,
                    hold.sharpe(),
                    hold.maxDrawdown() * 100);
            human.printf("  alerts fired: %s%n", loop.alerts().firedCounts());
            human.printf(
                    "%nLook closer: seedgrid strategies list --duckdb %s%n             seedgrid strategies show %s"
                            + " --duckdb %s%n",
                    file, strategy, file);
            human.flush();
            if (json) {
                spec.commandLine().getOut().println(ApiJson.write(view, true));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /**
     * Holding the symbol over the replayed bars, with the versions' fill and costs (the backtest's buy and hold, held
     * since the first bar): what every version's live figures stand beside.
     */
    private static Metrics buyAndHold(Bars source, BacktestSettings settings, int first, int count) {
        double[] market = new double[source.size()];
        settings.backtest().buyAndHold(SeedContext.of(source), 0, market);
        return Metrics.ofReturns(Arrays.copyOfRange(market, first, first + count), 0, 0, 0, source.barsPerYear());
    }

    private static Map<String, Object> summary(
            Path file,
            Bars source,
            Replay.Summary summary,
            StrategyRegistry registry,
            List<RegisteredStrategy> versions,
            Map<String, LiveReturns> lives,
            Metrics hold,
            LiveLoop loop) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("replay_store", file.toString());
        v.put("symbol", source.symbol());
        v.put("timeframe", source.timeframe().label());
        v.put("history_bars", summary.history());
        v.put("replayed_bars", summary.ticks().size());
        v.put("stopped", summary.stopped());
        Instant last = summary.ticks().isEmpty()
                ? null
                : summary.ticks().get(summary.ticks().size() - 1).at();
        v.put("to", last);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RegisteredStrategy s : versions) {
            Map<String, Object> row = new LinkedHashMap<>(ApiJson.summary(s));
            LiveReturns live = lives.get(s.id());
            Metrics m = Metrics.ofReturns(live.returns(), 0, 0, 0, source.barsPerYear());
            row.put("live_bars", live.size());
            row.put("live_return", m.totalReturn());
            row.put("live_sharpe", m.sharpe());
            row.put("live_max_drawdown", m.maxDrawdown());
            row.put(
                    "history",
                    registry.history(s.id()).stream().map(ApiJson::event).toList());
            rows.add(row);
        }
        v.put("versions", rows);
        v.put(
                "buy_and_hold",
                Map.of("return", hold.totalReturn(), "sharpe", hold.sharpe(), "max_drawdown", hold.maxDrawdown()));
        v.put("alerts_fired", loop.alerts().firedCounts());
        return v;
    }
}
