package io.seedgrid.evolution.honesty;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of a run's best result may be luck of selection, with the figures behind each verdict. Undefined figures
 * are NaN (e.g. PBO when the final population has fewer than two distinct strategies).
 *
 * @param trials                 distinct genomes backtested (N)
 * @param trialSharpeVariance    variance of the trials' in-sample Sharpe ratios, per bar
 * @param bestSharpe             the best strategy's in-sample Sharpe ratio, per bar
 * @param bestReturns            its in-sample returns counted (T)
 * @param skewness               their skewness
 * @param kurtosis               their kurtosis (3 for normal returns)
 * @param probabilisticSharpe    PSR against a Sharpe ratio of 0
 * @param expectedMaxSharpe      expected best in-sample Sharpe of N skill-less trials, annualised
 * @param deflatedSharpe         DSR: PSR against that expected maximum
 * @param pbo                    probability of backtest overfitting over the final population (CSCV)
 * @param pboStrategies          distinct strategies in that population
 * @param pboBlocks              S, the CSCV blocks
 * @param minimumBacktestYears   years of data needed so N skill-less trials are not expected to show an annual
 *                               Sharpe of 1
 * @param inSampleYears          years the in-sample bars span
 * @param warnings               plain-language warnings (short data, undefined figures)
 * @param clustered              the deflated Sharpe ratio with trials counted by clusters of trials whose returns
 *                               move together ({@link TrialClusters}): the honest figure for a genetic search, whose
 *                               trials are near-copies of each other; empty when it could not be computed (the
 *                               warnings say why). Its headline is {@link #clusteredDeflatedSharpe()}, Lopez de
 *                               Prado's (2019) K clusters and their Sharpe variance; {@link #strictDeflatedSharpe()}
 *                               also counts the winner's luck among the members of its own cluster
 * @param barsPerYear            bars per year of the data, to annualise per-bar figures
 */
public record SelectionBias(
        long trials,
        double trialSharpeVariance,
        double bestSharpe,
        long bestReturns,
        double skewness,
        double kurtosis,
        double probabilisticSharpe,
        double expectedMaxSharpe,
        double deflatedSharpe,
        double pbo,
        int pboStrategies,
        int pboBlocks,
        double minimumBacktestYears,
        double inSampleYears,
        List<String> warnings,
        Optional<ClusteredDeflatedSharpe> clustered,
        double barsPerYear) {

    public SelectionBias {
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(clustered, "clustered");
    }

    /** The DSR against the expected best of K skill-less clusters (the paper's figure); NaN when not computed. */
    public double clusteredDeflatedSharpe() {
        return clustered.map(ClusteredDeflatedSharpe::betweenOnlyDeflatedSharpe).orElse(Double.NaN);
    }

    /** The clustered DSR with the selection inside the winner's cluster counted as luck too: harsher. */
    public double strictDeflatedSharpe() {
        return clustered.map(ClusteredDeflatedSharpe::deflatedSharpe).orElse(Double.NaN);
    }

    /** The expected best Sharpe ratio of K skill-less clusters, annualised; NaN when not computed. */
    public double clusteredExpectedMaxSharpe() {
        return clustered
                .map(c -> c.expectedMaxBetween() * Math.sqrt(barsPerYear))
                .orElse(Double.NaN);
    }
}
