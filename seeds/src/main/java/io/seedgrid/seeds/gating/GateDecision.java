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
 * @param thresholdMet   {@code dataPoints >= threshold}
 * @param barsForGenes   the bars its genes need: warm-up plus {@value DataSufficiency#MIN_SIGNAL_BARS} signal bars
 * @param reason         why, in words
 */
public record GateDecision(String seed, SeedType type, Recommendation recommendation, int dataPoints, int threshold,
        boolean thresholdMet, int barsForGenes, String reason) {

    /** Whether the seed may be deployed or evolved on these bars. */
    public boolean eligible() {
        return recommendation.deployable();
    }
}
