package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.run.SlippageBasis;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.market.SpreadEstimates;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import io.seedgrid.storage.Store;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Backtests one strategy and prints its in-sample and out-of-sample metrics beside buy-and-hold,",
            "its out-of-sample significance, the two stress tests and its break-even cost. Either a registered",
            "strategy (--strategy, with its stored fill and costs unless overridden here) or one given by seeds",
            "and genes. Example: seedgrid backtest --seeds EMACrossoverSeed --genes fast=12,slow=26 --symbol AAPL"
        })
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Mixin
    BacktestOptions settings;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--strategy",
            paramLabel = "ID|NAME",
            description = "A registered strategy (an id, or a name for its newest version), backtested with its stored "
                    + "settings; --fill, --fee-bps, --slippage(-bps), --allow-short and --oos-fraction override them. "
                    + "Its own symbol unless --symbol is given.")
    String strategy;

    @Option(
            names = "--seeds",
            paramLabel = "SEED[,SEED...]",
            description = "Seeds of the strategy, equally weighted (see 'seedgrid seeds').")
    String seeds;

    @Option(
            names = "--genes",
            paramLabel = "NAME=VALUE[,...]",
            description = "Gene values; unnamed genes keep their defaults. With several seeds, qualify: "
                    + "EMACrossoverSeed.fast=12.")
    String genes;

    @Option(
            names = "--entry",
            defaultValue = "0.3",
            paramLabel = "X",
            description = "Blended signal at which a position opens, in (0, 1]. Default: ${DEFAULT-VALUE}.")
    double entry;

    @Option(
            names = "--exit",
            defaultValue = "0.0",
            paramLabel = "X",
            description = "Blended signal at which it closes (at most the entry). Default: ${DEFAULT-VALUE}.")
    double exit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if ((strategy == null) == (seeds == null)) {
            throw new IllegalArgumentException("give either --strategy ID|NAME (a registered strategy) or --seeds"
                    + " SEED[,SEED...] (a strategy by its genes), not " + (strategy == null ? "neither" : "both"));
        }
        BlendedStrategy blend;
        BacktestSettings backtestSettings;
        Bars bars;
        String label;
        boolean estimated;
        try (Store store = storage.open()) {
            if (strategy != null) {
                RegisteredStrategy s = StrategyRegistries.open(store).get(strategy);
                if (!given("--symbol")) {
                    data.symbol = s.evolvedOn().symbol();
                }
                if (!given("--timeframe")) {
                    data.timeframe = s.evolvedOn().timeframe().label();
                }
                bars = data.load(store.bars());
                blend = s.definition().strategy();
                backtestSettings = overridden(s.definition().settings(), bars);
                estimated = slippageGiven() && settings.fixedSlippage().isEmpty();
                label = s.id();
            } else {
                bars = data.load(store.bars());
                blend = fromGenes(bars);
                backtestSettings = settings.settings(bars);
                estimated = settings.fixedSlippage().isEmpty();
                label = null;
            }
        }
        SpreadEstimates spreads = BacktestOptions.estimate(bars, backtestSettings);
        Evidence e = Evidence.of(blend, backtestSettings, SeedContext.of(bars), Evidence.DEFAULT_COST_FACTOR);
        BacktestResult result = e.result();
        List<String> silent = silentSeeds(blend, bars);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("registered_strategy", label);
            view.put("symbol", bars.symbol());
            view.put("timeframe", bars.timeframe().label());
            view.put("bars", bars.size());
            view.put(
                    "settings",
                    Views.settings(backtestSettings, new SlippageBasis(estimated, spreads, "the in-sample bars")));
            view.put("silent_seeds", silent);
            view.putAll(Views.backtest(blend, result, bars.endTime(Math.min(result.splitIndex(), bars.size() - 1))));
            view.put("evidence", Views.evidence(e, 1));
            out.println(Json.write(view));
        } else {
            out.printf(
                    "%s%s %s, %d bars; out of sample from bar %d (%s)%n",
                    label != null ? label + " on " : "",
                    bars.symbol(),
                    bars.timeframe(),
                    bars.size(),
                    result.splitIndex(),
                    bars.endTime(Math.min(result.splitIndex(), bars.size() - 1)));
            out.printf(
                    "strategy: %s%nexecution: %s%ncosts: %s, %s%n",
                    blend,
                    backtestSettings.fill().meaning(),
                    BacktestOptions.costs(
                            backtestSettings, new SlippageBasis(estimated, spreads, "the in-sample bars")),
                    backtestSettings.allowShort() ? "long/short" : "long only");
            silent.forEach(line -> out.printf("silent: %s%n", line));
            out.println();
            printMetrics(out, result, e.buyAndHold());
            out.printf(
                    "%nout-of-sample PSR against 0: %s; out-of-sample Sharpe with next-close fills %s, at %.0f x costs %s;"
                            + " break-even cost per unit traded %s%n",
                    Views.number(e.outOfSamplePsr(), 4),
                    Views.number(e.nextCloseOutOfSampleSharpe(), 3),
                    e.costFactor(),
                    Views.number(e.stressedCostOutOfSampleSharpe(), 3),
                    Views.breakEven(e.breakEvenCostBps()));
        }
        out.flush();
        return 0;
    }

    private boolean given(String option) {
        ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private boolean slippageGiven() {
        return given("--slippage") || given("--slippage-bps");
    }

    /** A registered strategy's settings, with whatever was given on the command line instead. */
    private BacktestSettings overridden(BacktestSettings stored, Bars bars) {
        BacktestSettings s = stored;
        if (given("--fill")) {
            s = s.withFill(settings.fill());
        }
        if (given("--allow-short")) {
            s = s.withAllowShort(settings.allowShort);
        }
        if (given("--oos-fraction")) {
            s = s.withOutOfSampleFraction(settings.outOfSampleFraction);
        }
        double fee = given("--fee-bps") ? settings.feeBps : s.feeBps();
        double slippage = s.slippageBps();
        if (slippageGiven()) {
            slippage = settings.fixedSlippage()
                    .orElseGet(
                            () -> SpreadEstimates.of(stored.inSampleBars(bars)).slippageBps());
        }
        return s.withCosts(new CostModel(fee, slippage));
    }

    private BlendedStrategy fromGenes(Bars bars) {
        List<Seed> chosen = Seeds.parse(seeds);
        List<SeedGenes> components = new ArrayList<>();
        for (Seed seed : chosen) {
            components.add(new SeedGenes(seed, Genes.parse(seed.genes(), genesFor(seed, chosen.size() > 1)), 1));
        }
        if (components.stream()
                .allMatch(c -> !DataSufficiency.assess(c.seed(), bars.size(), c.genes())
                        .eligible())) {
            GateDecision g = DataSufficiency.assess(
                    components.get(0).seed(), bars.size(), components.get(0).genes());
            throw new IllegalArgumentException("no seed of the strategy can give a signal on " + bars.size() + " bars: "
                    + g.seed() + " " + g.recommendation() + " (" + g.reason() + ")");
        }
        return new BlendedStrategy(components, entry, exit);
    }

    /**
     * The weighted seeds that cannot speak on these bars (their genes need more): they stay silent, exactly as in
     * evolution, so the same strategy gets the same answer from every verb.
     */
    private static List<String> silentSeeds(BlendedStrategy blend, Bars bars) {
        List<String> silent = new ArrayList<>();
        for (SeedGenes c : blend.components()) {
            GateDecision g = DataSufficiency.assess(c.seed(), bars.size(), c.genes());
            if (c.weight() > 0 && !g.eligible()) {
                silent.add(c.seed().name() + " gives no signal here: " + g.recommendation() + " (" + g.reason() + ")");
            }
        }
        return silent;
    }

    private String genesFor(Seed seed, boolean qualified) {
        if (genes == null || genes.isBlank()) {
            return "";
        }
        if (!qualified) {
            return genes;
        }
        List<String> mine = new ArrayList<>();
        for (String pair : genes.split(",")) {
            String p = pair.strip();
            int dot = p.indexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("with several seeds, qualify each gene with its seed: '" + p
                        + "' should look like " + seed.name() + "." + p);
            }
            if (Seeds.byName(p.substring(0, dot)).name().equals(seed.name())) {
                mine.add(p.substring(dot + 1));
            }
        }
        return String.join(",", mine);
    }

    /** In-sample and out-of-sample metrics side by side, with buying and holding over the same bars beside them. */
    static void printMetrics(PrintWriter out, BacktestResult strategy, BacktestResult market) {
        Metrics is = strategy.inSample();
        Metrics oos = strategy.outOfSample();
        Metrics mis = market.inSample();
        Metrics moos = market.outOfSample();
        out.printf("%-14s %12s %14s %14s %14s%n", "", "in-sample", "out-of-sample", "hold in-sample", "hold out-of-s.");
        out.printf("%-14s %12d %14d %14d %14d%n", "bars", is.bars(), oos.bars(), mis.bars(), moos.bars());
        out.printf(
                "%-14s %12.3f %14.3f %14.3f %14.3f%n",
                "Sharpe", is.sharpe(), oos.sharpe(), mis.sharpe(), moos.sharpe());
        out.printf(
                "%-14s %12.3f %14.3f %14.3f %14.3f%n",
                "Sortino", is.sortino(), oos.sortino(), mis.sortino(), moos.sortino());
        out.printf(
                "%-14s %11.2f%% %13.2f%% %13.2f%% %13.2f%%%n",
                "total return",
                is.totalReturn() * 100,
                oos.totalReturn() * 100,
                mis.totalReturn() * 100,
                moos.totalReturn() * 100);
        out.printf(
                "%-14s %11.2f%% %13.2f%% %13.2f%% %13.2f%%%n",
                "max drawdown",
                is.maxDrawdown() * 100,
                oos.maxDrawdown() * 100,
                mis.maxDrawdown() * 100,
                moos.maxDrawdown() * 100);
        out.printf("%-14s %11.1f%% %13.1f%%%n", "win rate", is.winRate() * 100, oos.winRate() * 100);
        out.printf("%-14s %12d %14d%n", "trades", is.trades(), oos.trades());
        out.printf(
                "%-14s %11.1f%% %13.1f%% %13.1f%% %13.1f%%%n",
                "exposure", is.exposure() * 100, oos.exposure() * 100, mis.exposure() * 100, moos.exposure() * 100);
    }
}
