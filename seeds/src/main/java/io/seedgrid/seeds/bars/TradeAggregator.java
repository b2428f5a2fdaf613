package io.seedgrid.seeds.bars;

import java.time.Duration;
import java.time.Instant;

/**
 * Aggregates trade ticks, in time order, into time bars of one timeframe.
 *
 * <p>A trade at time {@code t} belongs to the bar {@code [floor(t / d) * d, floor(t / d) * d + d)}, stamped with its
 * end time. Minutes (or hours, days) without a trade become flat bars at the previous close with zero volume, so a
 * bar index is a fixed step in time and indicator periods mean what they say, as long as the two bars with trades
 * around the silence end at most {@link #fillLimit} apart: the larger of {@link BarGaps#threshold} and
 * {@link #MIN_FILL} (thin markets are silent for many minutes; the bundled Bitstamp trades once for 21). A longer
 * silence is missing data, not a quiet market: it stays a gap in time (which {@link BarGaps} then reports) instead
 * of becoming thousands of invented bars.
 */
public final class TradeAggregator {
    /** Silences up to this long are always filled, whatever the timeframe. */
    public static final Duration MIN_FILL = Duration.ofHours(1);

    private final String symbol;
    private final Timeframe timeframe;
    private final long step;
    private final long fillLimit;
    private final CsvBarsLoader.LongList ends = new CsvBarsLoader.LongList();
    private final CsvBarsLoader.DoubleList open = new CsvBarsLoader.DoubleList();
    private final CsvBarsLoader.DoubleList high = new CsvBarsLoader.DoubleList();
    private final CsvBarsLoader.DoubleList low = new CsvBarsLoader.DoubleList();
    private final CsvBarsLoader.DoubleList close = new CsvBarsLoader.DoubleList();
    private final CsvBarsLoader.DoubleList volume = new CsvBarsLoader.DoubleList();
    private long lastTradeTime = Long.MIN_VALUE;

    public TradeAggregator(String symbol, Timeframe timeframe) {
        this.symbol = Bars.requireSymbol(symbol);
        this.timeframe = timeframe;
        this.step = timeframe.duration().toMillis();
        this.fillLimit = fillLimit(timeframe).toMillis();
    }

    /** The longest interval between two bars with trades that is filled with flat bars; see the class comment. */
    public static Duration fillLimit(Timeframe timeframe) {
        Duration gap = BarGaps.threshold(timeframe);
        return gap.compareTo(MIN_FILL) >= 0 ? gap : MIN_FILL;
    }

    /** What is wrong with this trade, or null if it can be added. */
    public String problem(long epochMillis, double price, double amount) {
        if (!Double.isFinite(price) || price <= 0) {
            return "price must be a positive finite number but was " + price;
        }
        if (!Double.isFinite(amount) || amount < 0) {
            return "amount must be a non-negative finite number but was " + amount;
        }
        if (epochMillis < lastTradeTime) {
            return "trade time " + Instant.ofEpochMilli(epochMillis) + " goes back before the previous trade's "
                    + Instant.ofEpochMilli(lastTradeTime);
        }
        return null;
    }

    /** Adds one trade; throws if {@link #problem} has an objection. */
    public void add(long epochMillis, double price, double amount) {
        String problem = problem(epochMillis, price, amount);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        lastTradeTime = epochMillis;
        long end = Math.floorDiv(epochMillis, step) * step + step;
        int last = ends.size - 1;
        if (last >= 0 && ends.last() == end) {
            high.values()[last] = Math.max(high.values()[last], price);
            low.values()[last] = Math.min(low.values()[last], price);
            close.values()[last] = price;
            volume.values()[last] += amount;
            return;
        }
        if (last >= 0 && end - ends.last() <= fillLimit) {
            double previousClose = close.last();
            for (long gap = ends.last() + step; gap < end; gap += step) {
                append(gap, previousClose, previousClose, previousClose, previousClose, 0);
            }
        }
        append(end, price, price, price, price, amount);
    }

    public boolean isEmpty() {
        return ends.size == 0;
    }

    public Bars toBars() {
        return Bars.of(
                symbol,
                timeframe,
                ends.toArray(),
                open.toArray(),
                high.toArray(),
                low.toArray(),
                close.toArray(),
                volume.toArray());
    }

    private void append(long end, double o, double h, double l, double c, double v) {
        ends.add(end);
        open.add(o);
        high.add(h);
        low.add(l);
        close.add(c);
        volume.add(v);
    }
}
