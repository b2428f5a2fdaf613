package io.seedgrid.seeds.seed;

import io.seedgrid.seeds.bars.Bars;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

/**
 * The bars of one run plus what seeds compute from them once and share: indicator values as plain {@code double[]}
 * (see {@link Indicators}), returns for the backtest, and on request a ta4j series. Safe to share between threads; a
 * population of genomes reuses each indicator per distinct parameter value instead of recomputing it per genome.
 *
 * @apiNote Arrays handed out are shared: callers read them and never write to them.
 */
public final class SeedContext {
    /**
     * Bound on memoised signal arrays (expensive seeds only), in doubles: 256 MiB, or a quarter of the largest heap
     * the JVM may use when that is less, so a small heap (SEEDGRID_HEAP) bounds the memo instead of running out.
     */
    private static final long MEMO_BUDGET_DOUBLES =
            Math.min(32L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4 / Double.BYTES);

    private final Bars bars;
    private volatile BarSeries series;
    private final ConcurrentHashMap<String, double[]> indicators = new ConcurrentHashMap<>();
    private final Map<String, double[]> memo = new LinkedHashMap<>(16, 0.75f, true);
    private long memoDoubles;
    private final double[] returns;
    private volatile double[][] openSplit; // gap, intraday, long-held and short-held returns, for next-open fills

    private SeedContext(Bars bars) {
        this.bars = Objects.requireNonNull(bars, "bars");
        double[] close = bars.closes();
        this.returns = new double[close.length];
        for (int t = 1; t < close.length; t++) {
            returns[t] = close[t] / close[t - 1] - 1;
        }
    }

    public static SeedContext of(Bars bars) {
        return new SeedContext(bars);
    }

    public Bars bars() {
        return bars;
    }

    public int size() {
        return bars.size();
    }

    /** Simple close-to-close returns: {@code r[t] = close[t] / close[t-1] - 1}, {@code r[0] = 0}. Shared; read only. */
    public double[] returns() {
        return returns;
    }

    /** Returns from the previous close to this bar's open: {@code open[t] / close[t-1] - 1}, 0 at bar 0. Shared; read only. */
    public double[] gapReturns() {
        return openSplit()[0];
    }

    /** Returns from this bar's open to its close: {@code close[t] / open[t] - 1}. Shared; read only. */
    public double[] intradayReturns() {
        return openSplit()[1];
    }

    /**
     * A long position held through bar t with next-open fills: {@code (1 + gap[t]) * (1 + intraday[t]) - 1}, the same
     * operations as the backtest's {@code (1 + held * gap) * (1 + next * intraday) - 1} at held = next = 1, so the
     * same bits. Shared; read only.
     */
    public double[] longHeldReturns() {
        return openSplit()[2];
    }

    /** A short position held through bar t with next-open fills: {@code (1 - gap[t]) * (1 - intraday[t]) - 1}. */
    public double[] shortHeldReturns() {
        return openSplit()[3];
    }

    private double[][] openSplit() {
        double[][] split = openSplit;
        if (split == null) {
            int n = bars.size();
            double[] gap = new double[n];
            double[] intraday = new double[n];
            double[] longHeld = new double[n];
            double[] shortHeld = new double[n];
            for (int t = 0; t < n; t++) {
                gap[t] = t == 0 ? 0 : bars.open(t) / bars.close(t - 1) - 1;
                intraday[t] = bars.close(t) / bars.open(t) - 1;
                longHeld[t] = (1 + gap[t]) * (1 + intraday[t]) - 1;
                shortHeld[t] = (1 - gap[t]) * (1 - intraday[t]) - 1;
            }
            split = new double[][] {gap, intraday, longHeld, shortHeld};
            openSplit = split; // a race computes the same values twice
        }
        return split;
    }

    /** The bars as a ta4j series of {@code DoubleNum}, built once (for ta4j indicators {@link Indicators} lacks). */
    public BarSeries series() {
        BarSeries s = series;
        if (s == null) {
            synchronized (this) {
                s = series;
                if (s == null) {
                    s = toSeries(bars);
                    series = s;
                }
            }
        }
        return s;
    }

    /**
     * The values of a ta4j indicator as doubles, computed once per {@code key}. Bars inside the indicator's unstable
     * period ({@code getCountOfUnstableBars()}) and non-finite values are NaN. Slow (a {@code Num} object per value):
     * the seeds' indicators are computed on arrays by {@link Indicators}, with the same values.
     *
     * @param key     names the indicator and all its parameters, e.g. {@code "ema:12"}
     * @param factory builds the indicator on the series; must not call back into this context
     */
    public double[] indicator(String key, Function<BarSeries, Indicator<Num>> factory) {
        double[] values = indicators.get(key);
        if (values == null) {
            values = toArray(factory.apply(series()));
            double[] raced = indicators.putIfAbsent(key, values);
            if (raced != null) {
                values = raced;
            }
        }
        return values;
    }

    /** A derived array computed once per {@code key} (no size bound: for a few arrays per parameter value). */
    public double[] derived(String key, Supplier<double[]> compute) {
        double[] values = indicators.get(key);
        if (values == null) {
            values = compute.get();
            double[] raced = indicators.putIfAbsent(key, values);
            if (raced != null) {
                values = raced;
            }
        }
        return values;
    }

    /**
     * A memoised signal array for expensive seeds (model training), kept in a least-recently-used store bounded to
     * 256 MiB (less on a small heap). Computation runs outside the lock; two threads may compute the same key, with the
     * same result.
     */
    public double[] memo(String key, Supplier<double[]> compute) {
        synchronized (memo) {
            double[] hit = memo.get(key);
            if (hit != null) {
                return hit;
            }
        }
        double[] values = compute.get();
        synchronized (memo) {
            double[] raced = memo.get(key);
            if (raced != null) {
                return raced;
            }
            memo.put(key, values);
            memoDoubles += values.length;
            var eldest = memo.entrySet().iterator();
            while (memoDoubles > MEMO_BUDGET_DOUBLES && memo.size() > 1) {
                memoDoubles -= eldest.next().getValue().length;
                eldest.remove();
            }
        }
        return values;
    }

    private static double[] toArray(Indicator<Num> indicator) {
        int n = indicator.getBarSeries().getBarCount();
        int unstable = indicator.getCountOfUnstableBars();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double v = i < unstable ? Double.NaN : indicator.getValue(i).doubleValue();
            values[i] = Double.isFinite(v) ? v : Double.NaN;
        }
        return values;
    }

    private static BarSeries toSeries(Bars bars) {
        Duration period = bars.timeframe().duration();
        BarSeries series = new BaseBarSeriesBuilder()
                .withName(bars.symbol())
                .withNumFactory(DoubleNumFactory.getInstance())
                .build();
        for (int i = 0; i < bars.size(); i++) {
            Instant end = bars.endTime(i);
            series.barBuilder()
                    .timePeriod(period)
                    .endTime(end)
                    .beginTime(end.minus(period))
                    .openPrice(bars.open(i))
                    .highPrice(bars.high(i))
                    .lowPrice(bars.low(i))
                    .closePrice(bars.close(i))
                    .volume(bars.volume(i))
                    .add();
        }
        return series;
    }
}
