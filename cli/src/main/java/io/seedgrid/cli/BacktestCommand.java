package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Backtests one given strategy and prints its in-sample and out-of-sample metrics.",
                "Example: seedgrid backtest --seeds EMACrossoverSeed --genes fast=12,slow=26 --symbol AAPL"})
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Mixin
    BacktestOptions settings;

    @Option(names = "--seeds", required = true, paramLabel = "SEED[,SEED...]",
            description = "Seeds of the strategy, equally weighted (see 'seedgrid seeds').")
    String seeds;

    @Option(names = "--genes", paramLabel = "NAME=VALUE[,...]",
            description = "Gene values; unnamed genes keep their defaults. With several seeds, qualify: "
                    + "EMACrossoverSeed.fast=12.")
    String genes;

    @Option(names = "--entry", defaultValue = "0.3", paramLabel = "X",
            description = "Blended signal at which a position opens, in (0, 1]. Default: ${DEFAULT-VALUE}.")
    double entry;

    @Option(names = "--exit", defaultValue = "0.0", paramLabel = "X",
            description = "Blended signal at which it closes (at most the entry). Default: ${DEFAULT-VALUE}.")
    double exit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Bars bars = data.load();
        List<Seed> chosen = Seeds.parse(seeds);
        List<SeedGenes> components = new ArrayList<>();
        for (Seed seed : chosen) {
            components.add(new SeedGenes(seed, Genes.parse(seed.genes(), genesFor(seed, chosen.size() > 1)), 1));
        }
        BlendedStrategy strategy = new BlendedStrategy(components, entry, exit);
        for (SeedGenes c : components) {
            GateDecision gate = DataSufficiency.assess(c.seed(), bars.size(), c.genes());
            if (!gate.eligible()) {
                throw new IllegalArgumentException(c.seed().name() + " " + gate.recommendation() + ": " + gate.reason());
            }
        }
        Backtest backtest = settings.backtest();
        BacktestResult result = backtest.run(strategy, SeedContext.of(bars));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("symbol", bars.symbol());
            view.put("timeframe", bars.timeframe().label());
            view.put("bars", bars.size());
            view.put("costs", backtest.costs());
            view.put("allow_short", backtest.allowShort());
            view.putAll(Views.backtest(strategy, result, bars.endTime(Math.min(result.splitIndex(), bars.size() - 1))));
            out.println(Json.write(view));
        } else {
            out.printf("%s %s, %d bars; out of sample from bar %d (%s)%n", bars.symbol(), bars.timeframe(), bars.size(),
                    result.splitIndex(), bars.endTime(Math.min(result.splitIndex(), bars.size() - 1)));
            out.printf("strategy: %s%ncosts: fee %.1f bps + slippage %.1f bps per unit traded, %s%n%n", strategy,
                    backtest.costs().feeBps(), backtest.costs().slippageBps(), backtest.allowShort() ? "long/short" : "long only");
            printMetrics(out, result.inSample(), result.outOfSample());
        }
        out.flush();
        return 0;
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

    /** In-sample and out-of-sample metrics side by side. */
    static void printMetrics(PrintWriter out, Metrics is, Metrics oos) {
        out.printf("%-14s %12s %14s%n", "", "in-sample", "out-of-sample");
        out.printf("%-14s %12d %14d%n", "bars", is.bars(), oos.bars());
        out.printf("%-14s %12.3f %14.3f%n", "Sharpe", is.sharpe(), oos.sharpe());
        out.printf("%-14s %12.3f %14.3f%n", "Sortino", is.sortino(), oos.sortino());
        out.printf("%-14s %11.2f%% %13.2f%%%n", "total return", is.totalReturn() * 100, oos.totalReturn() * 100);
        out.printf("%-14s %11.2f%% %13.2f%%%n", "max drawdown", is.maxDrawdown() * 100, oos.maxDrawdown() * 100);
        out.printf("%-14s %11.1f%% %13.1f%%%n", "win rate", is.winRate() * 100, oos.winRate() * 100);
        out.printf("%-14s %12d %14d%n", "trades", is.trades(), oos.trades());
        out.printf("%-14s %11.1f%% %13.1f%%%n", "exposure", is.exposure() * 100, oos.exposure() * 100);
    }
}
