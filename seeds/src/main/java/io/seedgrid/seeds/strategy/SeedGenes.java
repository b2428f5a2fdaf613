package io.seedgrid.seeds.strategy;

import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import java.util.Objects;

/**
 * One seed in a blend: its genes (checked against the seed's ranges) and its weight in [0, 1].
 */
public final class SeedGenes {
    private final Seed seed;
    private final double[] genes;
    private final double weight;

    public SeedGenes(Seed seed, double[] genes, double weight) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.genes = Genes.require(seed.genes(), genes.clone());
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight of " + seed.name() + " must lie in [0, 1] but was " + weight);
        }
        this.weight = weight;
    }

    public Seed seed() {
        return seed;
    }

    public double[] genes() {
        return genes.clone();
    }

    public double weight() {
        return weight;
    }

    public int warmup() {
        return seed.warmup(genes);
    }

    /** {@code EMACrossoverSeed(fast=12,slow=26) x 0.50}. */
    @Override
    public String toString() {
        return seed.name() + "(" + Genes.format(seed.genes(), genes) + ") x " + String.format(java.util.Locale.ROOT, "%.2f", weight);
    }

    double[] signals(io.seedgrid.seeds.seed.SeedContext ctx) {
        return seed.signals(ctx, genes);
    }
}
