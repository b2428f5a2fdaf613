package io.seedgrid.seeds.strategy;

import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Arrays;
import java.util.Locale;
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

    /** Equal when the seed, every gene and the weight are equal (bit for bit): what decides the signal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SeedGenes g
                && seed.name().equals(g.seed.name())
                && Arrays.equals(genes, g.genes)
                && Double.compare(weight, g.weight) == 0;
    }

    @Override
    public int hashCode() {
        return (seed.name().hashCode() * 31 + Arrays.hashCode(genes)) * 31 + Double.hashCode(weight);
    }

    /** {@code EMACrossoverSeed(fast=12,slow=26) x 0.50}: rounded, for people; equality is exact. */
    @Override
    public String toString() {
        return seed.name() + "(" + Genes.format(seed.genes(), genes) + ") x "
                + String.format(Locale.ROOT, "%.2f", weight);
    }

    double[] signals(SeedContext ctx) {
        return seed.signals(ctx, genes);
    }

    void signals(SeedContext ctx, double[] into) {
        seed.signals(ctx, genes, into);
    }
}
