package io.seedgrid.seeds.backtest;

import java.io.Serializable;

/**
 * Performance of a strategy over one stretch of bars (in-sample or out-of-sample), net of costs.
 *
 * @param bars         bars counted (after the strategy's warm-up)
 * @param sharpe       mean / sample standard deviation of per-bar returns, annualised by the bars per year
 *                     observed in the data; 0 when there is no variation
 * @param sortino      mean / downside deviation, annualised; 0 when no bar lost
 * @param totalReturn  compounded return, e.g. 0.12 for +12%
 * @param maxDrawdown  largest fall from a peak of equity, as a fraction (0.2 = 20%)
 * @param winRate      share of closed trades that made money (0 when none closed)
 * @param trades       trades opened in this stretch
 * @param exposure     share of bars spent in a position
 */
public record Metrics(int bars, double sharpe, double sortino, double totalReturn, double maxDrawdown,
        double winRate, int trades, double exposure) implements Serializable {

    public static final Metrics EMPTY = new Metrics(0, 0, 0, 0, 0, 0, 0, 0);
}
