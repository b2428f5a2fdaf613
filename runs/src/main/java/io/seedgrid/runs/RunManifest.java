package io.seedgrid.runs;

import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.BarStore;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a stored run says about how it was made, whichever front end started it: enough to repeat it, to go on
 * with it after its last checkpoint, and to find the bars it evolved on. Stored as the run's configuration JSON by
 * {@link RunJson}; written once, when the run is created.
 *
 * @param origin      the front end that started it
 * @param ga          the genetic algorithm's settings
 * @param spec        what decides fitness, whole: the eligible seeds, the backtest settings as resolved at the start
 *                    (fill, fee and slippage, direction, split and in-sample window), min trades, parsimony
 * @param acceptance  what a reported strategy must show to be accepted
 * @param data        where the bars came from
 * @param bars        which of them the run evolved on
 * @param walkForward the walk-forward plan, for a walk-forward run
 * @param save        what to do with the best accepted strategy
 */
public record RunManifest(
        Origin origin,
        RunConfig ga,
        EvaluationSpec spec,
        AcceptanceCriteria acceptance,
        DataSource data,
        BarRange bars,
        Optional<WalkForwardPlan> walkForward,
        SavePlan save) {

    /** Which front end started a run. */
    public enum Origin {
        /** The command line's {@code evolve}. */
        CLI,
        /** The service's {@code POST /runs}. */
        API,
        /** A strategy's re-evolution (its name in the save plan); the lifecycle registers what it accepts. */
        LIFECYCLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Origin parse(String text) {
            for (Origin o : values()) {
                if (o.label().equals(text)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("run origin must be cli, api or lifecycle but was '" + text + "'");
        }
    }

    public RunManifest {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(ga, "ga");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(acceptance, "acceptance");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(bars, "bars");
        Objects.requireNonNull(walkForward, "walkForward");
        Objects.requireNonNull(save, "save");
    }

    /**
     * The manifest of {@code run}, built on {@code barsUsed} loaded from {@code data}: its GA settings, its spec
     * and acceptance as the built run resolved them.
     */
    public static RunManifest of(
            Origin origin,
            EvolutionRun run,
            DataSource data,
            Bars barsUsed,
            Optional<WalkForwardPlan> walkForward,
            SavePlan save) {
        if (!barsUsed.symbol().equals(data.symbol()) || barsUsed.timeframe() != data.barsTimeframe()) {
            throw new IllegalArgumentException("the bars (" + barsUsed.symbol() + " " + barsUsed.timeframe()
                    + ") are not those of the data source (" + data.symbol() + " " + data.barsTimeframe() + ")");
        }
        return new RunManifest(
                origin, run.config(), run.spec(), run.acceptance(), data, BarRange.of(barsUsed), walkForward, save);
    }

    /** The symbol of the run's bars. */
    public String symbol() {
        return data.symbol();
    }

    /** The timeframe of the run's bars (after any resampling). */
    public Timeframe timeframe() {
        return data.barsTimeframe();
    }

    /**
     * The bars the run evolved on, loaded again from its data source.
     *
     * @throws IllegalStateException when they are no longer those bars
     */
    public Bars loadBars(BarStore store) {
        return bars.select(data.load(store));
    }

    /**
     * A run with these settings on {@code bars} (its own, from {@link #loadBars}): the seeds, GA settings, backtest
     * settings whole, min trades, parsimony and acceptance recorded. The caller adds where fitness runs.
     */
    public EvolutionRun.Builder builder(Bars runBars) {
        return applyTo(EvolutionRun.builder(runBars));
    }

    /**
     * {@code builder} with these settings: the seeds, GA settings, backtest settings whole, min trades, parsimony and
     * acceptance.
     */
    public EvolutionRun.Builder applyTo(EvolutionRun.Builder builder) {
        return builder.seeds(spec.seedNames().stream().map(Seeds::byName).toList())
                .config(ga)
                .settings(spec.settings())
                .minTrades(spec.minTrades())
                .parsimony(spec.parsimony())
                .acceptance(acceptance);
    }
}
