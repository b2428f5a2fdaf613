package io.seedgrid.strategies;

import io.seedgrid.seeds.Requires;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The promotion gates' settings. Defaults: to STAGING, out-of-sample Sharpe ratio above 1.0, maximum drawdown below
 * 20%, data sufficiency met for every seed, at least 5 out-of-sample trades, an out-of-sample PSR of 0.95
 * (Bonferroni-corrected for the strategies its run judged) and a positive out-of-sample Sharpe ratio with next-close
 * fills and at twice the costs; from SHADOW to CANARY, at least 20 live bars in common with the PRODUCTION version
 * over which the shadow's realised Sharpe ratio is at least production's and its returns are not significantly
 * worse (paired one-sided t-test at 5%; without a PRODUCTION version, Welch against the backtest's out-of-sample
 * returns), with a drawdown below 20%; a CANARY carries 10%, then 25%, 50% and 100% of the name's capital, each step
 * after at least 20 live bars at that step whose realised per-bar returns are not significantly worse than the
 * backtest's out-of-sample returns (one-sided Welch t-test at 5%), with the canary's live drawdown below 20% and no
 * drift; after the 100% step, PRODUCTION. Drift: the last 100 live bars against the backtest's out-of-sample returns,
 * two-sample Kolmogorov-Smirnov at 5%, judged from 20 live bars on.
 *
 * @param minOutOfSampleSharpe   out-of-sample Sharpe ratio must be above this to reach STAGING
 * @param maxDrawdown            out-of-sample maximum drawdown must be below this (a fraction) to reach STAGING
 * @param requireDataSufficiency whether every weighted seed must pass data-sufficiency gating to reach STAGING
 * @param minCanaryBars          live bars needed at each CANARY step before the next one (or PRODUCTION)
 * @param canaryAlpha            significance level of "realised returns are worse than the backtest's"
 * @param driftWindow            live bars a drift check looks at (the most recent ones)
 * @param minDriftBars           live bars below which drift is not judged
 * @param driftAlpha             significance level of "realised returns are distributed differently"
 * @param outOfSampleConfidence  out-of-sample PSR needed to reach STAGING, before the Bonferroni correction for the
 *                               strategies its run judged
 * @param minOutOfSampleTrades   out-of-sample trades needed to reach STAGING
 * @param requireRobustness      whether STAGING needs a positive out-of-sample Sharpe with next-close fills and at
 *                               the stressed costs
 * @param canarySteps            the shares of the name's capital a CANARY carries, step by step: increasing, in
 *                               (0, 1], the last 1 (the production version holds the rest)
 * @param minShadowBars          live bars a SHADOW needs (in common with the PRODUCTION version, when there is one)
 *                               before CANARY
 */
