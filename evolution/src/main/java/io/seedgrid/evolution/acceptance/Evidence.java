package io.seedgrid.evolution.acceptance;

import io.seedgrid.evolution.honesty.SharpeStatistics;
import io.seedgrid.evolution.honesty.SharpeStatistics.Moments;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the bars say about one strategy beyond its fitness: its backtest with every bar's net return, the
 * significance of its out-of-sample returns, the two stress tests (one more bar of delay, twice the costs), the
 * market beside it (buy-and-hold over the same bars, same fill and costs) and its break-even cost. Computed once per
 * reported strategy; reports, acceptance and the registry all read it instead of backtesting again.
 *
 * @param settings                    the backtest settings judged
 * @param result                      the backtest: in-sample and out-of-sample metrics
 * @param measuredFrom                first bar counted in sample (after the warm-up)
 * @param outOfSampleMoments          moments of the out-of-sample per-bar net returns
 * @param outOfSamplePsr              probabilistic Sharpe ratio of those returns against 0 (NaN with fewer than 2)
 * @param nextCloseOutOfSampleSharpe  out-of-sample Sharpe ratio with {@link Fill#NEXT_CLOSE} fills, same costs
 * @param stressedCostOutOfSampleSharpe out-of-sample Sharpe ratio with costs times {@code costFactor}, same fill
 * @param costFactor                  the cost multiple of that stress test
 * @param buyAndHold                  buying at the first fill and holding, over the same bars
 * @param breakEvenCostBps            the cost per unit traded at which the out-of-sample return is zero; NaN when
 *                                    it is not positive even without costs; infinite when no trade is made there
 */
public record Evidence(
        BacktestSettings settings,
        BacktestResult result,
        double[] netReturns,
        int measuredFrom,
        Moments inSampleMoments,
        Moments outOfSampleMoments,
        double outOfSamplePsr,
        double nextCloseOutOfSampleSharpe,
        double stressedCostOutOfSampleSharpe,
        double costFactor,
        BacktestResult buyAndHold,
        double breakEvenCostBps) {

    public static final double DEFAULT_COST_FACTOR = 2;

    public Evidence {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(result, "result");
        netReturns = netReturns.clone();
    }

    /** The evidence on {@code strategy} with {@code settings} over the bars of {@code ctx}. */
    public static Evidence of(BlendedStrategy strategy, BacktestSettings settings, SeedContext ctx, double costFactor) {
        if (!(costFactor >= 1)) {
            throw new IllegalArgumentException("cost factor must be >= 1 but was " + costFactor);
        }
        double[] signal = strategy.signals(ctx);
        int n = ctx.size();
        int warmup = strategy.warmup();
        Backtest backtest = settings.backtest();
        double[] returns = new double[n];
        BacktestResult result = backtest.run(signal, strategy.entry(), strategy.exit(), warmup, ctx, returns);
        int from = backtest.measuredFrom(warmup);
        int split = result.splitIndex();
        Moments in = Moments.of(returns, Math.min(from, split), split);
        int oosFrom = Math.min(n, Math.max(split, from));
        Moments out = Moments.of(returns, oosFrom, n);
        double psr = out.count() >= 2
                ? SharpeStatistics.probabilisticSharpe(out.sharpe(), 0, out.count(), out.skewness(), out.kurtosis())
                : Double.NaN;
        double nextClose = settings.withFill(Fill.NEXT_CLOSE)
                .backtest()
                .run(signal, strategy.entry(), strategy.exit(), warmup, ctx, null)
                .outOfSample()
                .sharpe();
        double stressed = settings.withCostsTimes(costFactor)
                .backtest()
                .run(signal, strategy.entry(), strategy.exit(), warmup, ctx, null)
                .outOfSample()
                .sharpe();
        BacktestResult market = backtest.buyAndHold(ctx, warmup, null);
        double breakEven = breakEven(signal, strategy, settings, ctx, result);
        return new Evidence(
                settings, result, returns, from, in, out, psr, nextClose, stressed, costFactor, market, breakEven);
    }

    /** Bisection on the cost per unit traded (fee and slippage together) for a zero out-of-sample return. */
    private static double breakEven(
            double[] signal,
            BlendedStrategy strategy,
            BacktestSettings settings,
            SeedContext ctx,
            BacktestResult result) {
        if (result.outOfSample().trades() == 0) {
            return result.outOfSample().totalReturn() > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        double low = 0;
        double high = 2_000; // bps: 20% per unit traded ruins anything that trades
        if (outOfSampleReturn(signal, strategy, settings, ctx, low) <= 0) {
            return Double.NaN;
        }
        if (outOfSampleReturn(signal, strategy, settings, ctx, high) > 0) {
            return high;
        }
        for (int i = 0; i < 40; i++) { // 2000 / 2^40 bps: far below any meaningful cost
            double mid = (low + high) / 2;
            if (outOfSampleReturn(signal, strategy, settings, ctx, mid) > 0) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    private static double outOfSampleReturn(
            double[] signal, BlendedStrategy strategy, BacktestSettings settings, SeedContext ctx, double costBps) {
        return settings.withCosts(new CostModel(costBps, 0))
                .backtest()
                .run(signal, strategy.entry(), strategy.exit(), strategy.warmup(), ctx, null)
                .outOfSample()
                .totalReturn();
    }

    /** Every bar's net return (0 during the warm-up). */
    @Override
    public double[] netReturns() {
        return netReturns.clone();
    }

    /** The out-of-sample net returns, the bars a canary's live returns are compared with. */
    public double[] outOfSampleReturns() {
        int from = Math.min(netReturns.length, Math.max(result.splitIndex(), measuredFrom));
        return Arrays.copyOfRange(netReturns, from, netReturns.length);
    }

    /** The in-sample net returns counted in the metrics. */
    public double[] inSampleReturns() {
        int split = result.splitIndex();
        return Arrays.copyOfRange(netReturns, Math.min(measuredFrom, split), split);
    }
}
