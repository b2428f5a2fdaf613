package io.seedgrid.strategies;

import io.seedgrid.seeds.Requires;

/**
 * The promotion gates' settings. Defaults: to STAGING, out-of-sample Sharpe ratio above 1.0, maximum drawdown below
 * 20%, data sufficiency met for every seed, at least 5 out-of-sample trades, an out-of-sample PSR of 0.95
 * (Bonferroni-corrected for the strategies its run judged) and a positive out-of-sample Sharpe ratio with next-close
 * fills and at twice the costs; to PRODUCTION, at least 20 bars of canary with live signals whose
 * realised per-bar returns are not significantly worse than the backtest's out-of-sample returns (one-sided Welch
 * t-test at 5%). Drift: the last 100 live bars against the backtest's out-of-sample returns, two-sample
 * Kolmogorov-Smirnov at 5%, judged from 20 live bars on.
 *
 * @param minOutOfSampleSharpe   out-of-sample Sharpe ratio must be above this to reach STAGING
 * @param maxDrawdown            out-of-sample maximum drawdown must be below this (a fraction) to reach STAGING
 * @param requireDataSufficiency whether every weighted seed must pass data-sufficiency gating to reach STAGING
 * @param minCanaryBars          live bars needed in CANARY before PRODUCTION
 * @param canaryAlpha            significance level of "realised returns are worse than the backtest's"
 * @param driftWindow            live bars a drift check looks at (the most recent ones)
 * @param minDriftBars           live bars below which drift is not judged
 * @param driftAlpha             significance level of "realised returns are distributed differently"
 * @param outOfSampleConfidence  out-of-sample PSR needed to reach STAGING, before the Bonferroni correction for the
 *                               strategies its run judged
 * @param minOutOfSampleTrades   out-of-sample trades needed to reach STAGING
 * @param requireRobustness      whether STAGING needs a positive out-of-sample Sharpe with next-close fills and at
 *                               the stressed costs
 */
public record GateConfig(double minOutOfSampleSharpe, double maxDrawdown, boolean requireDataSufficiency,
        int minCanaryBars, double canaryAlpha, int driftWindow, int minDriftBars, double driftAlpha,
        double outOfSampleConfidence, int minOutOfSampleTrades, boolean requireRobustness) {

    public static final GateConfig DEFAULT = new GateConfig(1.0, 0.20, true, 20, 0.05, 100, 20, 0.05, 0.95, 5, true);

    public GateConfig {
        if (!Double.isFinite(minOutOfSampleSharpe)) {
            throw new IllegalArgumentException("minimum out-of-sample Sharpe must be finite but was "
                    + minOutOfSampleSharpe);
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
            throw new IllegalArgumentException("drift window must be >= the minimum drift bars (" + minDriftBars
                    + ") but was " + driftWindow);
        }
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

        public GateConfig build() {
            return new GateConfig(minOutOfSampleSharpe, maxDrawdown, requireDataSufficiency, minCanaryBars,
                    canaryAlpha, driftWindow, minDriftBars, driftAlpha, outOfSampleConfidence, minOutOfSampleTrades,
                    requireRobustness);
        }
    }
}
