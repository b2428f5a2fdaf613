package io.seedgrid.strategies;

import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.seeds.backtest.Metrics;
import java.util.Objects;

/**
 * What the held-out bars said about a strategy when it was registered, beside its metrics: the figures the STAGING
 * gate reads and every view shows (the market beside the strategy included).
 *
 * @param judged                 strategies its run judged out of sample (the Bonferroni count)
 * @param outOfSamplePsr         probabilistic Sharpe ratio of its out-of-sample returns against 0
 * @param nextCloseSharpe        out-of-sample Sharpe ratio with one more bar of delay (next-close fills)
 * @param stressedCostSharpe     out-of-sample Sharpe ratio at {@code costFactor} times the costs
 * @param costFactor             that multiple
 * @param breakEvenCostBps       cost per unit traded at which its out-of-sample return is zero (NaN: not positive
 *                               even without costs; infinite: no out-of-sample trade)
 * @param buyAndHoldInSample     buying and holding over its in-sample bars, same fill and costs
 * @param buyAndHoldOutOfSample  the same over its out-of-sample bars
 */
public record OutOfSampleEvidence(
        int judged,
        double outOfSamplePsr,
        double nextCloseSharpe,
        double stressedCostSharpe,
        double costFactor,
        double breakEvenCostBps,
        Metrics buyAndHoldInSample,
        Metrics buyAndHoldOutOfSample) {

    public OutOfSampleEvidence {
        if (judged < 1) {
            throw new IllegalArgumentException("judged must be >= 1 but was " + judged);
        }
        Objects.requireNonNull(buyAndHoldInSample, "buyAndHoldInSample");
        Objects.requireNonNull(buyAndHoldOutOfSample, "buyAndHoldOutOfSample");
    }

    /** The figures of {@code e}, for a strategy judged among {@code judged}. */
    public static OutOfSampleEvidence of(Evidence e, int judged) {
        return new OutOfSampleEvidence(
                judged,
                e.outOfSamplePsr(),
                e.nextCloseOutOfSampleSharpe(),
                e.stressedCostOutOfSampleSharpe(),
                e.costFactor(),
                e.breakEvenCostBps(),
                e.buyAndHold().inSample(),
                e.buyAndHold().outOfSample());
    }
}
