package io.seedgrid.strategies;

import java.time.Instant;
import java.util.Objects;

/**
 * A strategy's signal at one bar and the position it asks for.
 *
 * @param time     the bar's end time
 * @param signal   the blended signal in [-1, 1]: exactly what the backtest used at this bar
 * @param position the position to hold from this bar's close to the next: 1 long, 0 flat, -1 short (by the
 *                 strategy's entry and exit thresholds, replayed over the stored signals from the first)
 */
public record LiveSignal(Instant time, double signal, int position) {
    public LiveSignal {
        Objects.requireNonNull(time, "time");
        if (position < -1 || position > 1) {
            throw new IllegalArgumentException("position must be -1, 0 or 1 but was " + position);
        }
    }
}
