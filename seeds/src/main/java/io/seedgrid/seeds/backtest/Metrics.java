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
public record Metrics(
        int bars,
        double sharpe,
        double sortino,
        double totalReturn,
        double maxDrawdown,
        double winRate,
        int trades,
        double exposure)
        implements Serializable {

    public static final Metrics EMPTY = new Metrics(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Metrics from running totals of per-bar net returns: Sharpe ratio = mean / sample standard deviation and
     * Sortino = mean / downside deviation, both times sqrt(bars per year); a standard deviation below 1e-12 (rounding
     * noise on a flat series) counts as no variation and gives 0.
     */
    public static Metrics of(
            int bars,
            double sum,
            double sumSquares,
            double downsideSquares,
            double equity,
            double maxDrawdown,
            double winRate,
            int trades,
            double exposure,
            double barsPerYear) {
        if (bars == 0) {
            return new Metrics(0, 0, 0, 0, 0, winRate, trades, 0);
        }
        double mean = sum / bars;
        double variance = bars > 1 ? Math.max(0, (sumSquares - bars * mean * mean) / (bars - 1)) : 0;
        double std = Math.sqrt(variance);
        double annual = Math.sqrt(barsPerYear);
        double sharpe = std > 1e-12 ? mean / std * annual : 0;
        double downside = Math.sqrt(downsideSquares / bars);
        double sortino = downside > 1e-12 ? mean / downside * annual : 0;
        return new Metrics(bars, sharpe, sortino, equity - 1, maxDrawdown, winRate, trades, exposure);
    }

    /**
     * Metrics of a series of per-bar net returns (e.g. stitched out-of-sample windows), with trade figures given.
     *
     * @param exposure share of bars in a position, as measured by whoever produced the returns
     */
    public static Metrics ofReturns(double[] returns, double winRate, int trades, double exposure, double barsPerYear) {
        double sum = 0;
        double squares = 0;
        double downside = 0;
        double equity = 1;
        double peak = 1;
        double maxDrawdown = 0;
        for (double r : returns) {
            sum += r;
            squares += r * r;
            downside += Math.min(r, 0) * Math.min(r, 0);
            equity *= 1 + r;
            peak = Math.max(peak, equity);
            maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
        }
        return of(returns.length, sum, squares, downside, equity, maxDrawdown, winRate, trades, exposure, barsPerYear);
    }
}
