package io.seedgrid.evolution.run;

import io.seedgrid.seeds.market.SpreadEstimates;
import java.util.Objects;

/**
 * Where a run's slippage came from: given, or half the spread estimated from bars, with the estimates and which bars.
 *
 * @param estimated whether the slippage is half the estimated spread (else it was given)
 * @param spreads   the spread estimates on {@code bars} (computed either way, for the report)
 * @param bars      the bars they were estimated on, in words, e.g. {@code the run's in-sample bars}
 */
public record SlippageBasis(boolean estimated, SpreadEstimates spreads, String bars) {
    public SlippageBasis {
        Objects.requireNonNull(spreads, "spreads");
        Objects.requireNonNull(bars, "bars");
    }

    /** {@code auto: half the spread, median of ... bps, on the run's in-sample bars}, or {@code fixed}. */
    public String describe() {
        return estimated ? "auto: half the spread, " + spreads.choice() + ", on " + bars : "fixed";
    }
}
