package io.seedgrid.strategies;

import java.time.Instant;
import java.util.Objects;

/**
 * A strategy's signal at one bar and the position it asks for.
 *
 * @param time     the bar's end time
 * @param signal   the blended signal in [-1, 1]: exactly what the backtest used at this bar
 * @param position the position decided at this bar's close: 1 long, 0 flat, -1 short (by the strategy's entry and
 *                 exit thresholds, replayed over the stored signals from the first). It is taken as the strategy's
 *                 fill says ({@code definition().settings().fill()}): with next-open, at the open of the next bar, so
 *                 the position held during bar t+1 after its open is the one decided at t; with next-close, at the
 *                 next bar's close; with close (optimistic), at this very close.
 * @param share    the share of the strategy name's capital this version carried when the position was decided (its
 *                 lifecycle entries before this bar's end; a step decided on this bar's evidence applies from the
 *                 next signal): a CANARY its step's, the PRODUCTION version the rest, any other version 0. A
 *                 consumer trades {@code share x position} of each version.
 */
public record LiveSignal(Instant time, double signal, int position, double share) {
    public LiveSignal {
        Objects.requireNonNull(time, "time");
        if (position < -1 || position > 1) {
            throw new IllegalArgumentException("position must be -1, 0 or 1 but was " + position);
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must lie in [0, 1] but was " + share);
        }
    }
}
