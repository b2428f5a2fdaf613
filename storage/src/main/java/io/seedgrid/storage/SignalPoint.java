package io.seedgrid.storage;

import java.time.Instant;

/**
 * A strategy's signal at one time: by convention a position in [-1, 1] (short .. long), any finite value is kept.
 *
 * @param time  when the signal holds (stored to the millisecond)
 * @param value the signal, finite
 */
public record SignalPoint(Instant time, double value) {
    public SignalPoint {
        time = Checks.millis("time", time);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("signal value must be finite but was " + value + " at " + time);
        }
    }
}
