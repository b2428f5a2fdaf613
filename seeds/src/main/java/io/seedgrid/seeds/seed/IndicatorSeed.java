package io.seedgrid.seeds.seed;

import io.seedgrid.seeds.gene.GeneSpec;

/**
 * A seed computed bar by bar from the shared {@link Indicators}: it writes its signal straight into the caller's
 * array, and a fresh array is only made for callers that ask for one.
 */
public abstract class IndicatorSeed extends BaseSeed {

    protected IndicatorSeed(
            String name, SeedType type, DataRequirement requirement, String description, GeneSpec... genes) {
        super(name, type, requirement, description, genes);
    }

    @Override
    public final double[] signals(SeedContext ctx, double[] genes) {
        double[] signal = new double[ctx.size()];
        signals(ctx, genes, signal);
        return signal;
    }

    /** Writes every one of the {@code ctx.size()} values of {@code into} (0 where the seed has no opinion). */
    @Override
    public abstract void signals(SeedContext ctx, double[] genes, double[] into);

    /** Checks that {@code into} has one value per bar of {@code ctx}. */
    protected static double[] requireBars(SeedContext ctx, double[] into) {
        if (into.length != ctx.size()) {
            throw new IllegalArgumentException("into has " + into.length + " values for " + ctx.size() + " bars");
        }
        return into;
    }
}
