package io.seedgrid.seeds.gating;

import io.seedgrid.seeds.seed.SeedType;

/**
 * The data-sufficiency verdict for one seed on one symbol's bars.
 *
 * @param seed           the seed's name
 * @param type           its type
 * @param recommendation the verdict
 * @param dataPoints     the bars available
 * @param threshold      the bars for the seed's best verdict (20, 50 or 500)
 * @param barsForGenes   the bars its genes need: warm-up plus {@value DataSufficiency#MIN_SIGNAL_BARS} signal bars
 * @param reason         why, in words
 */
public record GateDecision(
        String seed,
        SeedType type,
        Recommendation recommendation,
        int dataPoints,
        int threshold,
        int barsForGenes,
        String reason) {

    /**
     * The deployment guide's {@code threshold_met}: the recommendation is not INSUFFICIENT_DATA. True for
     * DEPLOY_CAUTIOUS and DEPLOY_ACCEPTABLE below {@link #threshold()}, and for DELAY_DEPLOYMENT, which is not
     * {@link #eligible()}.
     */
    public boolean thresholdMet() {
        return recommendation != Recommendation.INSUFFICIENT_DATA;
    }

    /** Whether the seed may be deployed or evolved on these bars: not DELAY_DEPLOYMENT, not INSUFFICIENT_DATA. */
    public boolean eligible() {
        return recommendation.deployable();
    }
}
