package io.seedgrid.runs;

import io.seedgrid.seeds.bars.Bars;
import java.time.Instant;
import java.util.Objects;

/**
 * The bars a run evolved on, by end time of the first and the last, and how many: enough to find exactly them again
 * among bars that were added to since.
 *
 * @param first end time of the first bar
 * @param last  end time of the last bar
 * @param count how many bars (>= 2)
 */
public record BarRange(Instant first, Instant last, int count) {

    public BarRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (count < 2) {
            throw new IllegalArgumentException("a run's bars number at least 2 but were " + count);
        }
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last bar (" + last + ") ends before the first (" + first + ")");
        }
    }

    public static BarRange of(Bars bars) {
        return new BarRange(bars.endTime(0), bars.endTime(bars.size() - 1), bars.size());
    }

    /**
     * The bars of {@code all} in this range; refused when they are not {@link #count} (the data changed since).
     *
     * @throws IllegalStateException naming what was recorded and what was found
     */
    public Bars select(Bars all) {
        int from = 0;
        while (from < all.size() && all.endTime(from).isBefore(first)) {
            from++;
        }
        int to = from;
        while (to < all.size() && !all.endTime(to).isAfter(last)) {
            to++;
        }
        if (to - from != count) {
            throw new IllegalStateException(all.symbol() + " " + all.timeframe() + " has " + (to - from)
                    + " bars from " + first + " to " + last + " where the run recorded " + count
                    + ": the data changed since the run");
        }
        return from == 0 && to == all.size() ? all : all.slice(from, to);
    }
}
