package io.seedgrid.seeds.market;

import java.util.Objects;

/**
 * One estimate of the effective bid-ask spread from bars.
 *
 * @param estimator    the estimator's name, e.g. {@code Roll}
 * @param spreadBps    the estimated effective spread (round trip, ask minus bid) in basis points of price; NaN when
 *                     the estimator is undefined on these bars
 * @param observations how many observations (serial pairs of changes, or pairs of bars) the estimate averages
 * @param note         what the estimate rests on, or why it is undefined
 */
public record SpreadEstimate(String estimator, double spreadBps, int observations, String note) {

    public SpreadEstimate {
        if (estimator == null || estimator.isBlank()) {
            throw new IllegalArgumentException("estimator must be named but was '" + estimator + "'");
        }
        // NaN is the one allowed non-number: it marks an undefined estimate.
        if (!Double.isNaN(spreadBps) && !(spreadBps >= 0 && spreadBps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("spread of " + estimator + " must be NaN (undefined) or a finite number "
                    + ">= 0 bps but was " + spreadBps);
        }
        if (observations < 0) {
            throw new IllegalArgumentException(
                    "observations of " + estimator + " must be >= 0 but was " + observations);
        }
        Objects.requireNonNull(note, "note");
    }

    static SpreadEstimate undefined(String estimator, int observations, String why) {
        return new SpreadEstimate(estimator, Double.NaN, observations, why);
    }

    /** Whether the estimator gave a number on these bars. */
    public boolean defined() {
        return !Double.isNaN(spreadBps);
    }
}
