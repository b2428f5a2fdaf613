package io.seedgrid.seeds.gating;

import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.Seed;
import java.util.List;

/** Decides, from the bars available, whether each seed may be deployed or evolved on a symbol, and says why. */
public final class DataSufficiency {
    /** Signal bars a seed must have after its warm-up to say anything. */
    public static final int MIN_SIGNAL_BARS = 2;

    private DataSufficiency() {}

    /** The guide's verdict for {@code bars} bars under {@code requirement}, before any gene-specific check. */
    public static Recommendation recommend(DataRequirement requirement, int bars) {
        int full = requirement.threshold();
        int minimum = requirement.minimum();
        return switch (requirement) {
            case IMMEDIATE -> bars >= full ? Recommendation.DEPLOY_IMMEDIATE : Recommendation.INSUFFICIENT_DATA;
            case PATTERN ->
                bars >= full
                        ? Recommendation.DEPLOY_RECOMMENDED
                        : bars >= minimum ? Recommendation.DEPLOY_CAUTIOUS : Recommendation.INSUFFICIENT_DATA;
            case MACHINE_LEARNING ->
                bars >= full
                        ? Recommendation.DEPLOY_OPTIMAL
                        : bars >= minimum ? Recommendation.DEPLOY_ACCEPTABLE : Recommendation.DELAY_DEPLOYMENT;
        };
    }

    /**
     * The verdict for {@code seed} itself on {@code bars} bars: may it be evolved here at all? Judged with its
     * shortest genes (every gene at its minimum), since evolution is free to choose them; a genome that needs more
     * bars than there are then only scores badly. To judge one strategy, pass its genes.
     */
    public static GateDecision assess(Seed seed, int bars) {
        return assess(seed, bars, shortestGenes(seed));
    }

    /** Every gene at the bottom of its range: the genes with the shortest warm-up. */
    public static double[] shortestGenes(Seed seed) {
        return seed.genes().stream().mapToDouble(spec -> spec.min()).toArray();
    }

    /**
     * The verdict for {@code seed} with {@code genes} on {@code bars} bars: the guide's verdict for the seed's
     * requirement, overruled by INSUFFICIENT_DATA when the genes' warm-up leaves fewer than
     * {@link #MIN_SIGNAL_BARS} bars of signal.
     */
    public static GateDecision assess(Seed seed, int bars, double[] genes) {
        if (bars < 0) {
            throw new IllegalArgumentException("bars must be >= 0 but was " + bars);
        }
        DataRequirement requirement = seed.dataRequirement();
        Recommendation recommendation = recommend(requirement, bars);
        int needed = seed.warmup(genes) + MIN_SIGNAL_BARS;
        String reason;
        if (!recommendation.deployable()) {
            reason = bars + " bars < " + requirement.minimum() + " needed to deploy "
                    + requirement.name().toLowerCase().replace('_', ' ') + " seeds";
        } else if (bars < needed) {
            recommendation = Recommendation.INSUFFICIENT_DATA;
            reason = "its genes need " + needed + " bars (warm-up " + (needed - MIN_SIGNAL_BARS) + " + "
                    + MIN_SIGNAL_BARS + " signal bars) but only " + bars + " are available";
        } else {
            reason = switch (recommendation) {
                case DEPLOY_CAUTIOUS ->
                    bars + " bars: enough to run, fewer than the " + requirement.threshold() + " recommended";
                case DEPLOY_ACCEPTABLE ->
                    bars + " bars: enough to train, fewer than the " + requirement.threshold() + " optimal";
                default -> bars + " bars >= " + requirement.threshold();
            };
        }
        return new GateDecision(
                seed.name(), seed.type(), recommendation, bars, requirement.threshold(), needed, reason);
    }

    /** The seed-level verdicts of every seed in {@code seeds}, in order (see {@link #assess(Seed, int)}). */
    public static List<GateDecision> table(List<Seed> seeds, int bars) {
        return seeds.stream().map(seed -> assess(seed, bars)).toList();
    }
}
