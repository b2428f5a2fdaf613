package io.seedgrid.validation;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.BaseSeed;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;

/** A seed that loads fine (name, type, genes) but throws whenever it is asked for signals, like a missing model file. */
final class ThrowingSeed extends BaseSeed {
    ThrowingSeed() {
        super(
                "ThrowingTestSeed",
                SeedType.MOMENTUM,
                DataRequirement.IMMEDIATE,
                "throws on every signal request",
                GeneSpec.integer("period", 2, 20, 10));
    }

    @Override
    public int warmup(double[] genes) {
        return (int) genes[0];
    }

    @Override
    public double[] signals(SeedContext ctx, double[] genes) {
        throw new IllegalStateException("model file missing");
    }
}
