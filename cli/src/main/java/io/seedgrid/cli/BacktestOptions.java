package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.SlippageBasis;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.market.SpreadEstimates;
import java.util.Locale;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/** Fill, costs, direction and the held-out share: the settings every backtest shares. */
final class BacktestOptions {
    @Option(
            names = "--fill",
            paramLabel = "WHEN",
            defaultValue = "next-open",
            description = {
                "When a position decided at a bar's close is taken: next-open (at the next bar's open, the "
                        + "default), next-close (one whole bar later: the conservative check) or close (at the very close "
                        + "that produced the signal: OPTIMISTIC, only for daily bars traded with market-on-close orders)."
            })
    String fill;

    @Option(
            names = "--fee-bps",
            paramLabel = "BPS",
            defaultValue = "10",
            description = "Fee per unit of position traded, in basis points. Default: ${DEFAULT-VALUE}.")
    double feeBps;

    @Option(
            names = "--slippage",
            paramLabel = "auto|BPS",
            defaultValue = "auto",
            description = "Slippage per unit traded: auto (the default) is half the effective spread estimated from "
                    + "the in-sample bars (median of the Roll, Corwin-Schultz and Abdi-Ranaldo estimates), or a number "
                    + "of basis points.")
    String slippage;

    @Option(
            names = "--slippage-bps",
            paramLabel = "BPS",
            description = "A fixed slippage per unit traded, in basis points (overrides --slippage).")
    Double slippageBps;

    @Option(names = "--allow-short", description = "Let strategies go short (default: long only).")
    boolean allowShort;

    @Option(
            names = "--oos-fraction",
            paramLabel = "F",
            defaultValue = "" + BacktestSettings.DEFAULT_OUT_OF_SAMPLE_FRACTION,
            description = "Share of the bars, at the end, held out of sample. Default: ${DEFAULT-VALUE}.")
    double outOfSampleFraction;

    @Option(
            names = "--min-trades",
            paramLabel = "N",
            defaultValue = "" + EvaluationSpec.DEFAULT_MIN_TRADES,
            description = "In-sample trades below which fitness is penalised. Default: ${DEFAULT-VALUE}.")
    int minTrades;

    Fill fill() {
        return Fill.parse(fill);
    }

    /** The fixed slippage asked for, or empty for an estimate from the data. */
    OptionalDouble fixedSlippage() {
        if (slippageBps != null) {
            return OptionalDouble.of(slippageBps);
        }
        if (slippage == null || slippage.strip().equalsIgnoreCase("auto")) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(slippage.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--slippage must be 'auto' or a number of bps but was '" + slippage + "'");
        }
    }

    /** These settings on a run: fill, fee, direction, held-out share, minimum trades and slippage (fixed or auto). */
    EvolutionRun.Builder apply(EvolutionRun.Builder builder) {
        builder.fill(fill())
                .feeBps(feeBps)
                .allowShort(allowShort)
                .outOfSampleFraction(outOfSampleFraction)
                .minTrades(minTrades);
        OptionalDouble fixed = fixedSlippage();
        if (fixed.isPresent()) {
            builder.slippageBps(fixed.getAsDouble());
        } else {
            builder.slippageFromData();
        }
        return builder;
    }

    /**
     * The settings for a backtest of {@code bars}, starting from {@code base} (a registered strategy's, or the
     * defaults) and changing only what was given on the command line; an auto slippage is estimated from the bars
     * before the split.
     */
    BacktestSettings settings(Bars bars) {
        BacktestSettings base = BacktestSettings.DEFAULT
                .withFill(fill())
                .withAllowShort(allowShort)
                .withOutOfSampleFraction(outOfSampleFraction);
        OptionalDouble fixed = fixedSlippage();
        double slip =
                fixed.isPresent() ? fixed.getAsDouble() : estimate(bars, base).slippageBps();
        return base.withCosts(new CostModel(feeBps, slip));
    }

    /** The spread estimates on the in-sample bars of {@code bars} under {@code settings}. */
    static SpreadEstimates estimate(Bars bars, BacktestSettings settings) {
        return SpreadEstimates.of(settings.inSampleBars(bars));
    }

    /** {@code fee 10.0 + slippage 20.1 bps per unit traded (auto: half the spread, ...)}. */
    static String costs(BacktestSettings s, SlippageBasis slippage) {
        return String.format(
                Locale.ROOT,
                "fee %.1f + slippage %.1f bps per unit traded (%s)",
                s.feeBps(),
                s.slippageBps(),
                slippage.describe());
    }
}