public record GateConfig(
        double minOutOfSampleSharpe,
        double maxDrawdown,
        boolean requireDataSufficiency,
        int minCanaryBars,
        double canaryAlpha,
        int driftWindow,
        int minDriftBars,
        double driftAlpha,
        double outOfSampleConfidence,
        int minOutOfSampleTrades,
        boolean requireRobustness,
        List<Double> canarySteps,
        int minShadowBars) {

    public static final List<Double> DEFAULT_CANARY_STEPS = List.of(0.10, 0.25, 0.50, 1.00);
    public static final GateConfig DEFAULT =
            new GateConfig(1.0, 0.20, true, 20, 0.05, 100, 20, 0.05, 0.95, 5, true, DEFAULT_CANARY_STEPS, 20);

    public GateConfig {
        if (!Double.isFinite(minOutOfSampleSharpe)) {
            throw new IllegalArgumentException(
                    "minimum out-of-sample Sharpe must be finite but was " + minOutOfSampleSharpe);
        }
        if (!(maxDrawdown > 0 && maxDrawdown <= 1)) {
            throw new IllegalArgumentException("maximum drawdown must lie in (0, 1] but was " + maxDrawdown);
        }
        if (minCanaryBars < 2) {
            throw new IllegalArgumentException("minimum canary bars must be >= 2 but was " + minCanaryBars);
        }
        Requires.openProbability("canary alpha", canaryAlpha);
        Requires.openProbability("drift alpha", driftAlpha);
        if (minDriftBars < 2) {
            throw new IllegalArgumentException("minimum drift bars must be >= 2 but was " + minDriftBars);
        }
        Requires.inHalfOpenRange("out-of-sample confidence", outOfSampleConfidence, 0, 1);
        Requires.atLeast("minimum out-of-sample trades", minOutOfSampleTrades, 0);
        if (driftWindow < minDriftBars) {
            throw new IllegalArgumentException(
                    "drift window must be >= the minimum drift bars (" + minDriftBars + ") but was " + driftWindow);
        }
        canarySteps = List.copyOf(canarySteps);
        checkSteps(canarySteps);
        if (minShadowBars < 2) {
            throw new IllegalArgumentException("minimum shadow bars must be >= 2 but was " + minShadowBars);
        }
    }

    private static void checkSteps(List<Double> steps) {
        double before = 0;
        for (double share : steps) {
            if (!(share > before && share <= 1)) {
                throw new IllegalArgumentException(
                        "canary steps must be increasing shares in (0, 1] ending at 1 but" + " were " + steps);
            }
            before = share;
        }
        if (steps.isEmpty() || before != 1) {
            throw new IllegalArgumentException(
                    "canary steps must be increasing shares in (0, 1] ending at 1 but were " + steps);
        }
    }

    /**
     * Parses canary steps: percentages or fractions separated by commas or arrows, e.g. {@code 10,25,50,100} or
     * {@code 0.1,0.25,0.5,1}.
     *
     * @throws IllegalArgumentException naming the text and the rule
     */
    public static List<Double> parseSteps(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("canary steps must be shares like 10,25,50,100 but were '" + text + "'");
        }
        String[] parts = text.strip().split("\\s*(,|->)\\s*");
        boolean percent = false;
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].endsWith("%") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
            try {
                values[i] = Double.parseDouble(p.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "canary steps must be shares like 10,25,50,100 but were '" + text + "'");
            }
            percent |= values[i] > 1 || parts[i].endsWith("%");
        }
        List<Double> steps = new ArrayList<>();
        for (double v : values) {
            steps.add(percent ? v / 100 : v);
        }
        checkSteps(steps);
        return List.copyOf(steps);
    }

    /** The share of the step after {@code share}, or empty when {@code share} is the last (1). */
    public OptionalDouble stepAfter(double share) {
        for (double s : canarySteps) {
            if (s > share + 1e-12) {
                return OptionalDouble.of(s);
            }
        }
        return OptionalDouble.empty();
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings with the defaults of {@link #DEFAULT}; each setter is checked when built. */
    public static final class Builder {
        private double minOutOfSampleSharpe;
        private double maxDrawdown;
        private boolean requireDataSufficiency;
        private int minCanaryBars;
        private double canaryAlpha;
        private int driftWindow;
        private int minDriftBars;
        private double driftAlpha;
        private double outOfSampleConfidence;
        private int minOutOfSampleTrades;
        private boolean requireRobustness;
        private List<Double> canarySteps;
        private int minShadowBars;

        private Builder(GateConfig from) {
            minOutOfSampleSharpe = from.minOutOfSampleSharpe;
            maxDrawdown = from.maxDrawdown;
            requireDataSufficiency = from.requireDataSufficiency;
            minCanaryBars = from.minCanaryBars;
            canaryAlpha = from.canaryAlpha;
            driftWindow = from.driftWindow;
            minDriftBars = from.minDriftBars;
            driftAlpha = from.driftAlpha;
            outOfSampleConfidence = from.outOfSampleConfidence;
            minOutOfSampleTrades = from.minOutOfSampleTrades;
            requireRobustness = from.requireRobustness;
            canarySteps = from.canarySteps;
            minShadowBars = from.minShadowBars;
        }

        public Builder minOutOfSampleSharpe(double value) {
            minOutOfSampleSharpe = value;
            return this;
        }

        public Builder maxDrawdown(double value) {
            maxDrawdown = value;
            return this;
        }

        public Builder requireDataSufficiency(boolean value) {
            requireDataSufficiency = value;
            return this;
        }

        public Builder minCanaryBars(int value) {
            minCanaryBars = value;
            return this;
        }

        public Builder canaryAlpha(double value) {
            canaryAlpha = value;
            return this;
        }

        public Builder driftWindow(int value) {
            driftWindow = value;
            return this;
        }

        public Builder minDriftBars(int value) {
            minDriftBars = value;
            return this;
        }

        public Builder driftAlpha(double value) {
            driftAlpha = value;
            return this;
        }

        public Builder outOfSampleConfidence(double value) {
            outOfSampleConfidence = value;
            return this;
        }

        public Builder minOutOfSampleTrades(int value) {
            minOutOfSampleTrades = value;
            return this;
        }

        public Builder requireRobustness(boolean value) {
            requireRobustness = value;
            return this;
        }

        public Builder canarySteps(List<Double> value) {
            canarySteps = value;
            return this;
        }

        public Builder minShadowBars(int value) {
            minShadowBars = value;
            return this;
        }

        public GateConfig build() {
            return new GateConfig(
                    minOutOfSampleSharpe,
                    maxDrawdown,
                    requireDataSufficiency,
                    minCanaryBars,
                    canaryAlpha,
                    driftWindow,
                    minDriftBars,
                    driftAlpha,
                    outOfSampleConfidence,
                    minOutOfSampleTrades,
                    requireRobustness,
                    canarySteps,
                    minShadowBars);
        }
    }
}
