package io.seedgrid.seeds.bars;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable series of OHLCV bars of one symbol and timeframe, kept as primitive arrays.
 *
 * <p>Bar {@code i} ends at {@code endTime(i)} (UTC); times strictly increase. Every price is finite and positive,
 * {@code low <= open, close <= high}, and volume is finite and non-negative. The array accessors return copies; the
 * hot path copies once per run, never per bar.
 */
public final class Bars {
    private final String symbol;
    private final Timeframe timeframe;
    private final long[] endEpochMillis;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;
    private final double[] volume;

    private Bars(
            String symbol,
            Timeframe timeframe,
            long[] endEpochMillis,
            double[] open,
            double[] high,
            double[] low,
            double[] close,
            double[] volume) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.endEpochMillis = endEpochMillis;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    /**
     * Builds bars from parallel arrays (copied), checking every rule of the class.
     *
     * @throws IllegalArgumentException naming the first bad bar, its index and the rule it breaks
     */
    public static Bars of(
            String symbol,
            Timeframe timeframe,
            long[] endEpochMillis,
            double[] open,
            double[] high,
            double[] low,
            double[] close,
            double[] volume) {
        requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        int n = endEpochMillis.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
            throw new IllegalArgumentException("bar arrays must have equal lengths");
        }
        for (int i = 0; i < n; i++) {
            String problem = problem(open[i], high[i], low[i], close[i], volume[i]);
            if (problem == null && i > 0 && endEpochMillis[i] <= endEpochMillis[i - 1]) {
                problem = "time " + Instant.ofEpochMilli(endEpochMillis[i]) + " does not come after the previous bar's "
                        + Instant.ofEpochMilli(endEpochMillis[i - 1]);
            }
            if (problem != null) {
                throw new IllegalArgumentException("bar " + i + " of " + symbol + ": " + problem);
            }
        }
        return new Bars(
                symbol,
                timeframe,
                endEpochMillis.clone(),
                open.clone(),
                high.clone(),
                low.clone(),
                close.clone(),
                volume.clone());
    }

    /** The symbol's rule: 1 to 64 characters, no control characters. Returns the symbol. */
    public static String requireSymbol(String symbol) {
        if (symbol == null
                || symbol.isBlank()
                || symbol.length() > 64
                || symbol.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("symbol must be 1 to 64 printable characters but was "
                    + (symbol == null ? "null" : "'" + BarsFormatException.excerpt(symbol) + "'"));
        }
        return symbol;
    }

    /** What is wrong with one bar's values, or null when nothing is. */
    static String problem(double open, double high, double low, double close, double volume) {
        if (!Double.isFinite(open) || !Double.isFinite(high) || !Double.isFinite(low) || !Double.isFinite(close)) {
            return "price is not a finite number (open=" + open + ", high=" + high + ", low=" + low + ", close=" + close
                    + ")";
        }
        if (!Double.isFinite(volume)) {
            return "volume is not a finite number: " + volume;
        }
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
            return "prices must be positive (open=" + open + ", high=" + high + ", low=" + low + ", close=" + close
                    + ")";
        }
        if (high < low) {
            return "high " + high + " is below low " + low;
        }
        if (open > high || open < low || close > high || close < low) {
            return "open " + open + " or close " + close + " lies outside [low " + low + ", high " + high + "]";
        }
        if (volume < 0) {
            return "negative volume " + volume;
        }
        return null;
    }

    public String symbol() {
        return symbol;
    }

    public Timeframe timeframe() {
        return timeframe;
    }

    public int size() {
        return close.length;
    }

    public Instant endTime(int i) {
        return Instant.ofEpochMilli(endEpochMillis[i]);
    }

    public long endEpochMilli(int i) {
        return endEpochMillis[i];
    }

    public double open(int i) {
        return open[i];
    }

    public double high(int i) {
        return high[i];
    }

    public double low(int i) {
        return low[i];
    }

    public double close(int i) {
        return close[i];
    }

    public double volume(int i) {
        return volume[i];
    }

    public double[] closes() {
        return close.clone();
    }

    public long[] endEpochMillis() {
        return endEpochMillis.clone();
    }

    /** Bars {@code [from, to)} as a new series. */
    public Bars slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        return new Bars(
                symbol,
                timeframe,
                Arrays.copyOfRange(endEpochMillis, from, to),
                Arrays.copyOfRange(open, from, to),
                Arrays.copyOfRange(high, from, to),
                Arrays.copyOfRange(low, from, to),
                Arrays.copyOfRange(close, from, to),
                Arrays.copyOfRange(volume, from, to));
    }

    /** The first {@code n} bars. */
    public Bars head(int n) {
        return slice(0, n);
    }

    /**
     * Whether bar {@code i} is a fill: zero volume and open = high = low = close = the previous bar's close, as
     * {@link TradeAggregator} makes the minutes without a trade. A fill carries no price information of its own.
     */
    public boolean isFill(int i) {
        return i > 0
                && volume[i] == 0
                && open[i] == close[i - 1]
                && high[i] == open[i]
                && low[i] == open[i]
                && close[i] == open[i];
    }

    /**
     * These bars aggregated to the coarser timeframe {@code to}: open of the first bar, highest high, lowest low,
     * close of the last bar, summed volume. A bar ending at {@code e} belongs to the coarse bar ending at
     * {@code ceil(e / D) * D} (epoch milliseconds, so UTC days for 1d), where {@code D} is the length of {@code to}.
     * {@linkplain #isFill Fills} take part only in a coarse bar made of nothing else (which is then a fill itself), so
     * resampling minute bars built from trades gives what aggregating the trades into the coarser bars would. Buckets
     * without any bar give no coarse bar (gaps stay gaps); a bucket only partly covered (the first or last of the
     * series) is kept with what it has.
     *
     * @throws IllegalArgumentException when {@code to} is not coarser than this timeframe, or not a whole multiple
     *                                  of it
     */
    public Bars resample(Timeframe to) {
        Objects.requireNonNull(to, "to");
        long step = to.duration().toMillis();
        long source = timeframe.duration().toMillis();
        if (step <= source) {
            throw new IllegalArgumentException("cannot resample " + symbol + " " + timeframe + " bars to " + to
                    + ": the target timeframe must be coarser than the bars' own");
        }
        if (step % source != 0) {
            throw new IllegalArgumentException("cannot resample " + symbol + " " + timeframe + " bars to " + to + ": "
                    + to + " is not a whole number of " + timeframe + " bars");
        }
        int n = size();
        long[] ends = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        int k = -1;
        boolean traded = false; // whether coarse bar k has a bar other than fills
        for (int i = 0; i < n; i++) {
            long end = Math.ceilDiv(endEpochMillis[i], step) * step;
            boolean fill = isFill(i);
            if (k >= 0 && ends[k] == end && (traded || fill)) {
                if (!fill) { // a fill repeats the last close: nothing to add
                    h[k] = Math.max(h[k], high[i]);
                    l[k] = Math.min(l[k], low[i]);
                    c[k] = close[i];
                    v[k] += volume[i];
                }
                continue;
            }
            if (k < 0 || ends[k] != end) {
                k++;
            }
            // a new coarse bar, or the first trading bar after fills at its start: it opens here
            ends[k] = end;
            o[k] = open[i];
            h[k] = high[i];
            l[k] = low[i];
            c[k] = close[i];
            v[k] = volume[i];
            traded = !fill;
        }
        int m = k + 1;
        // Checked again (not trusted): a sum of volumes could in principle overflow to infinity.
        return of(
                symbol,
                to,
                Arrays.copyOf(ends, m),
                Arrays.copyOf(o, m),
                Arrays.copyOf(h, m),
                Arrays.copyOf(l, m),
                Arrays.copyOf(c, m),
                Arrays.copyOf(v, m));
    }

    /** The same bars under another symbol (e.g. a user-named CSV). */
    public Bars withSymbol(String newSymbol) {
        return new Bars(requireSymbol(newSymbol), timeframe, endEpochMillis, open, high, low, close, volume);
    }

    /**
     * Bars per year as observed in this series: intervals divided by the years they span. Daily equity bars give
     * about 252, round-the-clock minute bars about 525,600; gaps in the data are honoured rather than assumed away.
     */
    public double barsPerYear() {
        if (size() < 2) {
            return 0;
        }
        double years = (endEpochMillis[size() - 1] - endEpochMillis[0]) / (365.25 * 24 * 3600 * 1000.0);
        return (size() - 1) / years;
    }

    @Override
    public String toString() {
        return size() == 0
                ? symbol + " " + timeframe + " (no bars)"
                : symbol + " " + timeframe + " " + size() + " bars " + endTime(0) + " .. " + endTime(size() - 1);
    }
}
