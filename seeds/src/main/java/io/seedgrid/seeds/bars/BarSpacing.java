package io.seedgrid.seeds.bars;

import java.util.Arrays;
import java.util.Optional;

/**
 * How far apart a series' bars are, and the timeframe that spacing says they are: the one place where a timeframe
 * is inferred from bar times or a stated one is checked against them.
 *
 * <p>The rule: the bars are of the longest timeframe whose length is at most the median interval between
 * consecutive end times divided by {@link #SLACK} (so bars stamped a little early still count). Bars that miss
 * some of their slots (weekends, nights, illiquid minutes) keep their timeframe as long as most intervals are one
 * bar; a median interval of a coarser timeframe's length says the bars are of that coarser timeframe. Hourly bars
 * said to be 1d, or daily bars said to be 1m, contradict their spacing.
 *
 * @param intervals    the number of intervals between consecutive bars (bars - 1; 0 for fewer than two bars)
 * @param medianMillis the median interval in milliseconds (the upper median for an even count); 0 without intervals
 */
public record BarSpacing(int intervals, long medianMillis) {
    /** A median interval down to 0.9 of a bar length still counts as that bar length. */
    public static final double SLACK = 0.9;

    public BarSpacing {
        if (intervals < 0 || medianMillis < 0 || (intervals == 0) != (medianMillis == 0)) {
            throw new IllegalArgumentException("spacing must have positive intervals and median, or none of either,"
                    + " but was " + intervals + " intervals of median " + medianMillis + " ms");
        }
    }

    /** The spacing of strictly increasing end times (epoch milliseconds). */
    public static BarSpacing of(long[] endEpochMillis) {
        int n = endEpochMillis.length;
        if (n < 2) {
            return new BarSpacing(0, 0);
        }
        long[] steps = new long[n - 1];
        for (int i = 1; i < n; i++) {
            steps[i - 1] = endEpochMillis[i] - endEpochMillis[i - 1];
            if (steps[i - 1] <= 0) {
                throw new IllegalArgumentException("end times must strictly increase but bar " + i + " ends "
                        + (steps[i - 1] == 0 ? "at the same time as" : "before") + " bar " + (i - 1));
            }
        }
        Arrays.sort(steps);
        return new BarSpacing(n - 1, steps[steps.length / 2]);
    }

    public static BarSpacing of(Bars bars) {
        return of(bars.endEpochMillis());
    }

    /** The timeframe this spacing says, or empty with fewer than two bars or bars closer than one minute. */
    public Optional<Timeframe> timeframe() {
        Timeframe found = null;
        for (Timeframe tf : Timeframe.values()) { // shortest first
            if (intervals > 0 && tf.duration().toMillis() * SLACK <= medianMillis) {
                found = tf;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The timeframe this spacing says.
     *
     * @throws IllegalArgumentException with fewer than two bars (nothing to tell from) or bars closer than the
     *                                  shortest timeframe, saying so
     */
    public Timeframe inferred() {
        return timeframe()
                .orElseThrow(() -> new IllegalArgumentException(
                        intervals == 0
                                ? "cannot infer the timeframe from a single bar: state it"
                                : describe() + ", closer than the shortest timeframe " + Timeframe.values()[0]));
    }

    /** Null when {@code stated} fits this spacing (always, with fewer than two bars), else why not. */
    public String contradiction(Timeframe stated) {
        if (intervals == 0) {
            return null;
        }
        Optional<Timeframe> spaced = timeframe();
        if (spaced.isPresent() && spaced.get() == stated) {
            return null;
        }
        return describe()
                + (spaced.map(tf -> ": that is " + tf + " bars, not the stated " + stated)
                        .orElse(": closer than " + stated + " bars can be"));
    }

    /** E.g. "the bars are 1 h apart (median of 47 intervals)". */
    public String describe() {
        return "the bars are " + Spans.of(medianMillis) + " apart (median of " + intervals + " interval"
                + (intervals == 1 ? "" : "s") + ")";
    }
}
