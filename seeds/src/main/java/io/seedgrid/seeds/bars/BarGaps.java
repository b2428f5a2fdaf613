package io.seedgrid.seeds.bars;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The large gaps in a series: intervals between consecutive bars much longer than the timeframe, which backtests and
 * indicators nevertheless treat as one bar step.
 *
 * <p>The rule ({@link #threshold}): an intraday interval longer than {@link #INTRADAY_BARS} bar lengths (10 min for
 * 1m bars, 10 h for 1h bars) is a gap; a daily interval longer than {@link #DAILY_LIMIT} (more than a weekend with a
 * holiday on each side) is a gap. So a trading session's nights and weekends are gaps for intraday bars of a market
 * that closes (the runs do treat them as one step), and never for daily bars. {@link TradeAggregator} fills
 * silences between trades only up to at least this threshold, so a silence in trade data is either flat bars or a
 * gap reported here.
 *
 * <p>One pass over the end times, keeping the count, the total and the {@link #LISTED} longest gaps.
 */
public final class BarGaps {
    /** Intraday intervals longer than this many bar lengths are gaps. */
    public static final int INTRADAY_BARS = 10;
    /** Daily intervals longer than this are gaps. */
    public static final Duration DAILY_LIMIT = Duration.ofDays(5);
    /** How many of the longest gaps are kept. */
    public static final int LISTED = 5;

    /**
     * One gap: no bar ends strictly between {@code after} and {@code before}.
     *
     * @param index  the index of the bar that ends the gap (the bar ending at {@code before})
     * @param after  end time of the last bar before the gap
     * @param before end time of the first bar after the gap
     */
    public record Gap(int index, Instant after, Instant before) {
        public Gap {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(before, "before");
            if (index < 1 || !before.isAfter(after)) {
                throw new IllegalArgumentException("a gap needs index >= 1 and before after after but was index "
                        + index + ", " + after + " .. " + before);
            }
        }

        public Duration length() {
            return Duration.between(after, before);
        }

        /** E.g. "13.0 years from 2000-01-12T00:00:00Z to 2013-01-03T00:00:00Z". */
        public String describe() {
            return Spans.of(length().toMillis()) + " from " + after + " to " + before;
        }
    }

    private final String symbol;
    private final Timeframe timeframe;
    private final int count;
    private final Duration total;
    private final List<Gap> longest;

    private BarGaps(String symbol, Timeframe timeframe, int count, Duration total, List<Gap> longest) {
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.count = count;
        this.total = total;
        this.longest = longest;
    }

    /** Intervals longer than this are gaps for bars of {@code timeframe}; see the class comment. */
    public static Duration threshold(Timeframe timeframe) {
        return timeframe == Timeframe.D1 ? DAILY_LIMIT : timeframe.duration().multipliedBy(INTRADAY_BARS);
    }

    public static BarGaps of(Bars bars) {
        long limit = threshold(bars.timeframe()).toMillis();
        int count = 0;
        long total = 0;
        List<Gap> longest = new ArrayList<>(LISTED + 1);
        Comparator<Gap> longerFirst =
                Comparator.comparing(Gap::length).reversed().thenComparing(Gap::index);
        for (int i = 1; i < bars.size(); i++) {
            long length = bars.endEpochMilli(i) - bars.endEpochMilli(i - 1);
            if (length <= limit) {
                continue;
            }
            count++;
            total += length;
            if (longest.size() < LISTED
                    || length > longest.get(longest.size() - 1).length().toMillis()) {
                longest.add(new Gap(i, bars.endTime(i - 1), bars.endTime(i)));
                longest.sort(longerFirst);
                if (longest.size() > LISTED) {
                    longest.remove(LISTED);
                }
            }
        }
        return new BarGaps(
                bars.symbol(),
                bars.timeframe(),
                count,
                Duration.ofMillis(total),
                Collections.unmodifiableList(longest));
    }

    public Timeframe timeframe() {
        return timeframe;
    }

    public Duration threshold() {
        return threshold(timeframe);
    }

    /** How many gaps there are. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The time the gaps span, summed. */
    public Duration total() {
        return total;
    }

    /** The {@link #LISTED} longest gaps (fewer when there are fewer), longest first, then in time order. */
    public List<Gap> longest() {
        return longest;
    }

    /** How many gaps and by which rule, e.g. "AAPL 1d has 2 gaps longer than 5 days". */
    public String headline() {
        return symbol + " " + timeframe + " has " + (count == 0 ? "no" : String.valueOf(count))
                + (count == 1 ? " gap" : " gaps") + " longer than "
                + Spans.of(threshold().toMillis())
                + (timeframe == Timeframe.D1 ? "" : " (" + INTRADAY_BARS + " bars)");
    }

    /**
     * One line: the {@link #headline} and the longest gap, e.g. "AAPL 1d has 2 gaps longer than 5 days; the longest
     * is 13.0 years from 2000-01-12T00:00:00Z to 2013-01-03T00:00:00Z".
     */
    public String summary() {
        return count == 0
                ? headline()
                : headline()
                        + (count == 1 ? ": " : "; the longest is ")
                        + longest.get(0).describe();
    }

    @Override
    public String toString() {
        return summary();
    }
}
