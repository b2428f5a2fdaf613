package io.seedgrid.evolution.honesty;

import java.util.List;

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
 */
public record SelectionBias(long trials, double trialSharpeVariance, double bestSharpe, long bestReturns,
        double skewness, double kurtosis, double probabilisticSharpe, double expectedMaxSharpe, double deflatedSharpe,
        double pbo, int pboStrategies, int pboBlocks, double minimumBacktestYears, double inSampleYears,
        List<String> warnings) {

    public SelectionBias {
        warnings = List.copyOf(warnings);
    }
}
