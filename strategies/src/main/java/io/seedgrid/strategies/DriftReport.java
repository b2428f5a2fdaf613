package io.seedgrid.strategies;

import java.time.Instant;
import java.util.Objects;

/**
 * A drift check: are a live strategy's recent realised per-bar returns distributed like its backtest's out-of-sample
 * returns? Two-sample Kolmogorov-Smirnov test on the last {@code window} live bars.
 *
 * @param strategyId    the strategy
 * @param status        the verdict
 * @param at            when it was checked
 * @param liveBars      live bars looked at
 * @param backtestBars  out-of-sample backtest bars they were compared with
 * @param statistic     the KS distance D (NaN when not judged)
 * @param pValue        its p-value (NaN when not judged)
 * @param alpha         the significance level
 * @param liveMean      mean realised return per live bar (NaN without live bars)
 * @param backtestMean  mean out-of-sample backtest return per bar
 * @param message       the verdict in words
 */
public record DriftReport(
        String strategyId,
        Status status,
        Instant at,
        int liveBars,
        int backtestBars,
        double statistic,
        double pValue,
        double alpha,
        double liveMean,
        double backtestMean,
        String message) {

    /** A drift verdict. */
    public enum Status {
        /** The strategy is not in CANARY or PRODUCTION: nothing to compare. */
        NOT_LIVE,
        /** Too few live bars to judge. */
        INSUFFICIENT_DATA,
        /** Live returns look like the backtest's. */
        OK,
        /** Live returns are distributed significantly differently from the backtest's. */
        DRIFTING
    }

    public DriftReport {
        Objects.requireNonNull(strategyId, "strategyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    public boolean drifting() {
        return status == Status.DRIFTING;
    }
}
